#include "scanner/cli/args.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <map>

#include "reports/report.h"
#include "scanner/cli/suggest.h"
#include "scanner/core/ascii.h"

namespace blastradius {
namespace {

// Digits with an optional K/M/G suffix. Overflow (of strtoull or of the
// multiplication), a sign, blanks or no digits at all are rejected.
bool ParseSize(const std::string& s, uint64_t* out) {
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno == ERANGE || end != s.c_str() + digits) return false;
  std::string suffix(end);
  uint64_t mult = 1;
  if (suffix == "" || suffix == "B")
    mult = 1;
  else if (suffix == "K" || suffix == "KiB" || suffix == "k")
    mult = 1024;
  else if (suffix == "M" || suffix == "MiB")
    mult = 1024 * 1024;
  else if (suffix == "G" || suffix == "GiB")
    mult = 1024ull * 1024 * 1024;
  else
    return false;
  if (v > std::numeric_limits<uint64_t>::max() / mult) return false;
  *out = v * mult;
  return true;
}

// How a report output was asked for, while parsing.
struct PendingOutput {
  OutputSpec spec;
  bool format_given = false;    // by -f
  bool path_given = false;      // by -o
  bool from_extension = false;  // spec.format was read from the -o file's extension
};

// Whether `path` ends in an extension (a dot in its last component).
bool HasExtension(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  return dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
}

// Every option ParseArgs knows, for "did you mean".
const std::vector<std::string>& KnownOptions() {
  static const std::vector<std::string> k{"--all-lines",
                                          "--fail-on-error",
                                          "--fail-on-scan-errors",
                                          "--no-update",
                                          "--concurrency",
                                          "--exit-code",
                                          "--log-level",
                                          "--max-target-megabytes",
                                          "--no-banner",
                                          "--redact",
                                          "--stdin-name",
                                          "--allow-partial",
                                          "--baseline",
                                          "--baseline-prune",
                                          "--branch",
                                          "--capability",
                                          "--category",
                                          "--color",
                                          "--config",
                                          "--diff",
                                          "--exclude",
                                          "--fail-on",
                                          "--force",
                                          "--format",
                                          "--help",
                                          "--history",
                                          "--max-commits",
                                          "--max-decode-depth",
                                          "--max-file-size",
                                          "--no-allow-markers",
                                          "--no-cache",
                                          "--no-color",
                                          "--no-config",
                                          "--no-context",
                                          "--no-default-excludes",
                                          "--no-progress",
                                          "--output",
                                          "--progress",
                                          "--provider",
                                          "--quiet",
                                          "--report-format",
                                          "--report-path",
                                          "--severity",
                                          "--show-secrets",
                                          "--signatures",
                                          "--since-commit",
                                          "--staged",
                                          "--threads",
                                          "--verbose",
                                          "--write-baseline"};
  return k;
}

}  // namespace

std::string FormatForPath(const std::string& path) {
  const std::string p = AsciiLower(path);
  const std::string base = p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1);
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return base.size() > e.size() && base.compare(base.size() - e.size(), e.size(), e) == 0;
  };
  if (base == "gl-secret-detection-report.json") return "gitlab";
  if (ends(".sarif") || ends(".sarif.json")) return "sarif";
  if (ends(".json")) return "json";
  if (ends(".html") || ends(".htm")) return "html";
  if (ends(".md") || ends(".markdown")) return "markdown";
  if (ends(".txt") || ends(".text") || ends(".log")) return "text";
  return "";
}

