// LineIndex: maps byte offsets in one blob to 1-based line and column.
// Built lazily, only for blobs that have findings. Lines end at LF, CRLF or
// a lone CR (old Mac files), as an editor shows them; kLineFeed counts LF
// only, as git's diff hunks do.
#ifndef BLASTRADIUS_CORE_LINE_INDEX_H_
#define BLASTRADIUS_CORE_LINE_INDEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace blastradius {

class LineIndex {
 public:
  enum class Breaks { kAny, kLineFeed };
  // "text" must outlive this index.
  explicit LineIndex(std::string_view text, Breaks breaks = Breaks::kAny);

  // 1-based line and 1-based byte column of `offset` (offset <= size).
  void Position(size_t offset, uint32_t* line, uint32_t* column) const;
  // 1-based column of `offset` in Unicode code points: 1 + the code points
  // of its line that start before it. The text is read as UTF-8 the way
  // a SARIF viewer decodes the file (WHATWG: each maximal invalid
  // subsequence is one U+FFFD).
  uint32_t CodePointColumn(size_t offset) const;
  // The [begin, end) byte range of the 1-based line, without its newline.
  std::string_view Line(uint32_t line) const;
  size_t line_count() const { return starts_.size(); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;  // offset of the first byte of each line
};

// The offset where the LF-terminated line holding `offset` starts (just
// after the last '\n' before `offset`, or 0).
size_t LineStartAt(std::string_view text, size_t offset);
// The LF-terminated line(s) holding [begin, end), without the newlines.
std::string_view LinesAround(std::string_view text, size_t begin, size_t end);

// Code points in `bytes` read as UTF-8 (WHATWG decoder: each maximal invalid
// subsequence, and a truncated sequence at the end, counts as one U+FFFD).
size_t CountCodePoints(std::string_view bytes);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_LINE_INDEX_H_
