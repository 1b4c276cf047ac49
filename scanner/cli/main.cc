// blastradius command-line entry point: parses arguments, loads and compiles
// the signature database, runs a scan and writes the reports. Exit codes:
// 0 nothing at or above --fail-on, 1 findings, 2 usage or runtime error.
#include <fmt/format.h>
#include <hs/hs.h>
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
#include "scanner/context/language.h"
#include "scanner/core/file_io.h"
#include "scanner/core/secret_hash.h"
#include "scanner/core/terminal_text.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/git/diff_source.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"
#include "scanner/git/history_source.h"
#include "scanner/git/hook_install.h"
#include "scanner/git/index_source.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/provider_index.h"
#include "scanner/match/rule_set.h"
#include "scanner/pipeline/scan.h"
#include "scanner/policy/baseline.h"
#include "scanner/policy/config.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/file_source.h"
#include "scanner/walk/path_filter.h"

#ifndef BLASTRADIUS_VERSION
#define BLASTRADIUS_VERSION "0.0.0"
#endif
#ifndef BLASTRADIUS_CONTEXT_BUILT
#define BLASTRADIUS_CONTEXT_BUILT 1
#endif

namespace blastradius {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

// Current UTC time as YYYY-MM-DDTHH:MM:SS (the reports' started_at).
std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

// Messages may quote paths and file content: control characters escaped.
int Fail(const std::string& msg) {
  fmt::print(stderr, "blastradius: {}\n", EscapeForTerminal(msg, /*keep_newlines=*/true));
  return kExitError;
}

Status LoadSignatures(const Args& args, SignatureDb* db, const Config* config = nullptr) {
  db->AddBuiltin();
  if (config) {
    for (const auto& dir : config->signatures) db->AddDirectory(dir);
  }
  for (const auto& dir : args.signature_dirs) db->AddDirectory(dir);
  // Policy applies while the database is being built (immutable after
  // Finish); a broken signature file is reported first.
  if (config && db->errors().empty()) {
    if (Status s = ApplyConfigToSignatures(*config, db); !s.ok()) return s;
  }
  return db->Finish();
}

// Writes `data` to `path` atomically (temp file in the same directory, then
// rename), or to stdout for "-".
Status WriteOutput(const std::string& path, const std::string& data) {
  if (path == "-") {
    if (fwrite(data.data(), 1, data.size(), stdout) != data.size() || fflush(stdout) != 0)
      return Status::IoError("cannot write to stdout");
    return Status::Ok();
  }
  return WriteFileAtomically(path, data, 0666, /*devices_in_place=*/true);
}

std::string LowerCase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

// Whether a card passes every `rules` filter given.
bool RuleMatches(const Args& args, const RuleCard& c) {
  if (!args.paths.empty()) {
    const std::string id = LowerCase(c.id), provider = LowerCase(c.provider);
    bool any = false;
    for (const auto& p : args.paths) {
      const std::string q = LowerCase(p);
      any = any || id.find(q) != std::string::npos || provider.find(q) != std::string::npos;
    }
    if (!any) return false;
  }
  if (!args.rule_provider.empty() && LowerCase(args.rule_provider) != c.provider) return false;
  if (!args.rule_capability.empty() &&
      std::find(c.capabilities.begin(), c.capabilities.end(), args.rule_capability) == c.capabilities.end())
    return false;
  if (!args.rule_category.empty() && args.rule_category != c.category) return false;
  if (args.rule_severity && *args.rule_severity != c.base_severity) return false;
  return true;
}

nlohmann::ordered_json RuleJson(const RuleCard& c) {
  nlohmann::ordered_json j;
  j["id"] = c.id;
  j["provider"] = c.provider;
  j["category"] = c.category.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.category);
  j["scope"] = c.scope;
  j["capabilities"] = c.capabilities;
  j["base_damage"] = c.base_blast_radius;
  j["severity"] = SeverityName(c.base_severity);
  j["model"] = c.model_blast_radius;
  j["override_reason"] = c.blast_radius_reason.empty() ? nlohmann::ordered_json(nullptr)
                                                       : nlohmann::ordered_json(c.blast_radius_reason);
  j["capabilities_inferred_from_category"] = c.inferred_from_category;
  return j;
}

