// blastradius command-line entry point: parses arguments, loads and compiles
// the signature database, runs a scan and writes the reports. Exit codes:
// 0 nothing at or above --fail-on, 1 findings, 2 usage or runtime error.
#include <fmt/format.h>
#include <hs/hs.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "reports/report.h"
#include "scanner/cli/agent_commands.h"
#include "scanner/cli/args.h"
#include "scanner/cli/common.h"
#include "scanner/cli/progress.h"
#include "scanner/cli/rules_command.h"
#include "scanner/cli/terminal.h"
#include "scanner/context/language.h"
#include "scanner/core/file_io.h"
#include "scanner/core/secret_hash.h"
#include "scanner/core/terminal_text.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/diag/stderr_line.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"
#include "scanner/git/hook_install.h"
#include "scanner/match/hs_memory.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/pipeline/scan.h"
#include "scanner/plan/policy_change.h"
#include "scanner/plan/scan_plan.h"
#include "scanner/policy/baseline.h"
#include "scanner/policy/config.h"
#include "scanner/sig/signature_db.h"

#ifndef BLASTRADIUS_VERSION
#define BLASTRADIUS_VERSION "0.0.0"
#endif
#ifndef BLASTRADIUS_CONTEXT_BUILT
#define BLASTRADIUS_CONTEXT_BUILT 1
#endif

namespace blastradius {
namespace {

// Current UTC time as YYYY-MM-DDTHH:MM:SS (the reports' started_at).
std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

int RunHook(const Args& args) {
  HookInstallOptions o;
  o.repo = args.paths.size() > 1 ? args.paths[1] : ".";
  o.force = args.force;
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) o.fallback_binary = self.string();
  HookInstallResult r;
  if (Status s = InstallHook(o, &r); !s.ok()) return Fail(s.message());
  std::string msg =
      (r.replaced_own ? "updated" : "installed") + std::string(" pre-commit hook: ") + r.hook_path + "\n";
  if (!r.backup_path.empty()) msg += "previous hook kept as " + r.backup_path + "\n";
  return WriteOutput("-", msg).ok() ? kExitClean : kExitError;
}

// The scan request from the command line (the plan module does the rest).
ScanRequest RequestFrom(const Args& args) {
  ScanRequest r;
  r.roots = args.paths.empty() ? std::vector<std::string>{"."} : args.paths;
  r.stdin_name = args.stdin_name;
  r.staged = args.staged;
  r.diff_range = args.diff_range;
  r.since_commit = args.since_commit;
  r.history = args.history;
  r.branch = args.branch;
  r.max_commits = args.max_commits;
  r.all_lines = args.all_lines;
  r.max_file_size = args.max_file_size;
  r.excludes = args.excludes;
  r.default_excludes = args.default_excludes;
  r.signature_dirs = args.signature_dirs;
  r.config_path = args.config_path;
  r.no_config = args.no_config;
  r.use_cache = !args.no_cache;
  return r;
}

// How the context queries are built for this scan (a speed choice, never a
// result's): by root type for scans of a few files (named files, standard
// input, staged and diff scans), which then build only the patterns their
// candidates can meet; whole for directories and history, whose candidates
// meet most patterns of a language and pay less per candidate with one query.
QueryForm QueryFormFor(const ScanRequest& request) {
  if (request.history) return QueryForm::kWhole;
  if (request.git_mode() || request.from_stdin()) return QueryForm::kByRootType;
  for (const std::string& root : request.roots) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(root, ec)) return QueryForm::kWhole;
  }
  return QueryForm::kByRootType;
}

// A PolicyScan kept until the process exits: the signatures, compiled rules
// and results are tens of thousands of allocations, and freeing them one by
// one costs a pre-commit run about a millisecond that exit reclaims at once.
// Held through a global, so leak checkers see it as reachable.
PolicyScan& RetainedUntilExit() {
  static auto* retained = new std::vector<std::unique_ptr<PolicyScan>>();
  retained->push_back(std::make_unique<PolicyScan>());
  return *retained->back();
}

