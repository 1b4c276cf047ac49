#include "scanner/git/index_source.h"

#include <atomic>

#include "scanner/git/diff_blobs.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"

namespace blastradius {

const AddedLines* GitIndexSource::AddedLinesFor(const std::string& path) const {
  auto it = added_.find(path);
  return it == added_.end() ? nullptr : &it->second;
}

void GitIndexSource::Prefetch() {
  if (prefetched_ || !WorkTreeTop(options_.repo, &top_).ok()) return;
  StartedDiff started;
  if (StartDiff(SpecAgainst("HEAD"), &started).ok()) prefetched_ = std::move(started);
}

Status GitIndexSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  if (Status s = WorkTreeTop(options_.repo, &top_); !s.ok()) return s;
  // The commit being made is compared with HEAD, which the diffs resolve
  // themselves (a separate rev-parse would be one more git to wait for on
  // every commit), or with the empty tree when HEAD is unborn (the first
  // commit): then the listing fails before any blob is read, and the diff
  // runs again against the empty tree.
  std::atomic<bool> visited{false};  // blobs are visited in parallel
  const BlobVisitor note_visit = [&](const Blob& blob) {
    visited.store(true, std::memory_order_relaxed);
    visit(blob);
  };
  const DiffBlobsSpec head = SpecAgainst("HEAD");
  StartedDiff started;
  Status status;
  if (prefetched_) {
    started = std::move(*prefetched_);
    prefetched_.reset();
  } else {
    status = StartDiff(head, &started);
  }
  if (status.ok()) status = RunDiffBlobs(head, std::move(started), note_visit, counters, diag, &added_);
  if (status.ok() || visited.load()) return status;
  std::string out;
  if (RunGitWithInput(top_, {"rev-parse", "--verify", "-q", "HEAD^{commit}"}, "", &out).ok() && !out.empty())
    return status;  // HEAD exists: the failure was something else
  std::string empty_tree;
  if (Status s = EmptyTreeId(top_, &empty_tree); !s.ok()) return s;
  return RunDiffBlobs(SpecAgainst(empty_tree), visit, counters, diag, &added_);
}

DiffBlobsSpec GitIndexSource::SpecAgainst(const std::string& base) const {
  DiffBlobsSpec spec;
  spec.dir = top_;
  spec.raw_args = {"diff-index",          "--cached", "--raw", "-z", "--no-renames",
                   "--diff-filter=ACMRT", base,       "--"};
  spec.patch_args = {"-c", "core.quotePath=false", "diff-index", "--cached"};
  for (auto& f : PatchFlags()) spec.patch_args.push_back(f);
  spec.patch_args.push_back(base);
  spec.patch_args.push_back("--");
  spec.exposure = Exposure::kStaged;
  spec.filter = options_.filter;
  spec.max_file_size = options_.max_file_size;
  spec.only_added_lines = options_.only_added_lines;
  return spec;
}

}  // namespace blastradius