int RunRules(const Args& args) {
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db); !s.ok()) return Fail(s.message());
  const OutputSpec& spec = args.outputs.front();
  std::vector<const RuleCard*> cards;
  for (const auto& sig : db.signatures()) {
    if (RuleMatches(args, sig.card)) cards.push_back(&sig.card);
  }
  std::string out;
  if (spec.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const RuleCard* c : cards) list.push_back(RuleJson(*c));
    out = list.dump(2) + "\n";
  } else {
    out = fmt::format("{:<40} {:<16} {:<9} {:>6}  {}\n", "ID", "PROVIDER", "SEVERITY", "DAMAGE",
                      "CAPABILITIES");
    for (const RuleCard* c : cards) {
      out += fmt::format("{:<40} {:<16} {:<9} {:>6.2f}  {}{}\n", c->id, c->provider,
                         SeverityName(c->base_severity), c->base_blast_radius, Join(c->capabilities, ","),
                         c->inferred_from_category ? " (from category " + c->category + ")" : "");
    }
    out += fmt::format("{} of {} signatures\n", cards.size(), db.signatures().size());
  }
  return WriteOutput(spec.path, out).ok() ? kExitClean : kExitError;
}

// Levenshtein distance (bytes).
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Up to three ids closest to `query` by edit distance (at most a third of
// its length, at least 2), closest first.
std::vector<std::string> ClosestIds(const SignatureDb& db, const std::string& query) {
  const std::string q = LowerCase(query);
  const size_t limit = std::max<size_t>(2, q.size() / 3);
  std::vector<std::pair<size_t, std::string>> near;
  for (const auto& sig : db.signatures()) {
    const size_t d = EditDistance(q, sig.card.id);
    if (d <= limit) near.emplace_back(d, sig.card.id);
  }
  std::sort(near.begin(), near.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < near.size() && i < 3; ++i) out.push_back(near[i].second);
  return out;
}

int RunExplain(const Args& args) {
  if (args.paths.size() != 1) return Fail("explain needs exactly one signature id (see 'blastradius rules')");
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db); !s.ok()) return Fail(s.message());
  for (const auto& sig : db.signatures()) {
    const RuleCard& c = sig.card;
    if (c.id != args.paths[0]) continue;
    std::string o = fmt::format("{}  ({})\n{}\n\n", c.name, c.id, c.provider_name);
    if (!c.description.empty()) o += c.description + "\n\n";
    o += fmt::format("Base damage: {:.2f} ({}){}\n", c.base_blast_radius, SeverityName(c.base_severity),
                     c.base_blast_radius > 10 ? "; severity reads it as 10" : "");
    o += fmt::format("  damage model: {}\n", c.damage_derivation);
    if (!c.blast_radius_reason.empty())
      o += fmt::format("  set by hand to {:.2f} instead of the model's {:.2f}: {}\n", c.base_blast_radius,
                       c.model_blast_radius, c.blast_radius_reason);
    if (!c.category.empty()) {
      const CategoryDefaults* cat = db.categories().Find(c.category);
      const std::string name =
          cat && !cat->name.empty() ? fmt::format("{} ({})", c.category, cat->name) : c.category;
      o += c.inferred_from_category
               ? fmt::format("Category: {}; capabilities inferred from category {}\n", name, name)
               : fmt::format("Category: {}\n", name);
    }
    if (!c.least_capabilities.empty()) {
      // A format that does not show its permissions: the damage spans from
      // its least privileged configuration to the worst case (the one shown).
      RuleCard least = c;
      least.capabilities = c.least_capabilities;
      least.irreversible.clear();
      const double low = db.damage_model().Derive(least, nullptr);
      o += fmt::format(
          "Least capabilities: {}; permissions unknown from the value: damage {:.2f} (least privileged) to "
          "{:.2f} (worst case, shown)\n",
          Join(c.least_capabilities, ", "), std::min(low, c.base_blast_radius), c.base_blast_radius);
    }
    if (c.test_mode) o += "Test mode: yes (no live data or money)\n";
    if (!c.pair_role.empty())
      o += fmt::format("Pair role: {}{}\n", c.pair_role,
                       c.pairs_with.empty() ? "" : " (with " + Join(c.pairs_with, ", ") + ")");
    o += fmt::format("Scope: {}\nExpires: {}\n", c.scope, c.expires);
    o += "Can:\n";
    for (const auto& cap : c.capabilities) o += "  - " + cap + "\n";
    if (!c.irreversible.empty()) {
      o += "Irreversible:\n";
      for (const auto& x : c.irreversible) o += "  - " + x + "\n";
    }
    o += fmt::format("Worst case: {}\nRevoke: {}\nReplace with: {}\n", c.worst_case, c.revoke, c.replace);
    o += "References:\n";
    for (const auto& r : c.references) o += "  - " + r + "\n";
    return WriteOutput(args.outputs.front().path, o).ok() ? kExitClean : kExitError;
  }
  std::string msg = "unknown signature id '" + args.paths[0] + "'";
  const std::vector<std::string> near = ClosestIds(db, args.paths[0]);
  if (!near.empty()) msg += "; did you mean " + Join(near, ", ") + "?";
  return Fail(msg + " (see 'blastradius rules')");
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

