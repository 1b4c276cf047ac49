// GitProcess: one running git with our data on its stdin and its stdout
// read back in a streaming way (git cat-file --batch, git diff -U0 over a
// whole range). Stdin is fed from a background thread so neither side can
// block the other; stderr is kept (up to 64 KiB) for error messages. No
// shell is involved; the environment is inherited (GIT_INDEX_FILE included)
// with GIT_OPTIONAL_LOCKS=0 added, so a scan never takes the index lock that
// a running `git commit` holds.
//
// This is the only place that runs git. Scanned trees are untrusted, so
// every invocation is `git --no-pager -c <GitSafetyConfig()...> -C dir`:
// configuration in a scanned repository (core.fsmonitor, core.hooksPath,
// core.sshCommand, ...) can never make git run a program, and
// GIT_TERMINAL_PROMPT=0 and GIT_NO_REPLACE_OBJECTS=1 are set.
#ifndef BLASTRADIUS_GIT_GIT_PROCESS_H_
#define BLASTRADIUS_GIT_GIT_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "scanner/core/status.h"

namespace blastradius {

// kKeepHooksPath: every override but core.hooksPath, for the one question
// that needs the user's real setting (`rev-parse --git-path hooks` when
// installing the pre-commit hook; it runs no hook).
enum class GitConfigPolicy { kHardened, kKeepHooksPath };

// The "name=value" settings passed with -c to every git we run.
const std::vector<const char*>& GitSafetyConfig();

class GitProcess {
 public:
  // Starts `git -C dir args...`. `input` is written to its stdin, which is
  // then closed (empty input: stdin is closed at once).
  static Status Start(const std::string& dir, const std::vector<std::string>& args, std::string input,
                      std::unique_ptr<GitProcess>* out, GitConfigPolicy policy = GitConfigPolicy::kHardened);
  ~GitProcess();  // stops the process if Finish() was not called
  GitProcess(const GitProcess&) = delete;
  GitProcess& operator=(const GitProcess&) = delete;

  // Streaming reads of stdout. ReadLine drops the '\n'; returns false at end
  // of output (a last line without '\n' is still returned).
  bool ReadLine(std::string* line) { return ReadUntil('\n', line); }
  // The same with any terminator (e.g. '\0' for `-z` output).
  bool ReadUntil(char delim, std::string* record);
  // Exactly `n` bytes into `out` (replacing it); false on early EOF.
  bool ReadExact(size_t n, std::string* out);
  bool Skip(size_t n);
  // Everything left on stdout.
  void ReadAll(std::string* out);

  // Waits for the exit. A non-zero exit is an error whose message is git's
  // first stderr line, e.g. "fatal: bad revision 'nope'".
  Status Finish();
  // Stops early: closes our ends, terminates git and reaps it.
  void Abort();

  const std::string& stderr_text();

 private:
  GitProcess() = default;
  bool Fill();

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;  // memfd: read after the exit
  std::thread feeder_;
  std::string args_summary_;  // "git cat-file" for messages
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool finished_ = false;
  std::string stderr_;
};

// Runs git to completion with `input` on stdin; stdout goes to `out`. On a
// non-zero exit the status message includes git's stderr.
Status RunGitWithInput(const std::string& dir, const std::vector<std::string>& args, const std::string& input,
                       std::string* out, GitConfigPolicy policy = GitConfigPolicy::kHardened);

// RunGitWithInput with nothing on stdin.
Status RunGit(const std::string& dir, const std::vector<std::string>& args, std::string* out);

// The blob id of every path in `commit`'s tree (`git ls-tree -r`), by path
// from the top; empty when git fails (callers treat every path as changed).
std::unordered_map<std::string, std::string> BlobsAtCommit(const std::string& dir, const std::string& commit);

// The first non-empty line of git's stderr with "fatal: "/"error: " dropped.
std::string GitErrorSummary(const std::string& stderr_text);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_GIT_PROCESS_H_
