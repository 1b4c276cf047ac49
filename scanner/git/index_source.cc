#include "scanner/git/index_source.h"

#include "scanner/git/diff_blobs.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"

namespace blastradius {

const AddedLines* GitIndexSource::AddedLinesFor(const std::string& path) const {
  auto it = added_.find(path);
  return it == added_.end() ? nullptr : &it->second;
}

Status GitIndexSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  if (Status s = WorkTreeTop(options_.repo, &top_); !s.ok()) return s;
  // The commit being made is compared with HEAD, or with the empty tree
  // when HEAD is unborn (the first commit).
  std::string base, out;
  if (RunGitWithInput(top_, {"rev-parse", "--verify", "-q", "HEAD^{commit}"}, "", &out).ok() &&
      !out.empty()) {
    base = out.substr(0, out.find('\n'));
  } else if (Status s = EmptyTreeId(top_, &base); !s.ok()) {
    return s;
  }
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
  return RunDiffBlobs(spec, visit, counters, diag, &added_);
}

}  // namespace blastradius
