// GitHistorySource: `scan --history`. Every blob reachable from the chosen
// commits (all refs and every stash entry by default; --branch REF,
// --since-commit REF and --max-commits N narrow them) is read once, by
// object id, through one long-lived `git cat-file --batch`, and scanned once
// in parallel. Each blob carries every (path, commit) it was introduced at:
// the commits are walked oldest first (`git rev-list --reverse
// --topo-order`), their changes listed by one `git diff-tree --stdin -r
// --root -m --no-renames` stream, and the first commit that put a blob at a
// path wins. Paths are relative to the repository top (or the bare
// repository). Works on bare repositories; a shallow clone is scanned with
// ScanStats::history_partial set; submodules are skipped and counted;
// missing objects are counted and reported.
#ifndef BLASTRADIUS_GIT_HISTORY_SOURCE_H_
#define BLASTRADIUS_GIT_HISTORY_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scanner/source/blob.h"

namespace blastradius {

class PathFilter;

struct GitHistorySourceOptions {
  std::string repo = ".";              // a work tree, a directory inside one, or a bare repository
  std::string branch;                  // --branch REF: only commits reachable from REF
  std::string since_commit;            // --since-commit REF: only commits not reachable from REF
  uint64_t max_commits = 0;            // --max-commits N: the N newest commits (0 = all)
  const PathFilter* filter = nullptr;  // must outlive Run()
  uint64_t max_file_size = 10 * 1024 * 1024;
};

class GitHistorySource : public ContentSource {
 public:
  explicit GitHistorySource(GitHistorySourceOptions options) : options_(std::move(options)) {}
  // Fails before any blob when `repo` is not a git repository ("PATH: not a
  // git repository") or a revision does not resolve.
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

 private:
  GitHistorySourceOptions options_;
};

// Checks that `dir` is a git repository (work tree or bare); the error names
// `dir`. `bare` (may be null) tells which.
Status CheckGitRepository(const std::string& dir, bool* bare);

// Runs two sources one after the other into the same visitor (the work tree
// and its history: one finding per secret with all its locations).
class SequenceSource : public ContentSource {
 public:
  SequenceSource(std::unique_ptr<ContentSource> first, std::unique_ptr<ContentSource> second)
      : first_(std::move(first)), second_(std::move(second)) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

 private:
  std::unique_ptr<ContentSource> first_, second_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_HISTORY_SOURCE_H_
