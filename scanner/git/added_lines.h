// AddedLines: the lines of a post-image blob that a change added, as sorted
// 1-based inclusive ranges, and the parser that reads them from
// `git diff -U0` output. A diff source (scan --staged, scan --diff) attaches
// them to each blob so that only added or changed lines are reported.
#ifndef BLASTRADIUS_GIT_ADDED_LINES_H_
#define BLASTRADIUS_GIT_ADDED_LINES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace blastradius {

struct LineRange {
  uint32_t first = 0;  // 1-based
  uint32_t last = 0;   // inclusive
  bool operator==(const LineRange&) const = default;
};

class AddedLines {
 public:
  // Ranges must come in increasing order (as git prints hunks); touching or
  // overlapping ranges are merged.
  void Add(uint32_t first, uint32_t last);
  bool Contains(uint32_t line) const { return Intersects(line, line); }
  // True when any line of [first, last] was added (a secret spanning lines).
  bool Intersects(uint32_t first, uint32_t last) const;
  bool empty() const { return ranges_.empty(); }
  const std::vector<LineRange>& ranges() const { return ranges_; }

 private:
  std::vector<LineRange> ranges_;
};

// Incremental parser of `git diff -U0 --src-prefix=a/ --dst-prefix=b/`
// output, fed one line at a time (without '\n'), then Finish(). Files are
// keyed by their post-image path ("rename to" wins over the header, so -M
// output works); a file whose header was seen but that has no hunk (pure
// rename, mode change, empty new file) maps to an empty AddedLines.
class UnifiedDiffParser {
 public:
  void Line(std::string_view line);
  void Finish();
  std::unordered_map<std::string, AddedLines>& files() { return files_; }

 private:
  AddedLines* Current();

  bool in_header_ = false;  // between "diff --git" and the first hunk
  bool have_path_ = false;
  std::string path_;
  AddedLines* current_ = nullptr;
  std::unordered_map<std::string, AddedLines> files_;
};

// Parses a whole diff (tests, small inputs).
std::unordered_map<std::string, AddedLines> ParseUnifiedDiff(std::string_view diff);

// The post-image path of a `diff --git a/P b/P` header, handling git's
// C-style quoting. Unquoted headers are split in the middle, which is right
// when both sides are the same path (renames are taken from "rename to").
bool ParseDiffGitHeader(std::string_view line, std::string* path);

// Undoes git's C-style path quoting ("a\tb\303\251" -> bytes). `quoted`
// includes the surrounding double quotes.
bool UnquoteGitPath(std::string_view quoted, std::string* out);

// Blob::added_lines is proposed to the pipeline owner; until that field
// exists this is a no-op, afterwards it sets it.
template <typename BlobT>
void AttachAddedLines(BlobT& blob, const AddedLines* lines) {
  if constexpr (requires { blob.added_lines = lines; }) blob.added_lines = lines;
}

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_ADDED_LINES_H_
