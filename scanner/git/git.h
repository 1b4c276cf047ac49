// Minimal git access by running the git binary (honours GIT_INDEX_FILE and
// the user's git configuration). No shell is involved.
#ifndef BLASTRADIUS_GIT_GIT_H_
#define BLASTRADIUS_GIT_GIT_H_

#include <string>
#include <vector>

#include "scanner/core/status.h"

namespace blastradius {

// Runs `git -C dir args...`, capturing stdout. Fails on a non-zero exit.
Status RunGit(const std::string& dir, const std::vector<std::string>& args, std::string* out);

// The work-tree top of the repository containing `path`, or "" if none.
std::string FindRepoTop(const std::string& path);

// Splits NUL-separated output.
std::vector<std::string> SplitNul(const std::string& s);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_GIT_H_
