// `blastradius hook install [--force]`: writes a git pre-commit hook that
// runs `blastradius scan --staged`. The hooks directory comes from
// `git rev-parse --git-path hooks`, so core.hooksPath and linked worktrees
// are respected. A hook blastradius did not write (no marker line) is never
// overwritten unless `force`, and then it is kept as a backup first.
#ifndef BLASTRADIUS_GIT_HOOK_INSTALL_H_
#define BLASTRADIUS_GIT_HOOK_INSTALL_H_

#include <string>
#include <string_view>

#include "scanner/core/status.h"

namespace blastradius {

// Present in every hook we write; how we recognise our own hooks.
inline constexpr std::string_view kHookMarker = "blastradius-managed-hook";

struct HookInstallOptions {
  std::string repo = ".";  // any directory of the work tree
  bool force = false;      // replace a foreign hook (after backing it up)
  // Tried when `blastradius` is not on PATH at commit time: the absolute path
  // of the installing binary (main: /proc/self/exe). May be empty.
  std::string fallback_binary;
};

struct HookInstallResult {
  std::string hook_path;      // absolute path of the written hook
  std::string backup_path;    // where a replaced foreign hook went ("" = none)
  bool replaced_own = false;  // an older blastradius hook was updated
};

Status InstallHook(const HookInstallOptions& options, HookInstallResult* result);

// The hook's text (POSIX sh).
std::string PreCommitHookScript(const std::string& fallback_binary);

// The hooks directory of the repository containing `repo` (absolute).
Status GitHooksDir(const std::string& repo, std::string* dir);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_HOOK_INSTALL_H_
