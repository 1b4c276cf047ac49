// A change under review must not switch its own check off (issue 13, item
// 9): in `scan --staged` / `--diff`, a .blastradius.json or baseline that
// the change itself edits is compared with its version at the base
// revision; CheckPolicyEdits scans once more under the base versions and
// reports what the edit would have hidden or lowered.
#ifndef BLASTRADIUS_PLAN_POLICY_CHANGE_H_
#define BLASTRADIUS_PLAN_POLICY_CHANGE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/status.h"
#include "scanner/plan/scan_plan.h"

namespace blastradius {

struct RevisionRange;

struct PolicyFileAtBase {
  bool changed = false;  // the change under review edits (adds, modifies, deletes) the file
  bool existed = false;  // the file exists at the base revision
  std::string text;      // its contents there
};

// `path` relative to the repository top `top` ('/' separators), or "" when
// it lies outside (symlinks resolved).
std::string RepoRelativePath(const std::string& top, const std::string& path);

// Compares `rel` (repository-relative) at the base of the change with the
// change: for --staged (`range` null) HEAD against the index, for --diff
// the range's base (its merge base for A...B) against its head.
Status ReadPolicyFileAtBase(const std::string& top, const std::string& rel, const RevisionRange* range,
                            PolicyFileAtBase* out);

// Merges the findings of the scan under the base policy into `findings`
// (the scan under the changed policy): a base finding missing from
// `findings`, or ranked lower there, is reported as the base policy ranks
// it, with `note`. Returns how many findings were hidden or lowered.
// Findings are matched by fingerprint; the result is re-sorted
// (SortFindings: damage, confidence, stable key).
size_t MergeHiddenFindings(const std::vector<Finding>& base, const std::string& note,
                           std::vector<Finding>* findings);

// What CheckPolicyEdits found.
struct PolicyEdit {
  bool edited = false;                   // the change edits the config or baseline it is checked under
  std::string what;                      // "FILE" or "FILE and FILE"
  size_t hidden = 0;                     // findings the edit would hide or lower
  bool base_has_fail_on = false;         // the base config sets fail_on ...
  std::optional<Severity> base_fail_on;  // ... to this (nullopt: "none")
  // The scan under the base policy: the merged findings' cards point into
  // its signature set, so it lives as long as they do.
  std::unique_ptr<PolicyScan> base_scan;
};

// --staged / --diff (`request`, repository top `top`): when the change edits
// `config` (the policy file applied) or the baseline at `baseline_path`,
// scans again under their base-revision versions with `options` (baseline
// replaced) and merges into `findings` what the edit hides or lowers
// (MergeHiddenFindings). Does nothing in other modes or outside a
// repository.
Status CheckPolicyEdits(const ScanRequest& request, const std::string& top, const Config& config,
                        const std::string& baseline_path, const Baseline* baseline,
                        const ScanOptions& options, std::vector<Finding>* findings, PolicyEdit* out);

}  // namespace blastradius

#endif  // BLASTRADIUS_PLAN_POLICY_CHANGE_H_
