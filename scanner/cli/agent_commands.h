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

// One agent hook event read from stdin (untrusted JSON), Claude Code's or
// Cursor's. `kind`: "prompt" (UserPromptSubmit, beforeSubmitPrompt:
// `prompt` holds the text), "content" (Cursor's beforeReadFile with the
// file's text in `content`, named `content_name`), "read" (PreToolUse of
// Read, Grep or Bash, beforeReadFile without content, beforeShellExecution:
// `targets` are the paths it reads, as written, plus the working directory
// when `grep_cwd`) or "" (nothing to judge).
struct HookEvent {
  std::string name;     // hook_event_name as sent
  bool cursor = false;  // Cursor's camelCase events: it wants an answer on every call
  std::string kind;
  std::string cwd;  // "cwd", else Cursor's first workspace root, else ""
  std::string prompt;
  std::string content_name;
  std::string content;
  std::vector<std::string> targets;
  bool grep_cwd = false;  // Grep without a path: it reads the working directory
};
// The one parser of hook events (agent-hook uses it). False when `input` is
// not a JSON object; never throws.
bool ParseHookEvent(std::string_view input, HookEvent* out);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_AGENT_COMMANDS_H_
