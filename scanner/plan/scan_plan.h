// The scan plan: from what the user asked (a ScanRequest, which the CLI
// fills from its arguments) to everything one scan needs, in order: the
// policy file found, the signature set under that policy, the compiled
// patterns, the path filter and the content source. The CLI parses and
// dispatches; a test builds a plan without the binary.
#ifndef BLASTRADIUS_PLAN_SCAN_PLAN_H_
#define BLASTRADIUS_PLAN_SCAN_PLAN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/status.h"
#include "scanner/match/provider_index.h"
#include "scanner/match/rule_set.h"
#include "scanner/pipeline/scan.h"
#include "scanner/policy/config.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/blob.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {

// What to scan and under which options; no argv syntax.
struct ScanRequest {
  std::vector<std::string> roots;  // never empty; {"-"} is standard input
  std::string stdin_name;          // the name standard input is reported under ("" = "stdin")
  bool staged = false;             // the index against HEAD
  std::string diff_range;          // --diff A..B, or the commit of --since-commit
  bool since_commit = false;       // diff_range is --since-commit's commit
  bool history = false;            // every blob reachable from the refs
  std::string branch;              // --history: only this branch
  uint64_t max_commits = 0;        // --history: 0 = all
  bool all_lines = false;          // --staged/--diff: whole files, not only added lines
  uint64_t max_file_size = 0;
  std::vector<std::string> excludes;
  bool default_excludes = true;
  std::vector<std::string> signature_dirs;
  std::string config_path;  // --config FILE ("" = look for .blastradius.json)
  bool no_config = false;
  bool use_cache = true;  // the on-disk pattern cache for --signatures additions

  bool git_mode() const { return staged || !diff_range.empty() || history; }
  bool from_stdin() const { return roots.size() == 1 && roots[0] == "-"; }
};

// The repository top of the first root in git modes; "" otherwise or when
// the root is not in a work tree.
std::string RepositoryTopFor(const ScanRequest& request);

// The policy file: --config FILE, else .blastradius.json at the scan root
// (the repository top `top` in git modes). `config` stays empty when there
// is none or --no-config was given.
Status LoadPolicyConfig(const ScanRequest& request, const std::string& top, Config* config);

// The built-in signatures, then the config's and `signature_dirs`
// directories; the config's `disable` applies before the set is finished.
Status LoadSignatureSet(const std::vector<std::string>& signature_dirs, const Config* config,
                        SignatureDb* db);

// One scan under one policy. Owns everything the scan reads; findings point
// into `db`'s cards, so a PolicyScan must outlive the findings it produced.
// Not copyable or movable once prepared (members point at each other).
struct PolicyScan {
  PolicyScan() = default;
  PolicyScan(const PolicyScan&) = delete;
  PolicyScan& operator=(const PolicyScan&) = delete;

  Config config;
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<PathFilter> filter;
  std::unique_ptr<ContentSource> source;
  std::unique_ptr<ProviderIndex> providers;
  ScanResult result;
};

// Loads the signatures under `config`, compiles them (the built-in pattern
// database, the cache for additions), builds the path filter and the
// content source. `phase`, when set, is told what is being done (progress).
Status PrepareScan(const ScanRequest& request, const Config& config,
                   const std::function<void(std::string_view)>& phase, PolicyScan* scan);

// Runs `scan` with `options` (its provider index filled in) and applies the
// config's severity overrides to the findings.
Status RunPreparedScan(ScanOptions options, Diagnostics& diag, PolicyScan* scan);

}  // namespace blastradius

#endif  // BLASTRADIUS_PLAN_SCAN_PLAN_H_