int RunScan(const Args& args) {
  const ScanRequest request = RequestFrom(args);
  const bool git_mode = request.git_mode();
  const std::vector<std::string>& roots = request.roots;
  // scan -: standard input, alone (args.cc refuses other paths and git modes).
  const bool from_stdin = request.from_stdin();
  for (const auto& r : roots) {
    std::error_code ec;
    if (!from_stdin && !std::filesystem::exists(r, ec)) return Fail(r + ": no such file or directory");
  }
  // Pruning keeps only what this scan found, so it needs the whole tree.
  if (args.baseline_prune && git_mode)
    return Fail(
        "--baseline-prune needs a scan of the whole work tree; it cannot be combined with --staged, "
        "--diff, --since-commit or --history");
  // .blastradius.json: --config FILE, else at the scan root (the repository
  // top for --staged/--diff).
  const std::string top = RepositoryTopFor(request);
  Config config;
  if (Status s = LoadPolicyConfig(request, top, &config); !s.ok()) return Fail(s.message());
  // Progress on stderr (a terminal's status line, or --progress lines).
  std::unique_ptr<ProgressMeter> meter;
  if (ProgressWanted(args.progress, args.quiet || args.log_quiet))
    meter = std::make_unique<ProgressMeter>(isatty(STDERR_FILENO) && !DumbTerminal());
  PolicyScan& scan = RetainedUntilExit();
  std::function<void(std::string_view)> phase;
  if (meter) phase = [&](std::string_view what) { meter->SetPhase(std::string(what)); };
  if (Status s = PrepareScan(request, config, phase, &scan); !s.ok()) return Fail(s.message());
  if (!args.quiet && !args.log_quiet) PrintSignatureWarnings(scan.db);
  if (meter) scan.source = std::make_unique<ProgressSource>(std::move(scan.source), meter.get());
  BaselineSession baseline;
  if (Status s = baseline.Start(args.baseline_path, args.write_baseline_path, args.baseline_prune); !s.ok())
    return Fail(s.message());

  Diagnostics diag(args.quiet || args.log_quiet, args.verbose || args.log_debug);
  ScanOptions options;
  options.show_secrets = args.show_secrets;
  options.allow_markers = args.allow_markers;
  options.now = static_cast<int64_t>(std::time(nullptr));
  options.max_decode_depth = args.max_decode_depth;
  // Only SARIF reports carry line hashes.
  options.line_hashes = std::any_of(args.outputs.begin(), args.outputs.end(),
                                    [](const OutputSpec& o) { return o.format == "sarif"; });
  options.baseline = baseline.filter();
  options.seen = baseline.seen();
  std::string key_note;
  if (Status s = LoadFingerprintKey(DefaultCacheDir(), &options.fingerprint_key, &key_note); !s.ok())
    return Fail(s.message());
  if (!key_note.empty() && args.verbose) WriteStderr(fmt::format("blastradius: {}\n", key_note));
  if (meter) options.findings_so_far = meter->findings();
  std::unique_ptr<LanguageRegistry> languages;
  // A build without grammars (-DBLASTRADIUS_CONTEXT=OFF) runs as --no-context.
  if (!args.no_context && BLASTRADIUS_CONTEXT_BUILT) {
    if (meter) meter->SetPhase("loading grammars");
    if (Status s = LanguageRegistry::Build(&languages, /*compile_now=*/false, QueryFormFor(request)); !s.ok())
      return Fail(s.message());
    options.languages = languages.get();
  }
  ScanResult& result = scan.result;
  result.stats.roots = roots;
  const std::string started_at = UtcNow();
  std::unique_ptr<tbb::global_control> threads;
  if (args.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<size_t>(args.threads));
  if (Status s = RunPreparedScan(options, diag, &scan); !s.ok()) return Fail(s.message());
  result.stats.roots = roots;
  result.stats.config = config.path;
  result.stats.baseline = args.baseline_path;
  // --staged / --diff: a change that edits the policy it is checked under
  // is checked under the base revision's policy too; what the edit would
  // hide is reported (issue 13, item 9).
  PolicyEdit policy_edit;
  if (meter) meter->SetPhase("checking policy edits");
  if (Status s = CheckPolicyEdits(request, top, config, args.baseline_path, baseline.filter(), options,
                                  &result.findings, &policy_edit);
      !s.ok())
    return Fail(s.message());
  if (policy_edit.edited && !args.quiet && !args.log_quiet)
    WriteStderr(fmt::format(
        "blastradius: warning: this change edits {} (the policy it is checked under); {} finding{} it "
        "would hide or lower {} reported as the base revision ranks them\n",
        EscapeForTerminal(policy_edit.what), policy_edit.hidden, policy_edit.hidden == 1 ? "" : "s",
        policy_edit.hidden == 1 ? "is" : "are"));
  if (meter) meter->SetPhase("writing reports");
  // Which AI coding agents can read each location (issue 15).
  if (!git_mode && !from_stdin) AddAgentExposure(roots, &result.findings);
  std::string note;
  // Complete: every input read whole, none skipped for its size.
  const bool complete = result.stats.errors.empty() && result.stats.files_too_large == 0;
  if (Status s = baseline.Finish(complete, &note); !s.ok()) return Fail(s.message());
  if (!note.empty() && !args.quiet && !args.log_quiet)
    WriteStderr(fmt::format("blastradius: {}\n", EscapeForTerminal(note)));

  Report report;
  report.tool_version = BLASTRADIUS_VERSION;
  report.findings = &result.findings;
  report.stats = &result.stats;
  report.show_secrets = args.show_secrets;
  report.verbose = args.verbose;
  report.started_at = started_at;
  // Only the GitLab report names the commit; spare every other run a git process.
  if (std::any_of(args.outputs.begin(), args.outputs.end(),
                  [](const OutputSpec& o) { return o.format == "gitlab"; })) {
    std::string head;
    if (RunGit(roots[0], {"rev-parse", "--verify", "-q", "HEAD"}, &head).ok()) {
      while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) head.pop_back();
      report.commit_sha = head;
    }
  }
  // Every report is built first (the progress line keeps turning: large
  // HTML reports take a while), then the line is erased and they are
  // written; a JSON report, whose size grows with every finding, is
  // serialised as it is written instead, never held whole.
  std::vector<std::string> texts;
  std::vector<std::unique_ptr<ReportWriter>> writers;
  std::vector<Report> reports;
  for (const auto& spec : args.outputs) {
    writers.push_back(MakeReportWriter(spec.format));
    reports.push_back(report);
    // Colour only on the terminal: --color, NO_COLOR and TERM=dumb decide.
    reports.back().color =
        spec.format == "text" && spec.path == "-" && ColorEnabled(args.color, STDOUT_FILENO);
    texts.emplace_back();
    if (writers.back()->Streams()) continue;
    if (Status s = writers.back()->Write(reports.back(), &texts.back()); !s.ok()) return Fail(s.message());
  }
  if (meter) meter->Stop();
  for (size_t i = 0; i < args.outputs.size(); ++i) {
    const OutputSpec& spec = args.outputs[i];
    if (spec.format == "text" && args.quiet && spec.path == "-" && result.findings.empty()) continue;
    Status s = writers[i]->Streams() ? StreamOutput(spec.path, *writers[i], reports[i])
                                     : WriteOutput(spec.path, texts[i]);
    if (!s.ok()) return Fail(s.message());
  }
  // A partial scan (inputs not read or not scanned whole: each named in the
  // report's errors) is exit 2 unless --allow-partial: nothing is lost
  // silently.
  if (!result.stats.errors.empty() && !args.allow_partial) {
    fmt::print(stderr,
               "blastradius: {} input{} not scanned completely (see above); exit 2 "
               "(--allow-partial to accept)\n",
               result.stats.errors.size(), result.stats.errors.size() == 1 ? "" : "s");
    return kExitError;
  }
  // --write-baseline accepts what it recorded.
  if (!args.write_baseline_path.empty()) return kExitClean;
  std::optional<Severity> fail_on =
      (args.fail_on_given || !config.has_fail_on) ? args.fail_on : config.fail_on;
  // A change that edits its own policy cannot relax the threshold it is
  // checked against: the stricter of the base and the changed one applies.
  if (policy_edit.edited && !args.fail_on_given) {
    const std::optional<Severity> base_fail_on =
        policy_edit.base_has_fail_on ? policy_edit.base_fail_on : args.fail_on;
    if (base_fail_on && (!fail_on || *base_fail_on < *fail_on)) fail_on = base_fail_on;
  }
  if (!fail_on) return kExitClean;
  for (const auto& f : result.findings) {
    if (f.severity >= *fail_on) return args.findings_exit_code;
  }
  return kExitClean;
}

}  // namespace

