// `blastradius guard`: the smallest set of ignore/deny rules that keeps each
// agent from reading the files that hold findings. Each agent gets one rule
// per file it can still read (an anchored path), inside a block guard owns:
// a marked block in gitignore-style files, and in Claude Code's
// .claude/settings.json the permissions.deny entries listed in the sidecar
// .claude/blastradius-guard.json. The block is recomputed from the user's own
// rules each run, so running guard twice changes nothing; user lines and
// other JSON keys are never touched.
#ifndef BLASTRADIUS_AGENTS_GUARD_H_
#define BLASTRADIUS_AGENTS_GUARD_H_

#include <string>
#include <vector>

#include "scanner/core/status.h"

namespace blastradius {

struct GuardOptions {
  std::string root;                 // scan root (directory)
  std::string home;                 // "" = ignore the home directory
  std::vector<std::string> agents;  // agent ids to protect
  std::vector<std::string> paths;   // root-relative files to keep away
};

struct GuardEdit {
  std::string path;  // root-relative
  std::string before;
  std::string after;
  bool existed = false;
};

// Computes the edits (none when everything is already excluded). Notes say
// what cannot be enforced (advisory ignores, agents without a file rule).
Status PlanGuard(const GuardOptions& options, std::vector<GuardEdit>* edits, std::vector<std::string>* notes);

// Writes the edits (atomically, creating directories as needed).
Status ApplyGuard(const std::string& root, const std::vector<GuardEdit>& edits);

// A unified diff of one edit (3 lines of context).
std::string UnifiedDiff(const GuardEdit& edit);

// gitignore-escaped, root-anchored form of a root-relative path.
std::string AnchoredIgnorePattern(const std::string& rel);

}  // namespace blastradius

#endif  // BLASTRADIUS_AGENTS_GUARD_H_
