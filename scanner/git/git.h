// Repository lookup helpers. Running git itself is git_process.h's job.
#ifndef BLASTRADIUS_GIT_GIT_H_
#define BLASTRADIUS_GIT_GIT_H_

#include <string>
#include <vector>

#include "scanner/core/status.h"

namespace blastradius {

// The work-tree top of the repository containing `path`: the nearest
// directory at or above it holding a `.git` directory or file (a linked
// work tree, a submodule). Found without running git, so a hostile
// repository's configuration plays no part; "" if none.
std::string FindRepoTop(const std::string& path);

// FindRepoTop as a Status: an error naming `path` when it is in no work tree.
Status WorkTreeTop(const std::string& path, std::string* top);

// Splits NUL-separated output.
std::vector<std::string> SplitNul(const std::string& s);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_GIT_H_