int Main(int argc, char** argv) {
  // Issue 15 commands parse their own arguments.
  if (argc > 1 && std::string_view(argv[1]) == "guard") return RunGuard(argc, argv);
  if (argc > 1 && std::string_view(argv[1]) == "agent-hook") return RunAgentHook(argc, argv);
  if (IsAgentHookInstall(argc, argv)) return RunAgentHookInstall(argc, argv);
  Args args;
  if (Status s = ParseArgs(argc, argv, &args); !s.ok()) return Fail(s.message());
  if (args.command == "help") {
    fmt::print("{}", UsageFor(args.paths.empty() ? "" : args.paths[0]));
    return kExitClean;
  }
  if (args.help) {
    fmt::print("{}", UsageFor(args.command));
    return kExitClean;
  }
  if (args.command == "version") {
    fmt::print("blastradius {}\n", BLASTRADIUS_VERSION);
    fmt::print("pattern engine: libhs {}\n", hs_version());
    fmt::print("pattern database: {}\n", EmbeddedPatternDatabase().empty()
                                             ? "compiled on first use, then cached"
                                             : "built in (compiled at build time), cache for --signatures");
    fmt::print("context layer: {}\n", BLASTRADIUS_CONTEXT_BUILT
                                          ? "on (tree-sitter grammars built in)"
                                          : "off (built with -DBLASTRADIUS_CONTEXT=OFF)");
    return kExitClean;
  }
  if (args.command == "rules") return RunRules(args);
  if (args.command == "explain") return RunExplain(args);
  if (args.command == "hook") return RunHook(args);
  return RunScan(args);
}

}  // namespace blastradius

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Every worker thread reads, decodes and matches file after file, each
  // with buffers of the file's size. By default glibc hands freed heap
  // back to the kernel and serves large buffers from fresh mappings, so
  // the next file pays page faults and zeroed pages again (about 3% of a
  // scan's CPU); keep up to 256 MiB of freed heap, and map only buffers
  // over 32 MiB. Peak RSS barely moves (73 to 77 MB on the bench npm tree).
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  // The pattern database each run deserializes, in memory faulted in at
  // once rather than page by page (before any Vectorscan allocation).
  blastradius::UsePrefaultedVectorscanMemory();
  try {
    return blastradius::Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "blastradius: internal error: {}\n", e.what());
    return 2;
  }
}