std::string UsageFor(const std::string& command) {
  if (command == "scan") {
    return R"(usage: blastradius scan [OPTIONS] [PATH...]

Scan files an AI agent could read (including gitignored and hidden files such
as .env) for credentials, and rank them by what they can do.

Options:
  -f, --format FORMAT      text|json|sarif|markdown|html|gitlab (repeatable;
                           default text); at most one report on stdout
  -o, --output FILE        write the preceding --format to FILE ('-' = stdout),
                           atomically; without a --format of its own the
                           format follows the extension: .sarif, .json, .html,
                           .md, .txt (gl-secret-detection-report.json: gitlab)
      --fail-on LEVEL      critical|high|medium|low|none (default low): exit 1
                           when a finding is at or above LEVEL
      --threads N          worker threads (default: all cores)
      --show-secrets       print secrets in clear (default: redacted)
      --max-file-size N    do not scan larger files (default 10MiB; K/M/G
                           suffixes); each is named and makes the scan partial
      --allow-partial      exit 0/1 even when some inputs could not be scanned
                           (unreadable, not regular, too large, too many matches)
      --fail-on-error      exit 2 when an input could not be scanned: the
                           default, spelled out (not with --allow-partial)
      --exclude GLOB       skip matching paths (repeatable)
      --no-default-excludes  also scan node_modules, .venv, target, ...
      --signatures DIR     load extra or replacement signature files
      --no-cache           do not read or write the compiled-pattern cache
      --no-context         skip the syntax-aware context layer (tree-sitter)
      --max-decode-depth N look through N layers of base64, percent encoding and
                           string escapes (default 1, 0 = off, at most 3)
      --color WHEN         auto|always|never (default auto: colour on a
                           terminal, not with NO_COLOR set or TERM=dumb)
      --no-color           same as --color never
      --progress           show progress on stderr even when it is not a
                           terminal (default: only on a terminal, not under
                           CI, TERM=dumb or -q)
      --no-progress        never show progress
  -q, --quiet              no notes or progress on stderr, no text report
                           without findings (inputs not scanned are still
                           named)
  -v, --verbose            factors, remediation, and skipped files (binary,
                           too large) on stderr
  -h, --help               this help

Familiar flags (gitleaks, TruffleHog; same meaning):
  -r, --report-path FILE, --report-format FORMAT
                           same as -o FILE, -f FORMAT (in either order)
      --redact             accepted: secrets are redacted unless --show-secrets
      --exit-code N        exit N instead of 1 when findings fail the scan
  -l, --log-level LEVEL    debug/trace (or 1-5): also list skipped files on
                           stderr; info/warn/error (or 0): default; fatal (or
                           -1): as -q
      --max-target-megabytes N  same as --max-file-size N*1000000 (0: no limit)
      --concurrency N      same as --threads N
      --no-banner, --no-update  accepted (no banner, no self-update)
      --fail-on-scan-errors  same as --fail-on-error
  -                        as PATH: scan standard input, reported as 'stdin'
      --stdin-name NAME    the path reported for standard input (also picks
                           the language for context, e.g. config.py)

Git (PATH is then the repository, default .):
      --staged             scan what is about to be committed (the index, as
                           git commit sees it; for pre-commit hooks)
      --diff BASE..HEAD    scan what the commits BASE..HEAD add (A...B: from
                           the merge base)
      --since-commit REF   same as --diff REF..HEAD
      --all-lines          with --staged/--diff: whole changed files, not only
                           the added lines
      --history            also scan every blob in the git history (all
                           branches, tags and stash entries), each once;
                           secrets no longer at HEAD are history-only
      --branch REF         with --history: only commits reachable from REF
      --since-commit REF   with --history: only commits after REF
      --max-commits N      with --history: only the N newest commits

Policy:
      --config FILE        read FILE instead of <root>/.blastradius.json
      --no-config          ignore .blastradius.json
      --baseline FILE      do not report the credentials recorded in FILE
      --write-baseline FILE  record every credential found in FILE (exit 0)
      --baseline-prune     rewrite --baseline FILE without entries no longer found
      --no-allow-markers   report secrets marked blastradius:allow, gitleaks:allow
                           or pragma: allowlist secret too

Exit codes: 0 no finding at or above --fail-on, 1 findings (--exit-code N),
2 usage or runtime error, or a partial scan: an input not scanned (each named
on stderr, even with -q, and in the report's errors) unless --allow-partial.
)";
  }
  if (command == "hook") {
    return R"(usage: blastradius hook install [--force] [PATH]

Install a git pre-commit hook in the repository at PATH (default .) that runs
'blastradius scan --staged'. core.hooksPath is respected. A hook that
blastradius did not write is kept unless --force, which saves it as
pre-commit.pre-blastradius first.
)";
  }
  if (command == "rules") {
    return R"(usage: blastradius rules [OPTIONS] [TEXT...]
       blastradius rules check DIR...

List the signatures: id, provider, base severity, base damage and
capabilities. Every filter given must match; a --provider, --capability or
--category that matches nothing is an error naming the closest.

'rules check DIR' runs every example (must be reported) and negative example
(must not be) of the signature files in DIR through the whole scan, each as
a file of its own (its "path", else example.txt), with the built-in
signatures alongside; it lists the failures per signature and file and
exits 1 when there is one. ('rules -- check' filters by the word.)

Options:
  TEXT                     id or provider contains TEXT (case-insensitive;
                           several: any of them)
      --provider NAME      provider id (e.g. github)
      --capability CAP     has this capability (e.g. infra:delete)
      --severity LEVEL     base severity: critical|high|medium|low|info
      --category NAME      provider category (signatures/categories.json)
  -f, --format FORMAT      text (default) or json: one object per signature
                           with id, provider, category, scope, capabilities,
                           base_damage, severity, model figure and override
                           reason
  -o, --output FILE        write to FILE instead of stdout
      --signatures DIR     load extra or replacement signature files
)";
  }
  if (command == "explain") {
    return R"(usage: blastradius explain [--signatures DIR] ID|PROVIDER

Print the capability card of one signature: what it can do, its base damage
and how the damage model derived it (or why it was set by hand), the
category its capabilities were inferred from, worst case, scope, expiry, how
to revoke it and what to use instead. A provider (e.g. github) lists its
signatures. An unknown name gets the closest ids and providers.
)";
  }
  return R"(usage: blastradius <command> [options]

