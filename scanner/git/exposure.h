// ExposureMap: classifies work-tree files as tracked, untracked or
// gitignored, with two `git ls-files` calls per repository.
#ifndef BLASTRADIUS_GIT_EXPOSURE_H_
#define BLASTRADIUS_GIT_EXPOSURE_H_

#include <functional>
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
  // Lists a repository: top-relative tracked files, and ignored files and
  // directories (trailing '/'). False when it is not a usable repository.
  using Lister = std::function<bool(const std::string& top, std::vector<std::string>* tracked,
                                    std::vector<std::string>* ignored)>;

  // Default: two `git ls-files` calls per repository.
  ExposureMap();
  // Tests: another lister.
  explicit ExposureMap(Lister lister) : lister_(std::move(lister)) {}

  // Exposure of an absolute, normalized file path. Thread-safe; the listing
  // of each repository is loaded on first use, outside the map's lock: a
  // thread waits only for the repository it needs, never for another one
  // being listed.
  Exposure Classify(const std::string& abs_path);

 private:
  struct Repo {
    std::string top;  // absolute work-tree top, no trailing '/'
    std::once_flag loaded;
    bool ok = false;
    std::unordered_set<std::string> tracked;  // top-relative paths
    std::unordered_set<std::string> ignored;  // files, and dirs with trailing '/'
  };
  const Repo* RepoFor(const std::string& abs_path);

  Lister lister_;
  std::mutex mu_;                                       // guards the two maps, never held while listing
  std::map<std::string, std::unique_ptr<Repo>> repos_;  // by top
  std::map<std::string, std::string> dir_to_top_;       // cache: dir -> top ("" = none)
};

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_EXPOSURE_H_
