// GitIndexSource (scan --staged) against real repositories.
#include "scanner/git/index_source.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "scanner/walk/path_filter.h"
#include "tests/git/git_test_repo.h"

namespace blastradius {
namespace {

using testing::AllReported;
using testing::RunSource;
using testing::ScopedEnv;
using testing::SourceRun;
using testing::TestRepo;
using V = std::vector<std::string>;

SourceRun Staged(const TestRepo& repo, uint64_t max_size = 1 << 20, const PathFilter* filter = nullptr) {
  GitIndexSourceOptions o;
  o.repo = repo.path();
  o.max_file_size = max_size;
  o.filter = filter;
  GitIndexSource source(o);
  SourceRun r = RunSource(source);
  REQUIRE_MESSAGE(r.status.ok(), r.status.message());
  return r;
}

TEST_CASE("first commit: every staged line counts, nothing else is read") {
  TestRepo repo;
  repo.Write("app/config.py", "a = 1\nkey = 'tok_aaaaaaaaaaa1'\n");
  repo.Write("untracked.txt", "tok_untracked001\n");
  repo.Git({"add", "app/config.py"});
  SourceRun r = Staged(repo);
  REQUIRE(r.blobs.size() == 1);
  const auto& b = r.blobs.at("app/config.py");
  CHECK(b.exposure == Exposure::kStaged);
  CHECK(b.commit.empty());
  REQUIRE(b.added);
  CHECK(b.added->ranges() == std::vector<LineRange>{{1, 2}});
  CHECK(AllReported(r) == V{"app/config.py:tok_aaaaaaaaaaa1"});
  CHECK(r.files_scanned == 1);
}

TEST_CASE("staged vs unstaged vs untracked") {
  TestRepo repo;
  repo.Write("tracked.txt", "hello\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Write("staged.txt", "tok_staged000001\n");
  repo.Git({"add", "staged.txt"});
  repo.Write("tracked.txt", "hello\ntok_unstaged0001\n");  // modified, not staged
  repo.Write("new.txt", "tok_untracked001\n");             // untracked
  SourceRun r = Staged(repo);
  CHECK(AllReported(r) == V{"staged.txt:tok_staged000001"});
  CHECK(r.blobs.count("tracked.txt") == 0);
}

TEST_CASE("partially staged file: the staged version is scanned, not the work tree") {
  TestRepo repo;
  repo.Write("f.env", "A=1\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Write("f.env", "A=1\nB=tok_stagedpart01\n");
  repo.Git({"add", "f.env"});
  repo.Write("f.env", "A=1\nB=tok_stagedpart01\nC=tok_worktree0001\n");  // like `git add -p` leaving a hunk
  SourceRun r = Staged(repo);
  REQUIRE(r.blobs.count("f.env") == 1);
  CHECK(r.blobs.at("f.env").data == "A=1\nB=tok_stagedpart01\n");
  CHECK(AllReported(r) == V{"f.env:tok_stagedpart01"});

  SUBCASE("only the added lines of a modified file count") {
    repo.Commit("second");  // commits B only; C stays in the work tree
    repo.Write("f.env", "A=1\nB=tok_stagedpart01\nC=tok_worktree0001\nD=2\n");
    repo.Git({"add", "f.env"});
    SourceRun r2 = Staged(repo);
    CHECK(r2.blobs.at("f.env").added->ranges() == std::vector<LineRange>{{3, 4}});
    CHECK(AllReported(r2) == V{"f.env:tok_worktree0001"});
  }
}

TEST_CASE("a changed line that still holds an old secret counts; moved-only lines do not") {
  TestRepo repo;
  repo.Write("c.yml", "one: tok_oldsecret001\ntwo: x\nthree: y\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Write("c.yml", "one: tok_oldsecret001 # edited\ntwo: x\nthree: y\nfour: tok_newsecret001\n");
  repo.Git({"add", "."});
  SourceRun r = Staged(repo);
  CHECK(r.blobs.at("c.yml").added->ranges() == std::vector<LineRange>{{1, 1}, {4, 4}});
  CHECK(AllReported(r) == V{"c.yml:tok_oldsecret001", "c.yml:tok_newsecret001"});
}

TEST_CASE("commit -a: GIT_INDEX_FILE pointing at another index is honoured") {
  TestRepo repo;
  repo.Write("a.txt", "x\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Write("a.txt", "x\ntok_commitall001\n");  // modified in the work tree only
  // git commit -a builds a temporary index (.git/index.lock) and exports it.
  std::string temp_index = repo.path() + "/.git/index.blastradius-test";
  std::filesystem::copy_file(repo.path() + "/.git/index", temp_index);
  {
    ScopedEnv env("GIT_INDEX_FILE", temp_index);
    repo.Git({"add", "-u"});
    SourceRun r = Staged(repo);
    CHECK(AllReported(r) == V{"a.txt:tok_commitall001"});
  }
  {
    // Relative, as in a plain `git commit` hook: relative to the work-tree top.
    ScopedEnv env("GIT_INDEX_FILE", ".git/index.blastradius-test");
    SourceRun r = Staged(repo);
    CHECK(AllReported(r) == V{"a.txt:tok_commitall001"});
  }
  // The real index has nothing staged.
  CHECK(Staged(repo).blobs.empty());
}

TEST_CASE("renames: a moved file adds nothing, an edit during the move does") {
  TestRepo repo;
  repo.Write("old/name.txt", "l1\nl2 tok_beforemove01\nl3\nl4\nl5\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Git({"mv", "old/name.txt", "new name.txt"});
  SourceRun r = Staged(repo);
  REQUIRE(r.blobs.count("new name.txt") == 1);
  CHECK(r.blobs.at("new name.txt").added->empty());
  CHECK(AllReported(r).empty());

  repo.Write("new name.txt", "l1\nl2 tok_beforemove01\nl3\nl4\nl5\nl6 tok_aftermove001\n");
  repo.Git({"add", "."});
  r = Staged(repo);
  CHECK(AllReported(r) == V{"new name.txt:tok_aftermove001"});
}

TEST_CASE("binary, symlink, submodule, deleted and oversized entries are skipped") {
  TestRepo repo;
  repo.Write("gone.txt", "tok_deleted00001\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Git({"rm", "-q", "gone.txt"});
  repo.Write("blob.dat2", std::string("tok_binary000001\0\x01\x02", 19));
  repo.Write("image.png", "tok_pngpngpng001\n");
  repo.Write("big.txt", std::string(5000, 'x') + "\ntok_toolarge0001\n");
  REQUIRE(symlink("target-tok_symlink00001", (repo.path() + "/link").c_str()) == 0);
  repo.Git({"add", "."});
  std::string head = repo.Head();
  repo.Git({"update-index", "--add", "--cacheinfo", "160000," + head + ",vendor/sub"});
  SourceRun r = Staged(repo, /*max_size=*/4096);
  CHECK(r.blobs.empty());
  CHECK(r.files_binary == 2);
  CHECK(r.files_too_large == 1);
  CHECK(r.files_scanned == 0);
  // Not scanned because of a limit: named, so that the scan is partial.
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path == "big.txt");
}

TEST_CASE("paths needing quotes, and --exclude globs") {
  TestRepo repo;
  repo.Write("dir with space/q\"uote\".txt", "base\n");
  repo.Write("caf\xc3\xa9/\xe2\x9c\x93.txt", "base\n");
  repo.Write("fixtures/f.txt", "base\n");
  repo.Git({"add", "."});
  repo.Commit("base");
  repo.Write("dir with space/q\"uote\".txt", "base\ntok_quotedpath01\n");
  repo.Write("caf\xc3\xa9/\xe2\x9c\x93.txt", "base\ntok_unicodepath1\n");
  repo.Write("fixtures/f.txt", "base\ntok_excluded0001\n");
  repo.Git({"add", "."});
  std::unique_ptr<PathFilter> filter;
  REQUIRE(PathFilter::Create({"fixtures"}, true, &filter).ok());
  SourceRun r = Staged(repo, 1 << 20, filter.get());
  CHECK(AllReported(r) ==
        V{"caf\xc3\xa9/\xe2\x9c\x93.txt:tok_unicodepath1", "dir with space/q\"uote\".txt:tok_quotedpath01"});
}

TEST_CASE("runs from a subdirectory; paths stay repository-relative") {
  TestRepo repo;
  repo.Write("src/deep/x.txt", "tok_fromsubdir01\n");
  repo.Git({"add", "."});
  GitIndexSourceOptions o;
  o.repo = repo.path() + "/src/deep";
  GitIndexSource source(o);
  SourceRun r = RunSource(source);
  REQUIRE(r.status.ok());
  CHECK(AllReported(r) == V{"src/deep/x.txt:tok_fromsubdir01"});
  CHECK(std::filesystem::equivalent(source.top(), repo.path()));
}

TEST_CASE("outside a repository: a clear error") {
  testing::TempDir dir;
  ScopedEnv ceiling("GIT_CEILING_DIRECTORIES", std::filesystem::path(dir.path()).parent_path().string());
  GitIndexSourceOptions o;
  o.repo = dir.path();
  GitIndexSource source(o);
  SourceRun r = RunSource(source);
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.message().find("not inside a git work tree") != std::string::npos);
  CHECK(r.status.message().find(dir.path()) == 0);
}

TEST_CASE("many files go through one cat-file process and keep their content") {
  TestRepo repo;
  for (int i = 0; i < 300; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "f/%03d.txt", i);
    char tok[32];
    std::snprintf(tok, sizeof tok, "tok_many%08d", i);
    repo.Write(name, std::string(i * 10, 'z') + "\n" + tok + "\n");
  }
  repo.Git({"add", "."});
  SourceRun r = Staged(repo);
  CHECK(r.blobs.size() == 300);
  CHECK(AllReported(r).size() == 300);
  CHECK(r.blobs.at("f/123.txt").data == std::string(1230, 'z') + "\ntok_many00000123\n");
}

}  // namespace
}  // namespace blastradius
