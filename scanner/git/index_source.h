// GitIndexSource: `scan --staged`, the content about to be committed. Reads
// the index through git, so GIT_INDEX_FILE is honoured (`git commit -a` and
// `git commit <paths>` point it at a temporary index while the pre-commit
// hook runs). Lists the changed paths with
//   git diff-index --cached --raw -z --no-renames --diff-filter=ACMRT <HEAD|empty tree>
// (HEAD first; the empty tree when HEAD does not resolve, the first commit)
// skips submodules (160000), symlinks (120000), binaries and files over the
// size limit, streams the blobs through one `git cat-file --batch`, and
// attaches the added line ranges of `git diff-index --cached -p -U0` so that
// only added or changed lines are reported. Blob::path is relative to the
// repository top; exposure is kStaged.
#ifndef BLASTRADIUS_GIT_INDEX_SOURCE_H_
#define BLASTRADIUS_GIT_INDEX_SOURCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "scanner/git/added_lines.h"
#include "scanner/git/diff_blobs.h"
#include "scanner/git/git_process.h"
#include "scanner/source/blob.h"

namespace blastradius {

class PathFilter;

struct GitIndexSourceOptions {
  std::string repo = ".";              // any directory of the work tree
  const PathFilter* filter = nullptr;  // --exclude globs; must outlive Run()
  uint64_t max_file_size = 10 * 1024 * 1024;
  bool only_added_lines = true;  // false: whole staged files count
};

class GitIndexSource : public ContentSource {
 public:
  explicit GitIndexSource(GitIndexSourceOptions options) : options_(std::move(options)) {}
  // Starts the diff against HEAD (the common case) so that git works while
  // the signatures load; Run() reads it. Does nothing when that cannot start
  // (Run() then reports why).
  void Prefetch() override;
  // Fails (before any blob) when `repo` is not in a git work tree.
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

  // After Run(): the repository top, and the added lines of a path (null:
  // unknown, every line counts).
  const std::string& top() const { return top_; }
  const AddedLines* AddedLinesFor(const std::string& path) const;

 private:
  // The diff of the index against `base` (a tree-ish).
  DiffBlobsSpec SpecAgainst(const std::string& base) const;

  GitIndexSourceOptions options_;
  std::string top_;
  std::unordered_map<std::string, AddedLines> added_;
  std::optional<StartedDiff> prefetched_;  // Prefetch()'s gits, until Run()
};

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_INDEX_SOURCE_H_
