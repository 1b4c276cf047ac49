#include "scanner/git/diff_source.h"

#include "scanner/git/diff_blobs.h"
#include "scanner/git/git_process.h"
#include "scanner/git/index_source.h"

namespace blastradius {
namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

Status ParseRevisionRange(std::string_view spec, RevisionRange* out) {
  *out = RevisionRange{};
  std::string s(spec);
  size_t dots = s.find("..");
  if (dots == std::string::npos) {
    out->base = s;
  } else {
    out->base = s.substr(0, dots);
    size_t rest = dots + 2;
    if (rest < s.size() && s[rest] == '.') {
      out->merge_base = true;
      ++rest;
    }
    std::string head = s.substr(rest);
    if (!head.empty()) out->head = head;
  }
  if (out->base.empty())
    return Status::InvalidArgument("'" + s + "': expected BASE..HEAD, BASE...HEAD or BASE");
  for (const std::string* r : {&out->base, &out->head}) {
    if ((*r)[0] == '-' || r->find("..") != std::string::npos)
      return Status::InvalidArgument("'" + s + "': bad revision '" + *r + "'");
  }
  return Status::Ok();
}

Status ResolveRevision(const std::string& dir, const std::string& rev, bool allow_tree, std::string* id) {
  if (rev.empty() || rev[0] == '-') return Status::InvalidArgument("bad revision '" + rev + "'");
  std::string out;
  if (RunGitWithInput(dir, {"rev-parse", "--verify", "-q", rev + "^{commit}"}, "", &out).ok() &&
      !out.empty()) {
    *id = FirstLine(out);
    return Status::Ok();
  }
  if (allow_tree && RunGitWithInput(dir, {"rev-parse", "--verify", "-q", rev + "^{tree}"}, "", &out).ok() &&
      !out.empty()) {
    *id = FirstLine(out);
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown revision '" + rev + "' (not a commit in " + dir + ")");
}

const AddedLines* GitDiffSource::AddedLinesFor(const std::string& path) const {
  auto it = added_.find(path);
  return it == added_.end() ? nullptr : &it->second;
}

Status GitDiffSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  if (Status s = GitWorkTreeTop(options_.repo, &top_); !s.ok()) return s;
  const RevisionRange& r = options_.range;
  if (Status s = ResolveRevision(top_, r.head, false, &head_commit_); !s.ok()) return s;
  if (Status s = ResolveRevision(top_, r.base, true, &base_id_); !s.ok()) return s;
  if (r.merge_base) {
    std::string out;
    if (!RunGitWithInput(top_, {"merge-base", base_id_, head_commit_}, "", &out).ok() || out.empty())
      return Status::InvalidArgument("'" + r.base + "..." + r.head + "': no merge base");
    base_id_ = FirstLine(out);
  }
  DiffBlobsSpec spec;
  spec.dir = top_;
  spec.raw_args = {"diff-tree",           "-r",     "--raw",      "-z", "--no-renames",
                   "--diff-filter=ACMRT", base_id_, head_commit_, "--"};
  spec.patch_args = {"-c", "core.quotePath=false", "diff-tree", "-r"};
  for (auto& f : PatchFlags()) spec.patch_args.push_back(f);
  spec.patch_args.insert(spec.patch_args.end(), {base_id_, head_commit_, "--"});
  spec.exposure = Exposure::kHistory;
  spec.commit = head_commit_;
  spec.filter = options_.filter;
  spec.max_file_size = options_.max_file_size;
  spec.only_added_lines = options_.only_added_lines;
  return RunDiffBlobs(spec, visit, counters, diag, &added_);
}

}  // namespace blastradius
