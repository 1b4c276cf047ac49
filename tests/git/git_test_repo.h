// TestRepo: a real git repository in a temporary directory, isolated from
// the user's git configuration, for the git source and hook tests.
#ifndef BLASTRADIUS_TESTS_GIT_GIT_TEST_REPO_H_
#define BLASTRADIUS_TESTS_GIT_GIT_TEST_REPO_H_

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scanner/diag/diagnostics.h"
#include "scanner/git/added_lines.h"
#include "scanner/git/git_process.h"
#include "scanner/source/blob.h"
#include "tests/testutil/temp_dir.h"

namespace blastradius::testing {

// Sets an environment variable for the current scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    if (value)
      setenv(name, value->c_str(), 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class TestRepo {
 public:
  TestRepo()
      : global_("GIT_CONFIG_GLOBAL", "/dev/null"),
        nosystem_("GIT_CONFIG_NOSYSTEM", "1"),
        index_("GIT_INDEX_FILE", std::nullopt),
        dir_env_("GIT_DIR", std::nullopt),
        work_env_("GIT_WORK_TREE", std::nullopt) {
    Git({"init", "-q", "-b", "main"});
    Git({"config", "user.name", "Test"});
    Git({"config", "user.email", "test@example.org"});
    Git({"config", "commit.gpgsign", "false"});
  }

  const std::string& path() const { return dir_.path(); }
  std::string Write(const std::string& rel, const std::string& content) const {
    return dir_.Write(rel, content);
  }

  // Runs git in the repository; a failure fails the test. The fixture is
  // trusted and its hooks must run (the hook tests commit through them), so
  // core.hooksPath is not overridden here.
  std::string Git(const std::vector<std::string>& args, const std::string& input = "") const {
    std::string out;
    Status s = RunGitWithInput(dir_.path(), args, input, &out, GitConfigPolicy::kKeepHooksPath);
    REQUIRE_MESSAGE(s.ok(), s.message());
    return out;
  }
  Status TryGit(const std::vector<std::string>& args, std::string* out = nullptr) const {
    std::string ignored;
    return RunGitWithInput(dir_.path(), args, "", out ? out : &ignored, GitConfigPolicy::kKeepHooksPath);
  }
  std::string Head() const {
    std::string h = Git({"rev-parse", "HEAD"});
    return h.substr(0, h.find('\n'));
  }
  void Commit(const std::string& message) const { Git({"commit", "-q", "--no-verify", "-m", message}); }

 private:
  TempDir dir_;
  ScopedEnv global_, nosystem_, index_, dir_env_, work_env_;
};

// What a source produced, with the lines that count (all lines when the
// source has no added-line information for the blob).
struct SeenBlob {
  std::string data;
  Exposure exposure = Exposure::kFile;
  std::string commit;
  std::optional<AddedLines> added;
};

struct SourceRun {
  Status status;
  std::map<std::string, SeenBlob> blobs;  // by path
  uint64_t files_scanned = 0, files_binary = 0, files_too_large = 0;
  std::vector<ScanError> errors;
};

// Runs `source`; `added_for(path)` is the source's AddedLinesFor.
template <typename Source>
SourceRun RunSource(Source& source) {
  SourceRun r;
  SourceCounters counters;
  Diagnostics diag(/*quiet=*/true, false);
  std::mutex mu;
  std::map<std::string, SeenBlob> seen;
  r.status = source.Run(
      [&](const Blob& b) {
        std::lock_guard<std::mutex> lock(mu);
        SeenBlob& s = seen[b.path];
        s.data = std::string(b.data);
        s.exposure = b.exposure;
        s.commit = b.commit;
      },
      counters, diag);
  for (auto& [path, s] : seen) {
    if (const AddedLines* a = source.AddedLinesFor(path)) s.added = *a;
  }
  r.blobs = std::move(seen);
  r.files_scanned = counters.files_scanned;
  r.files_binary = counters.files_binary;
  r.files_too_large = counters.files_too_large;
  r.errors = diag.TakeErrors();
  return r;
}

// The tokens ("tok_" + 12 [a-z0-9]) of a blob on lines that count, the way
// the pipeline keeps candidates: by the 1-based line of their first byte.
inline std::vector<std::string> ReportedTokens(const SeenBlob& b) {
  std::vector<std::string> out;
  uint32_t line = 1;
  for (size_t i = 0; i < b.data.size(); ++i) {
    if (b.data[i] == '\n') ++line;
    if (b.data.compare(i, 4, "tok_") == 0 && i + 16 <= b.data.size()) {
      if (!b.added || b.added->Contains(line)) out.push_back(b.data.substr(i, 16));
    }
  }
  return out;
}

inline std::vector<std::string> AllReported(const SourceRun& r) {
  std::vector<std::string> out;
  for (const auto& [path, b] : r.blobs)
    for (auto& t : ReportedTokens(b)) out.push_back(path + ":" + t);
  return out;
}

}  // namespace blastradius::testing

#endif  // BLASTRADIUS_TESTS_GIT_GIT_TEST_REPO_H_
