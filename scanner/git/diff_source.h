// GitDiffSource: `scan --diff BASE..HEAD` and `scan --since-commit REF`
// (= REF..HEAD). Visits the post-image blobs of the files changed between
// two revisions (`git diff-tree -r --raw -z --no-renames --diff-filter=ACMRT
// BASE HEAD`) with the added line ranges of that diff attached, so only
// lines the range added are reported. Exposure is kHistory and Blob::commit
// is the resolved HEAD commit. Paths are relative to the repository top.
// Then each commit of the range on its own: a secret one commit added and a
// later one removed (absent from the net diff) is visited with the adding
// commit as its origin and BlobOrigin::removed_later set.
#ifndef BLASTRADIUS_GIT_DIFF_SOURCE_H_
#define BLASTRADIUS_GIT_DIFF_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "scanner/git/added_lines.h"
#include "scanner/source/blob.h"

namespace blastradius {

class PathFilter;

struct RevisionRange {
  std::string base;  // as given, e.g. "origin/main"
  std::string head = "HEAD";
  bool merge_base = false;  // "A...B": diff from the merge base of A and B
};

// Parses "A..B", "A...B", "A.." (B = HEAD) and "A" (= A..HEAD). An empty
// side or a revision starting with '-' is an error naming the spec.
Status ParseRevisionRange(std::string_view spec, RevisionRange* out);

struct GitDiffSourceOptions {
  std::string repo = ".";
  RevisionRange range;
  const PathFilter* filter = nullptr;  // must outlive Run()
  uint64_t max_file_size = 10 * 1024 * 1024;
  bool only_added_lines = true;
};

class GitDiffSource : public ContentSource {
 public:
  explicit GitDiffSource(GitDiffSourceOptions options) : options_(std::move(options)) {}
  // Fails before any blob when a revision does not resolve: "unknown
  // revision 'nope' (in /repo)".
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

  // After Run().
  const std::string& top() const { return top_; }
  const std::string& base_id() const { return base_id_; }
  const std::string& head_commit() const { return head_commit_; }
  const AddedLines* AddedLinesFor(const std::string& path) const;

 private:
  Status RunCommitByCommit(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag);

  GitDiffSourceOptions options_;
  std::string top_, base_id_, head_commit_;
  std::unordered_map<std::string, AddedLines> added_;
};

// Resolves `rev` to a full object id of a commit (or, with `allow_tree`, a
// tree such as the empty tree). The error names the revision.
Status ResolveRevision(const std::string& dir, const std::string& rev, bool allow_tree, std::string* id);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_DIFF_SOURCE_H_
