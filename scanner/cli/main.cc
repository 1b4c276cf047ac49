// blastradius command-line entry point: parses arguments, loads and compiles
// the signature database, runs a scan and writes the reports. Exit codes:
// 0 nothing at or above --fail-on, 1 findings, 2 usage or runtime error.
#include <fmt/format.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "reports/report.h"
#include "scanner/cli/args.h"
#include "scanner/context/language.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/match/rule_set.h"
#include "scanner/pipeline/scan.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/file_source.h"
#include "scanner/walk/path_filter.h"

#ifndef BLASTRADIUS_VERSION
#define BLASTRADIUS_VERSION "0.0.0"
#endif

namespace blastradius {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

int Fail(const std::string& msg) {
  fmt::print(stderr, "blastradius: {}\n", msg);
  return kExitError;
}

Status LoadSignatures(const Args& args, SignatureDb* db) {
  db->AddBuiltin();
  for (const auto& dir : args.signature_dirs) db->AddDirectory(dir);
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
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(path + ": cannot create output file");
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::IoError(path + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Status::IoError(path + ": " + ec.message());
  }
  return Status::Ok();
}

int RunRules(const Args& args) {
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db); !s.ok()) return Fail(s.message());
  std::string out = fmt::format("{:<40} {:<16} {:<9} {:>5}  {}\n", "ID", "PROVIDER", "SEVERITY", "BASE", "CAPABILITIES");
  for (const auto& sig : db.signatures()) {
    const RuleCard& c = sig.card;
    std::string caps;
    for (const auto& cap : c.capabilities) caps += (caps.empty() ? "" : ",") + cap;
    out += fmt::format("{:<40} {:<16} {:<9} {:>5.1f}  {}\n", c.id, c.provider, SeverityName(c.base_severity),
                       c.base_blast_radius, caps);
  }
  out += fmt::format("{} signatures\n", db.signatures().size());
  return WriteOutput("-", out).ok() ? kExitClean : kExitError;
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
    o += fmt::format("Blast radius: {:.1f}/10 ({})\nScope: {}\nExpires: {}\n", c.base_blast_radius,
                     SeverityName(c.base_severity), c.scope, c.expires);
    o += "Can:\n";
    for (const auto& cap : c.capabilities) o += "  - " + cap + "\n";
    if (!c.irreversible.empty()) {
      o += "Irreversible:\n";
      for (const auto& x : c.irreversible) o += "  - " + x + "\n";
    }
    o += fmt::format("Worst case: {}\nRevoke: {}\nReplace with: {}\n", c.worst_case, c.revoke, c.replace);
    o += "References:\n";
    for (const auto& r : c.references) o += "  - " + r + "\n";
    return WriteOutput("-", o).ok() ? kExitClean : kExitError;
  }
  return Fail("unknown signature id '" + args.paths[0] + "' (see 'blastradius rules')");
}

int RunScan(const Args& args) {
  SignatureDb db;
  if (Status s = LoadSignatures(args, &db); !s.ok()) return Fail(s.message());
  std::unique_ptr<RuleSet> rules;
  RuleSetOptions rs_options;
  if (!args.no_cache) rs_options.cache_dir = DefaultCacheDir();
  if (Status s = RuleSet::Compile(db, rs_options, &rules); !s.ok()) return Fail(s.message());

  std::unique_ptr<PathFilter> filter;
  if (Status s = PathFilter::Create(args.excludes, args.default_excludes, &filter); !s.ok())
    return Fail(s.message());
  FileSourceOptions fs;
  fs.roots = args.paths.empty() ? std::vector<std::string>{"."} : args.paths;
  for (const auto& r : fs.roots) {
    std::error_code ec;
    if (!std::filesystem::exists(r, ec)) return Fail(r + ": no such file or directory");
  }
  fs.filter = filter.get();
  fs.max_file_size = args.max_file_size;
  FileSystemSource source(fs);

  Diagnostics diag(args.quiet, args.verbose);
  ScanOptions options;
  options.show_secrets = args.show_secrets;
  std::unique_ptr<LanguageRegistry> languages;
  if (!args.no_context) {
    if (Status s = LanguageRegistry::Build(&languages); !s.ok()) return Fail(s.message());
    options.languages = languages.get();
  }
  ScanResult result;
  result.stats.roots = fs.roots;
  std::unique_ptr<tbb::global_control> threads;
  if (args.threads > 0)
    threads = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    static_cast<size_t>(args.threads));
  if (Status s = Scan(source, *rules, options, diag, &result); !s.ok()) return Fail(s.message());
  result.stats.roots = fs.roots;

  Report report;
  report.tool_version = BLASTRADIUS_VERSION;
  report.findings = &result.findings;
  report.stats = &result.stats;
  report.show_secrets = args.show_secrets;
  report.verbose = args.verbose;
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
  if (!args.fail_on) return kExitClean;
  for (const auto& f : result.findings) {
    if (f.severity >= *args.fail_on) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

int Main(int argc, char** argv) {
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
    return kExitClean;
  }
  if (args.command == "rules") return RunRules(args);
  if (args.command == "explain") return RunExplain(args);
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
