// Repository lookup helpers. Running git itself is git_process.h's job.
#ifndef BLASTRADIUS_GIT_GIT_H_
#define BLASTRADIUS_GIT_GIT_H_

#include <string>
#include <vector>

namespace blastradius {

// The work-tree top of the repository containing `path`, or "" if none.
std::string FindRepoTop(const std::string& path);

// Splits NUL-separated output.
std::vector<std::string> SplitNul(const std::string& s);

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_GIT_H_
