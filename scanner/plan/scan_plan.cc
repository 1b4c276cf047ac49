// The scan plan (scan_plan.h): policy, signatures, patterns, filter, source.
#include "scanner/plan/scan_plan.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "scanner/git/diff_source.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"
#include "scanner/git/history_source.h"
#include "scanner/git/index_source.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/source/file_source.h"
#include "scanner/source/memory_source.h"

namespace blastradius {
namespace {

// The content source of a scan: history, index, range, standard input or
// the file system.
Status MakeSource(const ScanRequest& request, const PathFilter* filter, std::unique_ptr<ContentSource>* out) {
  const std::string& root = request.roots[0];
  if (request.history) {
    // The work tree (if any) and every blob of its history: one finding per
    // secret with all its locations, paths relative to the repository top.
    bool bare = false;
    if (Status s = CheckGitRepository(root, &bare); !s.ok())
      return Status::InvalidArgument("--history: " + s.message());
    GitHistorySourceOptions o;
    o.repo = root;
    o.branch = request.branch;
    if (request.since_commit) o.since_commit = request.diff_range;
    o.max_commits = request.max_commits;
    o.filter = filter;
    o.max_file_size = request.max_file_size;
    *out = std::make_unique<GitHistorySource>(o);
    std::string top;
    if (!bare && WorkTreeTop(root, &top).ok()) {
      o.repo = top;
      FileSourceOptions fs;
      fs.roots = {top};
      fs.filter = filter;
      fs.max_file_size = request.max_file_size;
      *out = std::make_unique<SequenceSource>(std::make_unique<FileSystemSource>(fs),
                                              std::make_unique<GitHistorySource>(o));
    }
  } else if (request.staged) {
    GitIndexSourceOptions o;
    o.repo = root;
    o.filter = filter;
    o.max_file_size = request.max_file_size;
    o.only_added_lines = !request.all_lines;
    *out = std::make_unique<GitIndexSource>(o);
  } else if (!request.diff_range.empty()) {
    GitDiffSourceOptions o;
    o.repo = root;
    if (Status s = ParseRevisionRange(request.diff_range, &o.range); !s.ok())
      return Status::InvalidArgument(
          (request.diff_range.find("..") == std::string::npos ? "--since-commit " : "--diff ") + s.message());
    o.filter = filter;
    o.max_file_size = request.max_file_size;
    o.only_added_lines = !request.all_lines;
    *out = std::make_unique<GitDiffSource>(o);
  } else if (request.from_stdin()) {
    *out = std::make_unique<StdinSource>(request.stdin_name.empty() ? "stdin" : request.stdin_name,
                                         request.max_file_size);
  } else {
    FileSourceOptions fs;
    fs.roots = request.roots;
    fs.filter = filter;
    fs.max_file_size = request.max_file_size;
    *out = std::make_unique<FileSystemSource>(fs);
  }
  return Status::Ok();
}

}  // namespace

std::string RepositoryTopFor(const ScanRequest& request) {
  if (!request.git_mode() || request.from_stdin()) return "";
  return FindRepoTop(request.roots[0]);
}

Status LoadPolicyConfig(const ScanRequest& request, const std::string& top, Config* config) {
  *config = Config{};
  if (request.no_config) return Status::Ok();
  std::string path = request.config_path;
  if (path.empty()) {
    const std::string root = request.from_stdin() ? "." : request.roots[0];
    path = FindConfig(!top.empty() ? top : root);
  }
  if (path.empty()) return Status::Ok();
  return LoadConfig(path, config);
}

Status LoadSignatureSet(const std::vector<std::string>& signature_dirs, const Config* config,
                        SignatureDb* db) {
  db->AddBuiltin();
  if (config) {
    for (const auto& dir : config->signatures) db->AddDirectory(dir);
  }
  for (const auto& dir : signature_dirs) db->AddDirectory(dir);
  // Policy applies while the database is being built (immutable after
  // Finish); a broken signature file is reported first.
  if (config && db->errors().empty()) {
    if (Status s = ApplyConfigToSignatures(*config, db); !s.ok()) return s;
  }
  return db->Finish();
}

Status PrepareScan(const ScanRequest& request, const Config& config,
                   const std::function<void(std::string_view)>& phase, PolicyScan* scan) {
  scan->config = config;
  // The build-time database deserializes on a thread of its own while the
  // signatures load; RuleSet::Compile takes it if it fits them. With
  // signature directories it will not fit (they add or replace signatures):
  // no thread then, and Compile still checks the fit itself.
  std::optional<PrebuiltPrefetch> prefetch;
  if (request.signature_dirs.empty() && config.signatures.empty())
    prefetch.emplace(EmbeddedPatternDatabase());
  // The source first: one that runs git (scan --staged) starts it now, so
  // that git works while the signatures load.
  std::vector<std::string> excludes = config.exclude;
  excludes.insert(excludes.end(), request.excludes.begin(), request.excludes.end());
  if (Status s = PathFilter::Create(excludes, request.default_excludes, &scan->filter); !s.ok()) return s;
  if (Status s = MakeSource(request, scan->filter.get(), &scan->source); !s.ok()) return s;
  scan->source->Prefetch();
  if (phase) phase("loading signatures");
  if (Status s = LoadSignatureSet(request.signature_dirs, &scan->config, &scan->db); !s.ok()) return s;
  if (phase) phase(fmt::format("compiling {} patterns", scan->db.signatures().size()));
  RuleSetOptions rs_options;
  if (request.use_cache) rs_options.cache_dir = DefaultCacheDir();
  rs_options.prebuilt = EmbeddedPatternDatabase();
  rs_options.prebuilt_prefetch = prefetch ? &*prefetch : nullptr;
  if (Status s = RuleSet::Compile(scan->db, rs_options, &scan->rules); !s.ok()) return s;
  scan->providers = std::make_unique<ProviderIndex>(*scan->rules);
  return Status::Ok();
}

Status RunPreparedScan(ScanOptions options, Diagnostics& diag, PolicyScan* scan) {
  options.providers = scan->providers.get();
  if (Status s = Scan(*scan->source, *scan->rules, options, diag, &scan->result); !s.ok()) return s;
  ApplySeverityOverrides(scan->config, &scan->result.findings);
  return Status::Ok();
}

}  // namespace blastradius