Commands:
  scan [PATH...]   scan files for credentials and rank them by blast radius
  rules            list the signature database (rules check DIR: run
                   signature files' examples through the scan)
  explain ID       print the capability card of one signature (or PROVIDER:
                   list its signatures)
  hook install     install a git pre-commit hook running 'scan --staged'
                   (--agent claude: the Claude Code agent-hook instead)
  guard [PATH]     show (or --write) the ignore/deny rules that keep AI
                   agents away from the files holding findings
  agent-hook       Claude Code PreToolUse/UserPromptSubmit hook (stdin JSON)
  version          print the version

Run 'blastradius <command> --help' for the options of a command.
)";
}

Status ParseArgs(int argc, char** argv, Args* out) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.empty()) {
    out->command = "help";
    return Status::Ok();
  }
  size_t i = 0;
  if (a[0] == "-h" || a[0] == "--help" || a[0] == "help") {
    out->command = "help";
    if (a.size() > 1 && a[0] == "help") out->paths.push_back(a[1]);
    return Status::Ok();
  }
  if (a[0] == "--version" || a[0] == "-V") {
    out->command = "version";
    return Status::Ok();
  }
  out->command = a[0];
  ++i;
  static const std::vector<std::string> kCommands{"scan", "rules", "explain", "hook", "version"};
  if (std::find(kCommands.begin(), kCommands.end(), out->command) == kCommands.end()) {
    std::string hint = DidYouMean(
        out->command, {"scan", "rules", "explain", "hook", "guard", "agent-hook", "version", "help"});
    return Status::InvalidArgument("unknown command '" + out->command + "'" +
                                   (hint.empty() ? " (expected scan, rules, explain, hook or version)"
                                                 : hint + " (see 'blastradius --help')"));
  }
  bool only_paths = false;
  std::vector<PendingOutput> outs;
  bool last_o_bound = false;  // the last output option was an -o taken by the -f before it
  for (; i < a.size(); ++i) {
    const std::string& arg = a[i];
    std::string name = arg, value;
    bool has_inline = false;
    if (!only_paths && arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
      name = arg.substr(0, arg.find('='));
      value = arg.substr(arg.find('=') + 1);
      has_inline = true;
    }
    auto need = [&](std::string* v) -> Status {
      if (has_inline) {
        *v = value;
        return Status::Ok();
      }
      if (i + 1 >= a.size()) return Status::InvalidArgument(name + " needs a value");
      *v = a[++i];
      return Status::Ok();
    };
    if (only_paths || arg == "-" || arg.empty() || arg[0] != '-') {
      // `rules -- check`: the word, not the check subcommand.
      if (only_paths && out->paths.empty()) out->rules_check_literal = true;
      out->paths.push_back(arg);
      continue;
    }
    std::string v;
    if (arg == "--") {
      only_paths = true;
    } else if (name == "-h" || name == "--help") {
      out->help = true;
    } else if (name == "-q" || name == "--quiet") {
      out->quiet = true;
    } else if (name == "-v" || name == "--verbose") {
      out->verbose = true;
    } else if (name == "--show-secrets") {
      out->show_secrets = true;
    } else if (name == "--allow-partial") {
      out->allow_partial = true;
    } else if (name == "--fail-on-error" || name == "--fail-on-scan-errors") {
      out->fail_on_error = true;
    } else if (name == "--no-default-excludes") {
      out->default_excludes = false;
    } else if (name == "--no-cache") {
      out->no_cache = true;
    } else if (name == "--no-context") {
      out->no_context = true;
    } else if (name == "--max-decode-depth") {
      if (Status s = need(&v); !s.ok()) return s;
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 0 || n > 3)
        return Status::InvalidArgument("--max-decode-depth " + v + ": expected 0-3");
      out->max_decode_depth = static_cast<int>(n);
    } else if (name == "-f" || name == "--format" || name == "--report-format") {
      if (Status s = need(&v); !s.ok()) return s;
      const auto& fmts = ReportFormats();
      if (std::find(fmts.begin(), fmts.end(), v) == fmts.end()) {
        std::string names;
        for (const auto& f : fmts) names += (names.empty() ? "" : ", ") + f;
        return Status::InvalidArgument("--format " + v + ": unknown format (expected one of " + names + ")");
      }
      if (!outs.empty() && outs.back().path_given && !outs.back().format_given) {
        // -o FILE -f FORMAT (gitleaks' --report-path X --report-format Y):
        // the format of that file, if its extension does not say otherwise.
        PendingOutput& o = outs.back();
        if (o.from_extension && o.spec.format != v)
          return Status::InvalidArgument("-f " + v + " after -o " + o.spec.path + ", whose extension means " +
                                         o.spec.format + ": put -f " + v + " before -o to write " + v +
                                         " there, or give another -o");
        o.spec.format = v;
        o.format_given = true;
        o.from_extension = false;
      } else {
        PendingOutput o;
        o.spec = {v, "-"};
        o.format_given = true;
        outs.push_back(o);
      }
      last_o_bound = false;
    } else if (name == "-o" || name == "--output" || name == "--report-path" || name == "-r") {
      if (Status s = need(&v); !s.ok()) return s;
      if (v.empty()) return Status::InvalidArgument("--output needs a file name");
      if (!outs.empty() && outs.back().format_given && !outs.back().path_given) {
        outs.back().spec.path = v;  // -f FORMAT -o FILE
        outs.back().path_given = true;
        last_o_bound = true;
      } else if (last_o_bound) {
        // -f json -o x.json -o y.json: the second would silently replace the first.
        return Status::InvalidArgument("-o " + v + ": -f " + outs.back().spec.format + " already writes to " +
                                       outs.back().spec.path + "; give each -o its own -f FORMAT before it");
      } else {
        // No -f of its own: the format follows the extension.
        PendingOutput o;
        o.spec = {FormatForPath(v), v};
        o.path_given = true;
        o.from_extension = !o.spec.format.empty();
        outs.push_back(o);
      }
    } else if (name == "--threads" || name == "-j" || name == "--concurrency") {
      if (Status s = need(&v); !s.ok()) return s;
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1 || n > 1024)
        return Status::InvalidArgument("--threads " + v + ": expected 1-1024");
      out->threads = static_cast<int>(n);
    } else if (name == "--fail-on") {
      if (Status s = need(&v); !s.ok()) return s;
      Severity sev;
      out->fail_on_given = true;
      if (v == "none")
        out->fail_on.reset();
      else if (ParseSeverity(v, &sev) && sev != Severity::kInfo)
        out->fail_on = sev;
      else
        return Status::InvalidArgument("--fail-on " + v + ": expected critical, high, medium, low or none");
    } else if (name == "--max-file-size") {
      if (Status s = need(&v); !s.ok()) return s;
      if (!ParseSize(v, &out->max_file_size))
        return Status::InvalidArgument("--max-file-size " + v + ": expected bytes, e.g. 10485760 or 10M");
    } else if (name == "--exclude") {
      if (Status s = need(&v); !s.ok()) return s;
      out->excludes.push_back(v);
    } else if (name == "--signatures") {
      if (Status s = need(&v); !s.ok()) return s;
      out->signature_dirs.push_back(v);
    } else if (name == "--color") {
      if (Status s = need(&v); !s.ok()) return s;
      if (v != "auto" && v != "always" && v != "never")
        return Status::InvalidArgument("--color " + v + ": expected auto, always or never");
      out->color = v;
    } else if (name == "--redact") {
      // gitleaks --redact[=100]: secrets are always redacted unless --show-secrets.
      if (has_inline && value != "100")
        return Status::InvalidArgument(
            "--redact=" + value +
            ": only full redaction (100) is supported; secrets are redacted by default");
      out->redact = true;
    } else if (name == "--no-banner" || name == "--no-update") {
      // gitleaks: there is no banner to hide; TruffleHog: nothing updates itself.
    } else if (name == "--exit-code") {
      if (Status s = need(&v); !s.ok()) return s;
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 0 || n > 255)
        return Status::InvalidArgument("--exit-code " + v + ": expected 0-255");
      out->findings_exit_code = static_cast<int>(n);
    } else if (name == "--log-level" || name == "-l") {
      if (Status s = need(&v); !s.ok()) return s;
      const std::string l = AsciiLower(v);
      if (l == "trace" || l == "debug" || (l.size() == 1 && l[0] >= '1' && l[0] <= '5')) {
        out->log_debug = true;
      } else if (l == "fatal" || l == "panic" || l == "off" || l == "-1") {
        out->log_quiet = true;
      } else if (!(l == "info" || l == "warn" || l == "warning" || l == "error" || l == "0")) {
        return Status::InvalidArgument("--log-level " + v +
                                       ": expected trace, debug, info, warn, error, fatal or -1 to 5");
      }
    } else if (name == "--max-target-megabytes") {
      if (Status s = need(&v); !s.ok()) return s;
      char* end = nullptr;
      unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end || v[0] == '-' || n > 1000000)
        return Status::InvalidArgument("--max-target-megabytes " + v + ": expected 0-1000000 (0: no limit)");
      // gitleaks counts megabytes of 1,000,000 bytes; 0 means no limit.
      out->max_file_size = n == 0 ? std::numeric_limits<uint64_t>::max() : n * 1000000ull;
    } else if (name == "--stdin-name") {
      if (Status s = need(&v); !s.ok()) return s;
      if (v.empty()) return Status::InvalidArgument("--stdin-name needs a path");
      out->stdin_name = v;
    } else if (name == "--progress") {
      out->progress = 1;
    } else if (name == "--no-progress") {
      out->progress = 0;
    } else if (name == "--no-color") {
      out->color = "never";
    } else if (name == "--staged") {
      out->staged = true;
    } else if (name == "--diff" || name == "--since-commit") {
      if (Status s = need(&v); !s.ok()) return s;
      if (v.empty()) return Status::InvalidArgument(name + " needs a revision");
      if (!out->diff_range.empty())
        return Status::InvalidArgument("--diff and --since-commit: give only one");
      if (name == "--since-commit" && v.find("..") != std::string::npos)
        return Status::InvalidArgument("--since-commit " + v +
                                       ": expected one revision (use --diff for a range)");
      out->diff_range = v;
      out->since_commit = name == "--since-commit";
    } else if (name == "--history") {
      out->history = true;
    } else if (name == "--branch") {
      if (Status s = need(&v); !s.ok()) return s;
      if (v.empty() || v[0] == '-') return Status::InvalidArgument("--branch needs a revision");
      out->branch = v;
    } else if (name == "--max-commits") {
      if (Status s = need(&v); !s.ok()) return s;
      char* end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1)
        return Status::InvalidArgument("--max-commits " + v + ": expected N >= 1");
      out->max_commits = static_cast<uint64_t>(n);
    } else if (name == "--all-lines") {
      out->all_lines = true;
    } else if (name == "--config") {
      if (Status s = need(&v); !s.ok()) return s;
      out->config_path = v;
    } else if (name == "--no-config") {
      out->no_config = true;
    } else if (name == "--baseline") {
      if (Status s = need(&v); !s.ok()) return s;
      out->baseline_path = v;
    } else if (name == "--write-baseline") {
      if (Status s = need(&v); !s.ok()) return s;
      out->write_baseline_path = v;
    } else if (name == "--baseline-prune") {
      out->baseline_prune = true;
    } else if (name == "--no-allow-markers") {
      out->allow_markers = false;
    } else if (out->command == "rules" && (name == "--provider" || name == "--capability" ||
                                           name == "--category" || name == "--severity")) {
      if (Status s = need(&v); !s.ok()) return s;
      if (v.empty()) return Status::InvalidArgument(name + " needs a value");
      if (name == "--provider") out->rule_provider = v;
      if (name == "--capability") out->rule_capability = v;
      if (name == "--category") out->rule_category = v;
      if (name == "--severity") {
        Severity sev;
        if (!ParseSeverity(v, &sev))
          return Status::InvalidArgument("--severity " + v +
                                         ": expected critical, high, medium, low or info");
        out->rule_severity = sev;
      }
    } else if (name == "--force" && out->command == "hook") {
      out->force = true;
    } else {
      return Status::InvalidArgument("unknown option " + name + DidYouMean(name, KnownOptions()) +
                                     " (see 'blastradius " + out->command + " --help')");
    }
  }
  if (out->command == "hook" && !out->help &&
      (out->paths.empty() || out->paths[0] != "install" || out->paths.size() > 2))
    return Status::InvalidArgument("usage: blastradius hook install [--force] [PATH]");
  if (out->staged && !out->diff_range.empty())
    return Status::InvalidArgument("--staged and --diff/--since-commit cannot be combined");
  if (out->history && (out->staged || (!out->diff_range.empty() && !out->since_commit)))
    return Status::InvalidArgument(
        "--history cannot be combined with --staged or --diff (use --since-commit REF)");
  if (!out->history && (!out->branch.empty() || out->max_commits > 0))
    return Status::InvalidArgument("--branch and --max-commits need --history");
  if (out->history && out->paths.size() > 1)
    return Status::InvalidArgument("--history takes at most one PATH (the repository)");
  if ((out->staged || !out->diff_range.empty()) && out->paths.size() > 1)
    return Status::InvalidArgument("--staged and --diff take at most one PATH (the repository)");
  const bool from_stdin = std::find(out->paths.begin(), out->paths.end(), "-") != out->paths.end();
  if (out->command == "scan" && from_stdin) {
    if (out->paths.size() > 1)
      return Status::InvalidArgument("scan -: standard input is scanned alone (no other PATH)");
    if (out->staged || !out->diff_range.empty() || out->history)
      return Status::InvalidArgument(
          "scan -: standard input cannot be combined with --staged, --diff or --history");
  }
  if (!out->stdin_name.empty() && !(out->command == "scan" && from_stdin))
    return Status::InvalidArgument("--stdin-name names standard input: use it with 'scan -'");
  if (out->fail_on_error && out->allow_partial)
    return Status::InvalidArgument("--fail-on-error and --allow-partial contradict each other");
  if (out->redact && out->show_secrets)
    return Status::InvalidArgument("--redact and --show-secrets cannot be combined");
  if (out->baseline_prune && out->baseline_path.empty())
    return Status::InvalidArgument("--baseline-prune needs --baseline FILE");
  if (out->baseline_prune && !out->write_baseline_path.empty())
    return Status::InvalidArgument(
        "--baseline-prune rewrites the --baseline file; do not combine it with --write-baseline");
  if (!out->config_path.empty() && out->no_config)
    return Status::InvalidArgument("--config and --no-config cannot be combined");
  // Bind the outputs: an -o without a format (no -f, no known extension)
  // is text when it has no extension at all ('-', /dev/null, a plain name).
  for (auto& o : outs) {
    if (o.spec.format.empty()) {
      if (o.spec.path != "-" && HasExtension(o.spec.path))
        return Status::InvalidArgument("-o " + o.spec.path +
                                       ": cannot tell the report format from the extension (known: .sarif, "
                                       ".json, .html, .md, .txt); give -f FORMAT before -o");
      o.spec.format = "text";
    }
    out->outputs.push_back(o.spec);
  }
  // One document per stream: two reports on stdout would make neither valid,
  // and two to one file would leave only the last.
  std::string on_stdout;
  std::map<std::string, std::string> by_path;
  for (const auto& o : out->outputs) {
    if (o.path == "-") {
      if (!on_stdout.empty())
        return Status::InvalidArgument("-f " + on_stdout + " and -f " + o.format +
                                       " would both write to standard output; give all but one -o FILE");
      on_stdout = o.format;
    } else if (auto [it, fresh] = by_path.emplace(o.path, o.format); !fresh) {
      return Status::InvalidArgument(o.path + " is the output of both -f " + it->second + " and -f " +
                                     o.format);
    }
  }
  if (out->command == "rules" || out->command == "explain") {
    for (const auto& o : out->outputs) {
      if (o.format != "text" && (o.format != "json" || out->command != "rules"))
        return Status::InvalidArgument(out->command + " --format " + o.format +
                                       (out->command == "rules" ? ": expected text or json" : ": only text"));
    }
    if (out->outputs.size() > 1) return Status::InvalidArgument(out->command + ": give --format once");
  }
  if (out->outputs.empty()) out->outputs.push_back({"text", "-"});
  return Status::Ok();
}

}  // namespace blastradius
