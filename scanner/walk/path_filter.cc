#include "scanner/walk/path_filter.h"

#include <algorithm>

namespace blastradius {

const std::vector<std::string>& DefaultExcludedDirs() {
  static const std::vector<std::string> k{
      ".git",   "node_modules",     ".venv",         "venv",        "__pycache__",   ".tox",
      ".nox",   "bower_components", "jspm_packages", ".mypy_cache", ".pytest_cache", ".ruff_cache",
      "target", ".terraform",       ".pnpm-store"};
  return k;
}

// Caches inside tool directories whose top level holds credentials
// (~/.cargo/credentials.toml, ~/.m2/settings.xml, ~/.gradle/gradle.properties,
// .bundle/config, .yarnrc in .yarn): only the caches are skipped.
const std::vector<std::string>& DefaultExcludedCacheDirs() {
  static const std::vector<std::string> k{".cargo/registry", ".cargo/git",      ".m2/repository",
                                          ".gradle/caches",  ".gradle/wrapper", ".gradle/native",
                                          ".gradle/daemon",  ".yarn/cache",     ".yarn/unplugged",
                                          ".bundle/ruby",    "vendor/bundle"};
  return k;
}

std::string GlobToRegex(const std::string& glob) {
  std::string g = glob;
  bool rooted = g.find('/') != std::string::npos && g.find('/') != g.size() - 1;
  while (!g.empty() && g.back() == '/') g.pop_back();
  if (!g.empty() && g.front() == '/') g.erase(0, 1);
  std::string rx = rooted ? "^" : "(?:^|/)";
  for (size_t i = 0; i < g.size(); ++i) {
    char c = g[i];
    if (c == '*') {
      if (i + 1 < g.size() && g[i + 1] == '*') {
        ++i;
        if (i + 1 < g.size() && g[i + 1] == '/') {
          ++i;
          rx += "(?:.*/)?";
        } else {
          rx += ".*";
        }
      } else {
        rx += "[^/]*";
      }
    } else if (c == '?') {
      rx += "[^/]";
    } else if (c == '[') {
      size_t close = g.find(']', i + 1);
      if (close == std::string::npos) {
        rx += "\\[";
      } else {
        std::string cls = g.substr(i + 1, close - i - 1);
        if (!cls.empty() && cls[0] == '!') cls[0] = '^';
        rx += "[" + cls + "]";
        i = close;
      }
    } else {
      rx += RE2::QuoteMeta(std::string(1, c));
    }
  }
  rx += "(?:/.*)?$";
  return rx;
}

Status PathFilter::Create(const std::vector<std::string>& globs, bool default_excludes,
                          std::unique_ptr<PathFilter>* out) {
  auto f = std::unique_ptr<PathFilter>(new PathFilter());
  f->default_excludes_ = default_excludes;
  for (const auto& g : globs) {
    if (g.empty()) return Status::InvalidArgument("--exclude: empty glob");
    RE2::Options o;
    o.set_log_errors(false);
    auto re = std::make_unique<RE2>(GlobToRegex(g), o);
    if (!re->ok()) return Status::InvalidArgument("--exclude " + g + ": invalid glob: " + re->error());
    f->globs_.push_back(std::move(re));
  }
  *out = std::move(f);
  return Status::Ok();
}

bool PathFilter::MatchesGlob(std::string_view rel) const {
  re2::StringPiece p(rel.data(), rel.size());
  return std::any_of(globs_.begin(), globs_.end(), [&](const auto& re) { return RE2::PartialMatch(p, *re); });
}

bool PathFilter::ExcludedDir(std::string_view name, std::string_view rel) const {
  if (name == ".git") return true;  // history is a separate mode
  if (default_excludes_) {
    const auto& d = DefaultExcludedDirs();
    if (std::find(d.begin(), d.end(), name) != d.end()) return true;
    for (const auto& cache : DefaultExcludedCacheDirs()) {
      if (rel == cache || (rel.ends_with(cache) && rel[rel.size() - cache.size() - 1] == '/')) return true;
    }
  }
  return MatchesGlob(rel);
}

bool PathFilter::ExcludedFile(std::string_view rel) const { return MatchesGlob(rel); }

}  // namespace blastradius
