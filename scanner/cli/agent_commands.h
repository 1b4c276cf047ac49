// Issue 15 commands: `guard`, `agent-hook`, `hook install --agent claude`,
// and the post-scan agent exposure stage of `scan`. Each Run* parses its own
// arguments (argv[1] is the command) and returns the process exit code.
#ifndef BLASTRADIUS_CLI_AGENT_COMMANDS_H_
#define BLASTRADIUS_CLI_AGENT_COMMANDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/finding.h"

namespace blastradius {

int RunGuard(int argc, char** argv);
int RunAgentHook(int argc, char** argv);
int RunAgentHookInstall(int argc, char** argv);

// Whether argv is `hook install ... --agent NAME`.
bool IsAgentHookInstall(int argc, char** argv);

// Post-scan stage of a file-system scan of one directory: which agents can
// read each location. Home rules come from $HOME (unset: none).
void AddAgentExposure(const std::vector<std::string>& roots, std::vector<Finding>* findings);

// Files a shell command reads (cat, grep, head, source, `<` ...), as written;
// exposed for tests.
std::vector<std::string> ShellReadTargets(const std::string& command);

// One Claude Code hook event read from stdin (untrusted JSON). `kind`:
// "prompt" (UserPromptSubmit: `prompt` holds the text), "read"
// (PreToolUse of Read, Grep or Bash: `targets` are the paths it reads, as
// written, plus the working directory when `grep_cwd`) or "" (nothing to judge). `cwd` is "" when the event
// has none.
struct HookEvent {
  std::string kind;
  std::string cwd;
  std::string prompt;
  std::vector<std::string> targets;
  bool grep_cwd = false;  // Grep without a path: it reads the working directory
};
// False when `input` is not a JSON object; never throws.
bool ParseHookEvent(std::string_view input, HookEvent* out);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_AGENT_COMMANDS_H_
