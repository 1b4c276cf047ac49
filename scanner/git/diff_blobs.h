// The machinery shared by the git diff sources (scan --staged, scan --diff):
// list the changed paths with a raw diff, compute the added line ranges with
// a -U0 patch of the same diff, then stream the post-image blobs through one
// `git cat-file --batch` process and hand the text ones to the visitor.
#ifndef BLASTRADIUS_GIT_DIFF_BLOBS_H_
#define BLASTRADIUS_GIT_DIFF_BLOBS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/status.h"
#include "scanner/git/added_lines.h"
#include "scanner/git/git_process.h"
#include "scanner/source/blob.h"

namespace blastradius {

class PathFilter;

// One line of `git diff-* --raw -z` output (post-image side).
struct RawDiffEntry {
  std::string path;  // repository-relative
  std::string mode;  // post-image mode: 100644, 100755, 120000, 160000
  std::string id;    // post-image object id
  char status = 0;   // A, C, M, R, T, ...
};

// The fields of a raw diff entry's metadata after its ':' ("old_mode
// new_mode old_id new_id status[score]"); false unless there are five and
// the status is not empty.
bool SplitRawDiffFields(std::string_view meta, std::array<std::string_view, 5>* fields);

// Parses NUL-terminated raw diff output (":old new oldid newid S\0path\0").
Status ParseRawDiff(const std::string& raw, std::vector<RawDiffEntry>* out);

struct DiffBlobsSpec {
  std::string dir;                      // git runs here (`git -C dir`)
  std::vector<std::string> raw_args;    // git arguments printing --raw -z
  std::vector<std::string> patch_args;  // the same diff as a -U0 patch
  Exposure exposure = Exposure::kStaged;
  std::string commit;                  // Blob::commit
  const PathFilter* filter = nullptr;  // may be null
  uint64_t max_file_size = 10 * 1024 * 1024;
  bool only_added_lines = true;  // compute and attach AddedLines
};

// The listing and (with only_added_lines) the patch of a diff, started and
// not yet read: a source may start them early, while the signatures load.
// Destroying it stops both.
struct StartedDiff {
  std::unique_ptr<GitProcess> raw;    // spec.raw_args
  std::unique_ptr<GitProcess> patch;  // spec.patch_args; null without only_added_lines
};

// Starts the two diff gits of `spec`.
Status StartDiff(const DiffBlobsSpec& spec, StartedDiff* out);

// Runs the three git commands and visits every text blob. The added line
// ranges stay readable through `added` (may be null) after the call.
Status RunDiffBlobs(const DiffBlobsSpec& spec, const BlobVisitor& visit, SourceCounters& counters,
                    Diagnostics& diag, std::unordered_map<std::string, AddedLines>* added);
// The same with the diff gits already started (StartDiff of the same spec).
Status RunDiffBlobs(const DiffBlobsSpec& spec, StartedDiff started, const BlobVisitor& visit,
                    SourceCounters& counters, Diagnostics& diag,
                    std::unordered_map<std::string, AddedLines>* added);

// Patch arguments common to both sources: -U0, no color/ext-diff/textconv,
// every file as text, fixed a/ b/ prefixes, no hunk merging.
std::vector<std::string> PatchFlags();

// Whether `path` (repository-relative) or one of its directories is
// excluded by `filter` (null: nothing is).
bool PathExcluded(const PathFilter* filter, const std::string& path);

// The empty tree of the repository's hash algorithm.
Status EmptyTreeId(const std::string& dir, std::string* id);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_DIFF_BLOBS_H_
