// Glob exclusion and default excludes.
#include "scanner/walk/path_filter.h"

#include <doctest/doctest.h>

namespace blastradius {
namespace {

TEST_CASE("globs match like gitignore") {
  struct Case {
    const char* glob;
    const char* path;
    bool match;
  };
  const Case cases[] = {
      {"*.min.js", "web/app.min.js", true},
      {"*.min.js", "web/app.js", false},
      {"fixtures", "tests/fixtures/a.txt", true},
      {"fixtures", "tests/fixturesX/a.txt", false},
      {"docs/**/*.md", "docs/a/b/c.md", true},
      {"docs/**/*.md", "docs/c.md", true},
      {"docs/**/*.md", "src/docs/c.md", false},
      {"/build", "build/x", true},
      {"build/", "src/build/x", true},
      {"file?.txt", "file1.txt", true},
      {"file?.txt", "file10.txt", false},
      {"[ab].cfg", "dir/a.cfg", true},
      {"[!ab].cfg", "dir/a.cfg", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.glob);
    CAPTURE(c.path);
    std::unique_ptr<PathFilter> f;
    REQUIRE(PathFilter::Create({c.glob}, false, &f).ok());
    CHECK(f->ExcludedFile(c.path) == c.match);
  }
}

TEST_CASE("default excludes skip dependency caches unless disabled") {
  std::unique_ptr<PathFilter> on, off;
  REQUIRE(PathFilter::Create({}, true, &on).ok());
  REQUIRE(PathFilter::Create({}, false, &off).ok());
  CHECK(on->ExcludedDir("node_modules", "web/node_modules"));
  CHECK(on->ExcludedDir("bundle", "vendor/bundle"));
  CHECK_FALSE(off->ExcludedDir("node_modules", "web/node_modules"));
  CHECK(off->ExcludedDir(".git", ".git"));  // history is a separate mode
  CHECK_FALSE(on->ExcludedDir("src", "src"));
}

}  // namespace
}  // namespace blastradius

namespace blastradius {
namespace {

TEST_CASE("tool directories are scanned except their caches") {
  std::unique_ptr<PathFilter> f;
  REQUIRE(PathFilter::Create({}, /*default_excludes=*/true, &f).ok());
  CHECK_FALSE(f->ExcludedDir(".cargo", ".cargo"));
  CHECK(f->ExcludedDir("registry", ".cargo/registry"));
  CHECK(f->ExcludedDir("registry", "home/ana/.cargo/registry"));
  CHECK_FALSE(f->ExcludedDir("registry", "src/registry"));
  CHECK_FALSE(f->ExcludedDir(".m2", "home/ana/.m2"));
  CHECK(f->ExcludedDir("repository", "home/ana/.m2/repository"));
  CHECK(f->ExcludedDir("caches", ".gradle/caches"));
  CHECK(f->ExcludedDir("node_modules", "web/node_modules"));
  CHECK(f->ExcludedDir("bundle", "vendor/bundle"));
}

}  // namespace
}  // namespace blastradius
