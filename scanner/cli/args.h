// Command-line parsing for every blastradius command. No I/O besides the
// returned error text.
#ifndef BLASTRADIUS_CLI_ARGS_H_
#define BLASTRADIUS_CLI_ARGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scanner/core/rule_card.h"
#include "scanner/core/status.h"

namespace blastradius {

struct OutputSpec {
  std::string format;  // text|json|sarif|markdown|html|gitlab
  std::string path;    // "-" = stdout
};

struct Args {
  std::string command;  // scan|rules|explain|hook|version|help
  bool help = false;
  std::vector<std::string> paths;  // scan roots, or the explain id
  std::vector<OutputSpec> outputs;
  int threads = 0;                                   // 0 = all cores
  std::optional<Severity> fail_on = Severity::kLow;  // nullopt = never fail
  bool show_secrets = false;
  bool allow_partial = false;  // --allow-partial: errors and skips do not make exit 2
  bool fail_on_error = false;  // --fail-on-error: the default (exit 2), spelled out
  uint64_t max_file_size = 10 * 1024 * 1024;
  std::vector<std::string> excludes;
  bool default_excludes = true;
  std::vector<std::string> signature_dirs;
  bool quiet = false;
  bool verbose = false;
  bool no_cache = false;
  bool no_context = false;
  int max_decode_depth = 1;
  std::string color = "auto";  // auto|always|never
  // Flags from gitleaks and TruffleHog with the same meaning.
  int findings_exit_code = 1;  // --exit-code N: the exit code for findings
  bool log_debug = false;      // --log-level debug|trace (or 1-5): skips listed on stderr
  bool log_quiet = false;      // --log-level fatal|off (or -1): as -q for stderr
  bool redact = false;         // --redact (the default; refused with --show-secrets)
  std::string stdin_name;      // --stdin-name NAME: the path reported for `scan -`
  int progress = -1;           // --progress 1, --no-progress 0, -1: on a terminal stderr only
  // scan: git sources instead of the file system
  bool staged = false;        // --staged: what is about to be committed
  std::string diff_range;     // --diff BASE..HEAD, or --since-commit REF (stored as REF)
  bool all_lines = false;     // --all-lines: whole changed files, not only added lines
  bool since_commit = false;  // diff_range came from --since-commit
  bool history = false;       // --history: every blob in the repository's history too
  std::string branch;         // --branch REF (with --history)
  uint64_t max_commits = 0;   // --max-commits N (with --history; 0 = all)
  // scan: policy
  bool fail_on_given = false;       // --fail-on was given (wins over the config's fail_on)
  std::string config_path;          // --config FILE ("" = <root>/.blastradius.json if present)
  bool no_config = false;           // --no-config
  std::string baseline_path;        // --baseline FILE
  std::string write_baseline_path;  // --write-baseline FILE
  bool baseline_prune = false;      // --baseline-prune
  bool allow_markers = true;        // --no-allow-markers: ignore blastradius:allow & co.
  // rules: filters (positional arguments match an id or provider substring)
  std::string rule_provider;              // --provider NAME
  std::string rule_capability;            // --capability CAP
  std::string rule_category;              // --category NAME
  std::optional<Severity> rule_severity;  // --severity LEVEL (base severity)
  bool rules_check_literal = false;       // `rules -- check`: "check" is a filter word
  // hook install
  bool force = false;  // --force
};

// Binding of reports to streams: -o FILE takes the -f right before it;
// without one, FILE's extension names the format (FormatForPath), and an
// -f right after such an -o names its format instead. At most one report
// goes to stdout and each file gets one; an -o that would replace another
// -o of the same -f is refused.
Status ParseArgs(int argc, char** argv, Args* out);
// The report format a file name implies ("" when none): .sarif, .json,
// .html/.htm, .md/.markdown, .txt/.text/.log; gl-secret-detection-report.json
// is gitlab.
std::string FormatForPath(const std::string& path);
std::string UsageFor(const std::string& command);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_ARGS_H_
