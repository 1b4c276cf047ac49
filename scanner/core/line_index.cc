#include "scanner/core/line_index.h"

#include <algorithm>
#include <cstring>

namespace blastradius {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
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
  size_t count = 0, needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const unsigned b = static_cast<unsigned char>(bytes[i]);
    if (needed == 0) {
      ++count;  // a code point (or U+FFFD) starts here
      if (b <= 0x7F) continue;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;
      }  // else: an invalid byte, one U+FFFD
      seen = 0;
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far was one U+FFFD; this byte starts anew.
      needed = 0;
      lower = 0x80;
      upper = 0xBF;
      --i;
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    if (++seen == needed) needed = 0;
  }
  return count;
}

std::string_view LineIndex::Line(uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  size_t b = starts_[line - 1];
  size_t e = line < starts_.size() ? starts_[line] - 1 : text_.size();
  if (e > b && text_[e - 1] == '\r') --e;
  return text_.substr(b, e - b);
}

}  // namespace blastradius
