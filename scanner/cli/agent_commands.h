// Issue 15 commands: `guard`, `agent-hook`, `hook install --agent claude`,
// and the post-scan agent exposure stage of `scan`. Each Run* parses its own
// arguments (argv[1] is the command) and returns the process exit code.
#ifndef BLASTRADIUS_CLI_AGENT_COMMANDS_H_
#define BLASTRADIUS_CLI_AGENT_COMMANDS_H_

#include <string>
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

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_AGENT_COMMANDS_H_