int RunScan(const Args& args) {
  const bool git_mode = args.staged || !args.diff_range.empty() || args.history;
  const std::vector<std::string> roots = args.paths.empty() ? std::vector<std::string>{"."} : args.paths;
  for (const auto& r : roots) {
    std::error_code ec;
    if (!std::filesystem::exists(r, ec)) return Fail(r + ": no such file or directory");
  }
  // .blastradius.json: --config FILE, else at the scan root (the repository
  // top for --staged/--diff).
  Config config;
  if (!args.no_config) {
    std::string config_path = args.config_path;
    if (config_path.empty()) {
      std::string root = roots[0], top;
      if (git_mode && !(top = FindRepoTop(root)).empty()) root = top;
      config_path = FindConfig(root);
    }
    if (!config_path.empty()) {
      if (Status s = LoadConfig(config_path, &config); !s.ok()) return Fail(s.message());
    }
  }
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db, &config); !s.ok()) return Fail(s.message());
  std::unique_ptr<RuleSet> rules;
  RuleSetOptions rs_options;
  if (!args.no_cache) rs_options.cache_dir = DefaultCacheDir();
  rs_options.prebuilt = EmbeddedPatternDatabase();
  if (Status s = RuleSet::Compile(db, rs_options, &rules); !s.ok()) return Fail(s.message());

  std::vector<std::string> excludes = config.exclude;
  excludes.insert(excludes.end(), args.excludes.begin(), args.excludes.end());
  std::unique_ptr<PathFilter> filter;
  if (Status s = PathFilter::Create(excludes, args.default_excludes, &filter); !s.ok())
    return Fail(s.message());
  std::unique_ptr<ContentSource> source;
  if (args.history) {
    // The work tree (if any) and every blob of its history: one finding per
    // secret with all its locations, paths relative to the repository top.
    bool bare = false;
    if (Status s = CheckGitRepository(roots[0], &bare); !s.ok()) return Fail("--history: " + s.message());
    GitHistorySourceOptions o;
    o.repo = roots[0];
    o.branch = args.branch;
    if (args.since_commit) o.since_commit = args.diff_range;
    o.max_commits = args.max_commits;
    o.filter = filter.get();
    o.max_file_size = args.max_file_size;
    source = std::make_unique<GitHistorySource>(o);
    std::string top;
    if (!bare && GitWorkTreeTop(roots[0], &top).ok()) {
      o.repo = top;
      FileSourceOptions fs;
      fs.roots = {top};
      fs.filter = filter.get();
      fs.max_file_size = args.max_file_size;
      source = std::make_unique<SequenceSource>(std::make_unique<FileSystemSource>(fs),
                                                std::make_unique<GitHistorySource>(o));
    }
  } else if (args.staged) {
    GitIndexSourceOptions o;
    o.repo = roots[0];
    o.filter = filter.get();
    o.max_file_size = args.max_file_size;
    o.only_added_lines = !args.all_lines;
    source = std::make_unique<GitIndexSource>(o);
  } else if (!args.diff_range.empty()) {
    GitDiffSourceOptions o;
    o.repo = roots[0];
    if (Status s = ParseRevisionRange(args.diff_range, &o.range); !s.ok())
      return Fail((args.diff_range.find("..") == std::string::npos ? "--since-commit " : "--diff ") +
                  s.message());
    o.filter = filter.get();
    o.max_file_size = args.max_file_size;
    o.only_added_lines = !args.all_lines;
    source = std::make_unique<GitDiffSource>(o);
  } else {
    FileSourceOptions fs;
    fs.roots = roots;
    fs.filter = filter.get();
    fs.max_file_size = args.max_file_size;
    source = std::make_unique<FileSystemSource>(fs);
  }
  BaselineSession baseline;
  if (Status s = baseline.Start(args.baseline_path, args.write_baseline_path, args.baseline_prune); !s.ok())
    return Fail(s.message());

  Diagnostics diag(args.quiet, args.verbose);
  ScanOptions options;
  options.show_secrets = args.show_secrets;
  options.allow_markers = args.allow_markers;
  options.now = static_cast<int64_t>(std::time(nullptr));
  options.max_decode_depth = args.max_decode_depth;
  ProviderIndex providers(*rules);
  options.providers = &providers;
  options.baseline = baseline.filter();
  options.seen = baseline.seen();
  std::string key_note;
  if (Status s = LoadFingerprintKey(DefaultCacheDir(), &options.fingerprint_key, &key_note); !s.ok())
    return Fail(s.message());
  if (!key_note.empty() && args.verbose) fmt::print(stderr, "blastradius: {}\n", key_note);
  std::unique_ptr<LanguageRegistry> languages;
  // A build without grammars (-DBLASTRADIUS_CONTEXT=OFF) runs as --no-context.
  if (!args.no_context && BLASTRADIUS_CONTEXT_BUILT) {
    if (Status s = LanguageRegistry::Build(&languages); !s.ok()) return Fail(s.message());
    options.languages = languages.get();
  }
  ScanResult result;
  result.stats.roots = roots;
  const std::string started_at = UtcNow();
  std::unique_ptr<tbb::global_control> threads;
  if (args.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<size_t>(args.threads));
  if (Status s = Scan(*source, *rules, options, diag, &result); !s.ok()) return Fail(s.message());
  result.stats.roots = roots;
  ApplySeverityOverrides(config, &result.findings);
  // Which AI coding agents can read each location (issue 15).
  if (!git_mode) AddAgentExposure(roots, &result.findings);
  std::string note;
  if (Status s = baseline.Finish(&note); !s.ok()) return Fail(s.message());
  if (!note.empty() && !args.quiet) fmt::print(stderr, "blastradius: {}\n", EscapeForTerminal(note));

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
  for (const auto& spec : args.outputs) {
    auto writer = MakeReportWriter(spec.format);
    Report r = report;
    r.color = spec.format == "text" && spec.path == "-" &&
              (args.color == "always" || (args.color == "auto" && isatty(1)));
    std::string text;
    if (Status s = writer->Write(r, &text); !s.ok()) return Fail(s.message());
    if (spec.format == "text" && args.quiet && spec.path == "-" && result.findings.empty()) continue;
    if (Status s = WriteOutput(spec.path, text); !s.ok()) return Fail(s.message());
  }
  // A partial scan (inputs not read or not scanned whole: each named in the
  // report's errors) is exit 2 unless --allow-partial: nothing is lost
  // silently.
  if (!result.stats.errors.empty() && !args.allow_partial) {
    if (!args.quiet)
      fmt::print(stderr,
                 "blastradius: {} input{} not scanned completely (see above); exit 2 "
                 "(--allow-partial to accept)\n",
                 result.stats.errors.size(), result.stats.errors.size() == 1 ? "" : "s");
    return kExitError;
  }
  // --write-baseline accepts what it recorded.
  if (!args.write_baseline_path.empty()) return kExitClean;
  const std::optional<Severity> fail_on =
      (args.fail_on_given || !config.has_fail_on) ? args.fail_on : config.fail_on;
  if (!fail_on) return kExitClean;
  for (const auto& f : result.findings) {
    if (f.severity >= *fail_on) return kExitFindings;
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
  try {
    return blastradius::Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "blastradius: internal error: {}\n", e.what());
    return 2;
  }
}
