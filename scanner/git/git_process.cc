#include "scanner/git/git_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace blastradius {
namespace {

constexpr size_t kReadChunk = 1 << 16;
constexpr size_t kMaxStderr = 1 << 16;

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

// The child's environment: ours, with GIT_OPTIONAL_LOCKS=0 so that git never
// takes the optional index lock (a pre-commit hook runs while `git commit`
// holds it), GIT_TERMINAL_PROMPT=0 (never ask for credentials) and
// GIT_NO_REPLACE_OBJECTS=1 (refs/replace/ in a scanned repository must not
// swap the content we read). System and global configuration stay: they are
// the user's own.
std::vector<std::string> ChildEnvironment() {
  static constexpr const char* kForced[] = {"GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0",
                                            "GIT_NO_REPLACE_OBJECTS=1"};
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    bool forced = false;
    for (const char* f : kForced) {
      const char* eq = std::strchr(f, '=');
      if (std::strncmp(*e, f, static_cast<size_t>(eq - f) + 1) == 0) forced = true;
    }
    if (!forced) env.emplace_back(*e);
  }
  for (const char* f : kForced) env.emplace_back(f);
  return env;
}

// argv for `git ... -C dir args`: no pager, then `-c` overrides for every
// setting through which a repository's own configuration (.git/config, or
// the gitdir a `.git` file points at) could make git run a program. A
// scanned tree is untrusted; command-line -c beats every config file.
std::vector<std::string> GitArgv(const std::string& dir, const std::vector<std::string>& args,
                                 GitConfigPolicy policy) {
  std::vector<std::string> argv = {"git", "--no-pager"};
  for (const char* kv : GitSafetyConfig()) {
    if (policy == GitConfigPolicy::kKeepHooksPath && std::strncmp(kv, "core.hooksPath=", 15) == 0) continue;
    argv.push_back("-c");
    argv.push_back(kv);
  }
  argv.push_back("-C");
  argv.push_back(dir);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

const std::vector<const char*>& GitSafetyConfig() {
  static const std::vector<const char*> kConfig = {
      "core.fsmonitor=false",        // fsmonitor hook: runs on ls-files, diff, status
      "core.hooksPath=/dev/null",    // any hook (post-index-change, pre-auto-gc...)
      "core.sshCommand=false",       // ssh transport
      "ssh.variant=ssh",             //
      "core.gitProxy=",              // git:// proxy command
      "core.askPass=",               // credential prompt program
      "credential.helper=",          // resets the helper list
      "protocol.allow=never",        // no transport at all (promisor lazy fetch...)
      "diff.external=",              // also --no-ext-diff on diffs
      "core.pager=cat",              // also --no-pager
      "core.untrackedCache=false",   //
      "core.alternateRefsCommand=",  // fetch/push over alternates
      "gpg.program=false",           // signature checks (log.showSignature...)
      "gpg.openpgp.program=false",   //
      "gpg.ssh.program=false",       //
      "gpg.x509.program=false",      //
      "log.showSignature=false",     //
      "gc.auto=0",                   // no background gc/maintenance from us
      "maintenance.auto=false",      //
      "diff.ignoreSubmodules=all",   // never run git in a nested submodule
      "status.submoduleSummary=false",
  };
  // Not listed: uploadpack.packObjectsHook and safe.directory are honoured
  // only from system/global/command-line configuration (the user's), and
  // filter.<driver>.* / diff.<driver>.textconv never run because no command
  // we use reads work-tree files through attributes (hash-object reads
  // stdin without --path; cat-file never gets --filters; diffs pass
  // --no-textconv --no-ext-diff).
  return kConfig;
}

std::string GitErrorSummary(const std::string& stderr_text) {
  size_t start = 0;
  while (start < stderr_text.size()) {
    size_t nl = stderr_text.find('\n', start);
    if (nl == std::string::npos) nl = stderr_text.size();
    std::string line = stderr_text.substr(start, nl - start);
    start = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    for (const char* prefix : {"fatal: ", "error: "}) {
      if (line.rfind(prefix, 0) == 0) line = line.substr(std::strlen(prefix));
    }
    return line;
  }
  return "";
}

Status GitProcess::Start(const std::string& dir, const std::vector<std::string>& args, std::string input,
                         std::unique_ptr<GitProcess>* out, GitConfigPolicy policy) {
  std::vector<std::string> argv_s = GitArgv(dir, args, policy);
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s = ChildEnvironment();
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  // Stdin is a socket so that writes can use MSG_NOSIGNAL: a git that exits
  // early gives us EPIPE, never a process-wide SIGPIPE.
  int in_sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_sv) != 0)
    return Status::IoError(std::string("socketpair failed: ") + std::strerror(errno));
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_sv[0]);
    close(in_sv[1]);
    return Status::IoError(std::string("pipe failed: ") + std::strerror(errno));
  }
  int err_fd = memfd_create("blastradius-git-stderr", MFD_CLOEXEC);
  if (err_fd < 0) {
    for (int fd : {in_sv[0], in_sv[1], out_pipe[0], out_pipe[1]}) close(fd);
    return Status::IoError(std::string("memfd_create failed: ") + std::strerror(errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_sv[1], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  pid_t pid;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_sv[1]);
  close(out_pipe[1]);
  if (rc != 0) {
    close(in_sv[0]);
    close(out_pipe[0]);
    close(err_fd);
    return Status::NotFound(std::string("cannot run git: ") + std::strerror(rc));
  }

  std::unique_ptr<GitProcess> p(new GitProcess());
  p->pid_ = pid;
  p->stdout_fd_ = out_pipe[0];
  p->stderr_fd_ = err_fd;
  // "git cat-file" for messages: the subcommand, skipping "-c name=value".
  p->args_summary_ = "git";
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-c") {
      ++i;
      continue;
    }
    p->args_summary_ += " " + args[i];
    break;
  }
  int in_fd = in_sv[0];
  p->feeder_ = std::thread([in_fd, data = std::move(input)]() {
    size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = send(in_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // git stopped reading; Finish() reports its exit
      sent += static_cast<size_t>(n);
    }
    close(in_fd);
  });
  *out = std::move(p);
  return Status::Ok();
}

