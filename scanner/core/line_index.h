// LineIndex: maps byte offsets in one blob to 1-based line and column.
// Built lazily: the line starts are found on the first query, so a blob
// whose candidates are all dropped before any needs a position is never
// indexed. Lines end at LF, CRLF or a lone CR (old Mac files), as an editor
// shows them; kLineFeed counts LF only, as git's diff hunks do.
#ifndef BLASTRADIUS_CORE_LINE_INDEX_H_
#define BLASTRADIUS_CORE_LINE_INDEX_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace blastradius {

class LineIndex {
 public:
  enum class Breaks { kAny, kLineFeed };
  // "text" must outlive this index. Not thread-safe, queries included (the
  // first one builds the index): one thread at a time.
  explicit LineIndex(std::string_view text, Breaks breaks = Breaks::kAny) : text_(text), breaks_(breaks) {}

  // 1-based line and 1-based byte column of `offset` (offset <= size).
  void Position(size_t offset, uint32_t* line, uint32_t* column) const;
  // 1-based column of `offset` in Unicode code points: 1 + the code points
  // of its line that start before it. The text is read as UTF-8 the way
  // a SARIF viewer decodes the file (WHATWG: each maximal invalid
  // subsequence is one U+FFFD).
  uint32_t CodePointColumn(size_t offset) const;
  // The [begin, end) byte range of the 1-based line, without its newline.
  std::string_view Line(uint32_t line) const;
  size_t line_count() const { return Starts().size(); }
  // The start of the line holding `offset`.
  size_t LineStartOf(size_t offset) const;

 private:
  // The offset of the first byte of each line, found on the first call.
  const std::vector<size_t>& Starts() const;
  std::string_view text_;
  Breaks breaks_;
  mutable std::vector<size_t> starts_;  // empty until the first query
};

// The LF-terminated lines of one text, for queries in ascending order: each
// answer costs the bytes between it and the previous one, so the lines
// around N sorted candidates on one long line cost O(line) in all, not
// O(N x line) (a minified bundle of thousands of tokens). A query before the
// previous one is answered too, at LineStartAt's cost. Answers equal
// LineStartAt's and LinesAround's. Holds a view: "text" must outlive it; one
// per thread.
class LfLineCursor {
 public:
  explicit LfLineCursor(std::string_view text) : text_(text) {}
  // The start of the line holding `offset` (offset <= size).
  size_t LineStart(size_t offset);
  // The '\n' ending the line holding `offset`, or the text's size.
  size_t LineEnd(size_t offset);
  std::string_view LinesAround(size_t begin, size_t end);

 private:
  // Moves the cached line to the one holding `offset`.
  void Seek(size_t offset);
  std::string_view text_;
  size_t begin_ = 0, end_ = 0;  // the cached line [begin_, end_]: end_ is its '\n' or size
  bool valid_ = false;
};

// The offset where the LF-terminated line holding `offset` starts (just
// after the last '\n' before `offset`, or 0).
size_t LineStartAt(std::string_view text, size_t offset);
// The LF-terminated line(s) holding [begin, end), without the newlines.
std::string_view LinesAround(std::string_view text, size_t begin, size_t end);

// CodePointColumn for offsets in ascending order: counts from the previous
// answer when it is on the same line, so N candidates on one long line cost
// O(line), not O(N x line). Equal to LineIndex::CodePointColumn. One per
// thread; `lines` must outlive it.
class CodePointColumnCursor {
 public:
  explicit CodePointColumnCursor(const LineIndex& lines, std::string_view text)
      : lines_(lines), text_(text) {}
  uint32_t Column(size_t offset);

 private:
  const LineIndex& lines_;
  std::string_view text_;
  // A checkpoint: `points_` code points of its line lie before `at_`, which
  // starts a fresh decode (no sequence is cut there). `line_start_` is its line.
  size_t line_start_ = 0, at_ = 0, points_ = 0;
  bool valid_ = false;
};

// Code points in `bytes` read as UTF-8 (WHATWG decoder: each maximal invalid
// subsequence, and a truncated sequence at the end, counts as one U+FFFD).
size_t CountCodePoints(std::string_view bytes);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_LINE_INDEX_H_
