// PathFilter: decides which paths a directory walk skips: user --exclude
// globs and the default dependency/build-cache directories.
//
// Glob syntax (gitignore-like): `*` matches within one path component, `**`
// across components, `?` one character, `[...]` a class. A glob without '/'
// matches any path component (`*.min.js`, `fixtures`); a glob with '/'
// matches from the scan root (`docs/**/*.md`). Excluding a directory
// excludes everything below it.
#ifndef BLASTRADIUS_WALK_PATH_FILTER_H_
#define BLASTRADIUS_WALK_PATH_FILTER_H_

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/status.h"

namespace blastradius {

// Directory names skipped by default (documented in the README).
const std::vector<std::string>& DefaultExcludedDirs();
// Cache directories below tool directories (".cargo/registry"), matched as
// path suffixes.
const std::vector<std::string>& DefaultExcludedCacheDirs();

class PathFilter {
 public:
  // Fails with a message naming the bad glob.
  static Status Create(const std::vector<std::string>& globs, bool default_excludes,
                       std::unique_ptr<PathFilter>* out);

  // `rel` is relative to the scan root with '/' separators.
  bool ExcludedDir(std::string_view name, std::string_view rel) const;
  bool ExcludedFile(std::string_view rel) const;

 private:
  bool MatchesGlob(std::string_view rel) const;
  bool default_excludes_ = true;
  std::vector<std::unique_ptr<RE2>> globs_;
};

// Translates one glob to an RE2 pattern (exposed for tests).
std::string GlobToRegex(const std::string& glob);

}  // namespace blastradius

#endif  // BLASTRADIUS_WALK_PATH_FILTER_H_
