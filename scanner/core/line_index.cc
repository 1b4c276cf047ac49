#include "scanner/core/line_index.h"

#include <algorithm>
#include <cstring>

#include "scanner/core/utf8.h"

namespace blastradius {

const std::vector<size_t>& LineIndex::Starts() const {
  if (!starts_.empty()) return starts_;  // built: every text has a first line
  const std::string_view text = text_;
  starts_.push_back(0);
  if (breaks_ == Breaks::kAny && text.find('\r') != std::string_view::npos) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
        starts_.push_back(i + 1);
    }
    return starts_;
  }
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<size_t>(p - text.data()));
  }
  return starts_;
}

void LineIndex::Position(size_t offset, uint32_t* line, uint32_t* column) const {
  const std::vector<size_t>& starts = Starts();
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  size_t idx = static_cast<size_t>(it - starts.begin()) - 1;
  *line = static_cast<uint32_t>(idx + 1);
  *column = static_cast<uint32_t>(offset - starts[idx] + 1);
}

size_t LineIndex::LineStartOf(size_t offset) const {
  const std::vector<size_t>& starts = Starts();
  return *(std::upper_bound(starts.begin(), starts.end(), offset) - 1);
}

uint32_t LineIndex::CodePointColumn(size_t offset) const {
  size_t start = LineStartOf(offset);
  return static_cast<uint32_t>(CountCodePoints(text_.substr(start, offset - start)) + 1);
}

namespace {
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

uint32_t CodePointColumnCursor::Column(size_t offset) {
  const size_t start = lines_.LineStartOf(offset);
  if (!valid_ || start != line_start_ || offset < at_) {
    line_start_ = at_ = start;
    points_ = 0;
    valid_ = true;
  }
  // A decode split before a byte that is no continuation byte counts what
  // one decode would: that byte ends any sequence in progress and is read
  // afresh (WHATWG), and a sequence cut short at the split's end counts as
  // the one U+FFFD it becomes there.
  const size_t points = points_ + CountCodePoints(text_.substr(at_, offset - at_));
  if (offset == text_.size() || !IsContinuationByte(text_[offset])) {
    at_ = offset;
    points_ = points;
  }
  return static_cast<uint32_t>(points + 1);
}

size_t CountCodePoints(std::string_view bytes) {
  size_t count = 0;
  DecodeUtf8(bytes, [&](uint32_t) { ++count; });
  return count;
}

std::string_view LineIndex::Line(uint32_t line) const {
  const std::vector<size_t>& starts = Starts();
  if (line == 0 || line > starts.size()) return {};
  size_t b = starts[line - 1];
  size_t e = line < starts.size() ? starts[line] - 1 : text_.size();
  // starts_[line] - 1 is the LF or lone CR ending the line; drop CR of CRLF.
  if (e > b && text_[e - 1] == '\r') --e;
  return text_.substr(b, e - b);
}

size_t LineStartAt(std::string_view text, size_t offset) {
  if (offset == 0) return 0;
  const void* nl = memrchr(text.data(), '\n', offset);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : 0;
}

namespace {
// The '\n' at or after `offset`, or the text's size.
size_t NewlineFrom(std::string_view text, size_t offset) {
  if (offset >= text.size()) return text.size();
  const void* nl = std::memchr(text.data() + offset, '\n', text.size() - offset);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
}
}  // namespace

void LfLineCursor::Seek(size_t offset) {
  if (valid_ && offset >= begin_ && offset <= end_) return;
  if (valid_ && offset > end_) {
    // text_[end_] is a '\n' before `offset`: the line starts after the last
    // one in [end_, offset), found without reading what lies before end_.
    const void* nl = memrchr(text_.data() + end_, '\n', offset - end_);
    begin_ = static_cast<size_t>(static_cast<const char*>(nl) - text_.data()) + 1;
  } else {
    begin_ = LineStartAt(text_, offset);
  }
  end_ = NewlineFrom(text_, offset);
  valid_ = true;
}

size_t LfLineCursor::LineStart(size_t offset) {
  Seek(offset);
  return begin_;
}

size_t LfLineCursor::LineEnd(size_t offset) {
  Seek(offset);
  return end_;
}

std::string_view LfLineCursor::LinesAround(size_t begin, size_t end) {
  const size_t b = LineStart(begin);
  const size_t e = LineEnd(end);
  return text_.substr(b, e - b);
}

std::string_view LinesAround(std::string_view text, size_t begin, size_t end) {
  const size_t b = LineStartAt(text, begin);
  size_t e = text.find('\n', end);
  if (e == std::string_view::npos) e = text.size();
  return text.substr(b, e - b);
}

}  // namespace blastradius