GitProcess::~GitProcess() {
  if (!finished_) Abort();
}

bool GitProcess::Fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ > kReadChunk) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + kReadChunk);
  ssize_t n;
  do {
    n = read(stdout_fd_, buf_.data() + old, kReadChunk);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    buf_.resize(old);
    eof_ = true;
    return false;
  }
  buf_.resize(old + static_cast<size_t>(n));
  return true;
}

bool GitProcess::ReadUntil(char delim, std::string* line) {
  size_t scanned = pos_;
  for (;;) {
    size_t nl = buf_.find(delim, scanned);
    if (nl != std::string::npos) {
      line->assign(buf_, pos_, nl - pos_);
      pos_ = nl + 1;
      return true;
    }
    size_t consumed_before = pos_;
    scanned = buf_.size();
    if (!Fill()) {
      if (pos_ < buf_.size()) {
        line->assign(buf_, pos_, std::string::npos);
        pos_ = buf_.size();
        return true;
      }
      return false;
    }
    // Fill() may have compacted the buffer.
    scanned -= consumed_before - pos_;
  }
}

bool GitProcess::ReadExact(size_t n, std::string* out) {
  out->clear();
  out->reserve(n);
  while (out->size() < n) {
    if (pos_ == buf_.size() && !Fill()) return false;
    size_t take = std::min(n - out->size(), buf_.size() - pos_);
    out->append(buf_, pos_, take);
    pos_ += take;
  }
  return true;
}

bool GitProcess::Skip(size_t n) {
  while (n > 0) {
    if (pos_ == buf_.size() && !Fill()) return false;
    size_t take = std::min(n, buf_.size() - pos_);
    pos_ += take;
    n -= take;
  }
  return true;
}

void GitProcess::ReadAll(std::string* out) {
  out->assign(buf_, pos_, std::string::npos);
  pos_ = buf_.size();
  while (Fill()) {
    out->append(buf_, pos_, std::string::npos);
    pos_ = buf_.size();
  }
}

const std::string& GitProcess::stderr_text() {
  if (stderr_.empty() && stderr_fd_ >= 0) {
    stderr_.resize(kMaxStderr);
    ssize_t n = pread(stderr_fd_, stderr_.data(), kMaxStderr, 0);
    stderr_.resize(n > 0 ? static_cast<size_t>(n) : 0);
  }
  return stderr_;
}

Status GitProcess::Finish() {
  if (finished_) return Status::Ok();
  // Drain what the caller did not read so that git can exit.
  while (Fill()) pos_ = buf_.size();
  CloseFd(&stdout_fd_);
  int wstatus = 0;
  while (waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (feeder_.joinable()) feeder_.join();
  finished_ = true;
  Status status;
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    std::string why = GitErrorSummary(stderr_text());
    if (why.empty())
      why = WIFEXITED(wstatus) ? "exit status " + std::to_string(WEXITSTATUS(wstatus)) : "killed by a signal";
    status = Status::IoError(args_summary_ + " failed: " + why);
  }
  stderr_text();
  CloseFd(&stderr_fd_);
  return status;
}

void GitProcess::Abort() {
  if (finished_) return;
  CloseFd(&stdout_fd_);
  kill(pid_, SIGTERM);
  int wstatus = 0;
  while (waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (feeder_.joinable()) feeder_.join();
  CloseFd(&stderr_fd_);
  finished_ = true;
}

Status RunGitWithInput(const std::string& dir, const std::vector<std::string>& args, const std::string& input,
                       std::string* out, GitConfigPolicy policy) {
  std::unique_ptr<GitProcess> p;
  if (Status s = GitProcess::Start(dir, args, input, &p, policy); !s.ok()) return s;
  p->ReadAll(out);
  return p->Finish();
}

Status RunGit(const std::string& dir, const std::vector<std::string>& args, std::string* out) {
  return RunGitWithInput(dir, args, "", out);
}

std::unordered_map<std::string, std::string> BlobsAtCommit(const std::string& dir,
                                                           const std::string& commit) {
  std::unordered_map<std::string, std::string> blobs;
  std::string out;
  if (!RunGit(dir, {"ls-tree", "-r", "-z", "--full-tree", commit}, &out).ok()) return blobs;
  // Entries are "<mode> <type> <id>\t<path>", NUL-terminated.
  size_t pos = 0;
  while (pos < out.size()) {
    size_t z = out.find('\0', pos);
    if (z == std::string::npos) break;
    std::string_view entry(out.data() + pos, z - pos);
    pos = z + 1;
    size_t tab = entry.find('\t');
    size_t sp1 = entry.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : entry.find(' ', sp1 + 1);
    if (tab == std::string_view::npos || sp2 == std::string_view::npos || sp2 > tab) continue;
    blobs.emplace(std::string(entry.substr(tab + 1)), std::string(entry.substr(sp2 + 1, tab - sp2 - 1)));
  }
  return blobs;
}

}  // namespace blastradius
