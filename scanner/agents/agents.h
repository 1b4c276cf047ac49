// Agent exposure (issue 15): which AI coding agents can read a file, from
// the agents' own ignore and deny rules found in the scan root and in the
// user's home.
//
// Matching follows each tool's documentation:
//  - .cursorignore, .cursorindexingignore, .geminiignore, .codeiumignore,
//    .aiderignore, .aiignore: gitignore syntax, relative to the file's
//    directory (the scan root here): '#' comments, '!' re-includes, a
//    trailing '/' matches directories only, a pattern with a '/' before its
//    end is anchored, '*' '?' '[...]' '**'; the last matching line wins.
//  - Claude Code permissions.deny "Read(PATTERN)" (gitignore syntax too):
//    "//p" absolute, "~/p" from the home directory, "/p" relative to the
//    directory holding .claude/, "./p" or "p" relative to the working
//    directory (taken as the scan root); "Read" alone denies every read.
//  - GitHub Copilot content exclusion lives in GitHub's settings, not in the
//    repository: Copilot is reported as able to read everything.
//  - Codex (AGENTS.md) has no ignore file.
// An index-only ignore (.cursorindexingignore, .codeiumignore) is advisory:
// the agent can still open the file when asked.
#ifndef BLASTRADIUS_AGENTS_AGENTS_H_
#define BLASTRADIUS_AGENTS_AGENTS_H_

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/status.h"

namespace blastradius {

struct AgentInfo {
  std::string id;    // claude, cursor, copilot, gemini, windsurf, aider, jetbrains, codex
  std::string name;  // display name
};
const std::vector<AgentInfo>& CommonAgents();

// A file whose contents an agent loads into its model's context by design
// (instruction files, rules, MCP server configurations). `rel` uses '/'.
bool IsAgentContextFile(std::string_view rel);

// gitignore-style rules of one file; the last matching rule wins.
class IgnoreRules {
 public:
  // Adds one line of an ignore file (comments and blank lines are skipped).
  // `anchor_prefix`, when not empty, is prepended to anchored patterns
  // (used for Claude's absolute and home patterns made root-relative).
  Status AddLine(std::string_view line, const std::string& source);
  // Whether `rel` (a file, relative to the root) is excluded; the source of
  // the deciding rule goes to *why.
  bool Excluded(std::string_view rel, std::string* why = nullptr) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    bool negate = false;
    std::string source;
    std::unique_ptr<RE2> re;
  };
  std::vector<Rule> rules_;
};

// Translates one gitignore line to an RE2 pattern over root-relative file
// paths; returns nullopt for a blank or comment line. Exposed for tests.
std::optional<std::string> GitignoreLineToRegex(std::string_view line, bool* negate);

// Converts a Claude Code Read() rule pattern into a root-relative gitignore
// pattern, or nullopt when it cannot apply below `root` (an absolute or home
// path elsewhere). `root` and `home` are absolute; `settings_base` is the
// directory that holds the .claude/ directory of the settings file.
std::optional<std::string> ClaudePatternToGitignore(std::string_view pattern, const std::string& root,
                                                    const std::string& home,
                                                    const std::string& settings_base);

enum class AgentAccess { kReadable, kAdvisory, kExcluded };
const char* AgentAccessName(AgentAccess a);

struct AgentView {
  std::string agent;  // AgentInfo::id
  AgentAccess access = AgentAccess::kReadable;
  std::string rule;  // the rule that excludes it ("" when readable)
};

struct AgentConfigFile {
  std::string agent;
  std::string path;  // as found (root-relative, or absolute in the home)
};

// The agent rules of one scan root.
class AgentPolicy {
 public:
  // Reads the ignore and settings files under `root` and `home` ("" = no
  // home). Unreadable or invalid files go to *warnings and are skipped.
  // `skip_block` drops the blastradius guard block of ignore files and the
  // rules listed as guard-owned (so guard can recompute its own block).
  static AgentPolicy Load(const std::string& root, const std::string& home,
                          std::vector<std::string>* warnings, bool skip_guard_rules = false);

  // One view per common agent, in CommonAgents() order.
  std::vector<AgentView> Assess(std::string_view rel) const;
  // Agents with a configuration in the root or home (instruction file,
  // settings, ignore file), in CommonAgents() order.
  const std::vector<std::string>& configured() const { return configured_; }
  const std::vector<AgentConfigFile>& files() const { return files_; }

 private:
  struct Source {
    std::string agent;
    bool advisory = false;
    IgnoreRules rules;
    bool deny_all = false;
    std::string deny_all_source;
  };
  std::vector<Source> sources_;
  std::vector<std::string> configured_;
  std::vector<AgentConfigFile> files_;
};

// Post-scan stage: fills Location::agents* for every location of every
// finding whose path lies under `root` (file-system scans).
void AnnotateAgentExposure(const AgentPolicy& policy, std::vector<Finding>* findings);

// The guard block markers (ignore files) and the Claude sidecar that lists
// the deny rules guard added.
inline constexpr std::string_view kGuardBegin =
    "# >>> blastradius guard: managed block, edits are replaced >>>";
inline constexpr std::string_view kGuardEnd = "# <<< blastradius guard <<<";
inline constexpr std::string_view kClaudeGuardSidecar = ".claude/blastradius-guard.json";

// The ignore file each agent reads (root-relative); "" for agents that have
// none (copilot, codex) and for claude (settings JSON).
std::string AgentIgnoreFile(std::string_view agent);
bool AgentIgnoreIsAdvisory(std::string_view agent);

}  // namespace blastradius

#endif  // BLASTRADIUS_AGENTS_AGENTS_H_
