// ExposureMap: classifies work-tree files as tracked, untracked or
// gitignored, with two `git ls-files` calls per repository.
#ifndef BLASTRADIUS_GIT_EXPOSURE_H_
#define BLASTRADIUS_GIT_EXPOSURE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/core/finding.h"

namespace blastradius {

class ExposureMap {
 public:
  // Exposure of an absolute, normalized file path. Thread-safe; the git
  // listing of each repository is loaded on first use.
  Exposure Classify(const std::string& abs_path);

 private:
  struct Repo {
    std::string top;  // absolute work-tree top, no trailing '/'
    bool ok = false;
    std::unordered_set<std::string> tracked;  // top-relative paths
    std::unordered_set<std::string> ignored;  // files, and dirs with trailing '/'
  };
  const Repo* RepoFor(const std::string& abs_path);

  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Repo>> repos_;  // by top
  std::map<std::string, std::string> dir_to_top_;       // cache: dir -> top ("" = none)
};

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_EXPOSURE_H_
