#include "scanner/core/line_index.h"

#include <algorithm>
#include <cstring>

#include "scanner/core/utf8.h"

namespace blastradius {

LineIndex::LineIndex(std::string_view text, Breaks breaks) : text_(text) {
  starts_.push_back(0);
  if (breaks == Breaks::kAny && text.find('\r') != std::string_view::npos) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
        starts_.push_back(i + 1);
    }
    return;
  }
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<size_t>(p - text.data()));
  }
}

void LineIndex::Position(size_t offset, uint32_t* line, uint32_t* column) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t idx = static_cast<size_t>(it - starts_.begin()) - 1;
  *line = static_cast<uint32_t>(idx + 1);
  *column = static_cast<uint32_t>(offset - starts_[idx] + 1);
}

uint32_t LineIndex::CodePointColumn(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t start = *(it - 1);
  return static_cast<uint32_t>(CountCodePoints(text_.substr(start, offset - start)) + 1);
}

size_t CountCodePoints(std::string_view bytes) {
  size_t count = 0;
  DecodeUtf8(bytes, [&](uint32_t) { ++count; });
  return count;
}

std::string_view LineIndex::Line(uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  size_t b = starts_[line - 1];
  size_t e = line < starts_.size() ? starts_[line] - 1 : text_.size();
  // starts_[line] - 1 is the LF or lone CR ending the line; drop CR of CRLF.
  if (e > b && text_[e - 1] == '\r') --e;
  return text_.substr(b, e - b);
}

size_t LineStartAt(std::string_view text, size_t offset) {
  if (offset == 0) return 0;
  const size_t nl = text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

std::string_view LinesAround(std::string_view text, size_t begin, size_t end) {
  const size_t b = LineStartAt(text, begin);
  size_t e = text.find('\n', end);
  if (e == std::string_view::npos) e = text.size();
  return text.substr(b, e - b);
}

}  // namespace blastradius
