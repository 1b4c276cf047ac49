// Policy edits under review (policy_change.h).
#include "scanner/plan/policy_change.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "scanner/diag/diagnostics.h"
#include "scanner/git/diff_source.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"
#include "scanner/policy/baseline.h"

namespace blastradius {
namespace {

namespace fs = std::filesystem;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The commit id of `rev`, or "" when there is none (an unborn HEAD).
std::string Commit(const std::string& top, const std::string& rev) {
  std::string out;
  if (!RunGit(top, {"rev-parse", "--verify", "-q", "--end-of-options", rev + "^{commit}"}, &out).ok())
    return "";
  return Trim(out);
}

}  // namespace

std::string RepoRelativePath(const std::string& top, const std::string& path) {
  std::error_code ec;
  const fs::path t = fs::weakly_canonical(top, ec);
  if (ec) return "";
  const fs::path p = fs::weakly_canonical(path, ec);
  if (ec) return "";
  const fs::path rel = p.lexically_relative(t);
  if (rel.empty() || rel == "." || *rel.begin() == "..") return "";
  return rel.generic_string();
}

Status ReadPolicyFileAtBase(const std::string& top, const std::string& rel, const RevisionRange* range,
                            PolicyFileAtBase* out) {
  *out = PolicyFileAtBase{};
  std::string base, head;
  if (range == nullptr) {
    base = Commit(top, "HEAD");
  } else {
    base = Commit(top, range->base);
    head = Commit(top, range->head);
    if (base.empty() || head.empty()) return Status::InvalidArgument("--diff: cannot resolve the range");
    if (range->merge_base) {
      std::string mb;
      if (Status s = RunGit(top, {"merge-base", base, head}, &mb); !s.ok()) return s;
      base = Trim(mb);
    }
  }
  // Literal pathspecs: the path is data, never pathspec magic.
  std::vector<std::string> diff = {"--literal-pathspecs", "diff", "--name-only", "-z", "--no-renames"};
  if (range == nullptr) {
    if (base.empty()) {
      // No commit yet: everything in the index is new.
      std::string listed;
      if (Status s = RunGit(top, {"--literal-pathspecs", "ls-files", "-z", "--", rel}, &listed); !s.ok())
        return s;
      out->changed = !listed.empty();
      return Status::Ok();
    }
    diff.insert(diff.end(), {"--cached", base, "--", rel});
  } else {
    diff.insert(diff.end(), {base, head, "--", rel});
  }
  std::string names;
  if (Status s = RunGit(top, diff, &names); !s.ok()) return s;
  out->changed = !names.empty();
  if (!out->changed || base.empty()) return Status::Ok();
  std::string text;
  if (RunGit(top, {"cat-file", "blob", base + ":" + rel}, &text).ok()) {
    out->existed = true;
    out->text = std::move(text);
  }
  return Status::Ok();
}

size_t MergeHiddenFindings(const std::vector<Finding>& base, const std::string& note,
                           std::vector<Finding>* findings) {
  std::map<std::string, size_t> by_fingerprint;
  for (size_t i = 0; i < findings->size(); ++i) by_fingerprint.emplace((*findings)[i].fingerprint, i);
  size_t hidden = 0;
  for (const Finding& f : base) {
    auto it = by_fingerprint.find(f.fingerprint);
    if (it == by_fingerprint.end()) {
      Finding copy = f;
      copy.notes.push_back(note);
      findings->push_back(std::move(copy));
      ++hidden;
    } else if (Finding& now = (*findings)[it->second]; now.severity < f.severity) {
      now.severity = f.severity;
      now.notes.push_back(note);
      ++hidden;
    }
  }
  SortFindings(findings);
  return hidden;
}

Status CheckPolicyEdits(const ScanRequest& request, const std::string& top, const Config& config,
                        const std::string& baseline_path, const Baseline* baseline,
                        const ScanOptions& options, std::vector<Finding>* findings, PolicyEdit* out) {
  if (!(request.staged || !request.diff_range.empty()) || request.history || top.empty()) return Status::Ok();
  RevisionRange range;
  if (!request.diff_range.empty()) {
    if (Status s = ParseRevisionRange(request.diff_range, &range); !s.ok())
      return Status::InvalidArgument("--diff " + s.message());
  }
  const RevisionRange* rp = request.staged ? nullptr : &range;
  Config base_config = config;
  const Baseline* base_baseline = baseline;
  std::optional<Baseline> base_baseline_storage;
  std::vector<std::string> edited;
  if (!config.path.empty()) {
    if (std::string rel = RepoRelativePath(top, config.path); !rel.empty()) {
      PolicyFileAtBase at;
      if (Status s = ReadPolicyFileAtBase(top, rel, rp, &at); !s.ok()) return s;
      if (at.changed) {
        edited.push_back(config.path);
        base_config = Config{};
        Config parsed;
        const std::string dir = std::filesystem::path(config.path).parent_path().generic_string();
        // A base version that does not load is no policy at all.
        if (at.existed && ParseConfig(at.text, config.path, dir.empty() ? "." : dir, &parsed).ok())
          base_config = std::move(parsed);
      }
    }
  }
  if (!baseline_path.empty()) {
    if (std::string rel = RepoRelativePath(top, baseline_path); !rel.empty()) {
      PolicyFileAtBase at;
      if (Status s = ReadPolicyFileAtBase(top, rel, rp, &at); !s.ok()) return s;
      if (at.changed) {
        edited.push_back(baseline_path);
        base_baseline = nullptr;
        Baseline parsed;
        if (at.existed && Baseline::Parse(at.text, baseline_path, &parsed).ok()) {
          base_baseline_storage = std::move(parsed);
          base_baseline = &*base_baseline_storage;
        }
      }
    }
  }
  if (edited.empty()) return Status::Ok();
  out->edited = true;
  out->base_scan = std::make_unique<PolicyScan>();
  // The base config may name signatures the change removed: then the base
  // policy is the built-in signatures without a config.
  if (!PrepareScan(request, base_config, nullptr, out->base_scan.get()).ok()) {
    base_config = Config{};
    out->base_scan = std::make_unique<PolicyScan>();
    if (Status s = PrepareScan(request, base_config, nullptr, out->base_scan.get()); !s.ok()) return s;
  }
  ScanOptions base_options = options;
  base_options.baseline = base_baseline;
  base_options.seen = nullptr;
  base_options.findings_so_far = nullptr;
  Diagnostics quiet(true, false);
  if (Status s = RunPreparedScan(base_options, quiet, out->base_scan.get()); !s.ok()) return s;
  for (const auto& e : edited) out->what += (out->what.empty() ? "" : " and ") + e;
  out->hidden = MergeHiddenFindings(out->base_scan->result.findings,
                                    "hidden or lowered by this change's edit of " + out->what +
                                        ": reported as the base revision's policy ranks it",
                                    findings);
  out->base_has_fail_on = base_config.has_fail_on;
  out->base_fail_on = base_config.fail_on;
  return Status::Ok();
}

}  // namespace blastradius
