// GitDiffSource (scan --diff BASE..HEAD, --since-commit REF) and the
// -U0 patch parser.
#include "scanner/git/diff_source.h"

#include <doctest/doctest.h>

#include <atomic>

#include "scanner/git/cat_file.h"
#include "scanner/git/diff_blobs.h"
#include "tests/git/git_test_repo.h"

namespace blastradius {
namespace {

using testing::AllReported;
using testing::RunSource;
using testing::SourceRun;
using testing::TestRepo;
using V = std::vector<std::string>;

SourceRun Diff(const TestRepo& repo, const std::string& spec) {
  GitDiffSourceOptions o;
  o.repo = repo.path();
  Status s = ParseRevisionRange(spec, &o.range);
  REQUIRE_MESSAGE(s.ok(), s.message());
  GitDiffSource source(o);
  return RunSource(source);
}

TEST_CASE("ParseRevisionRange") {
  RevisionRange r;
  REQUIRE(ParseRevisionRange("main..feature", &r).ok());
  CHECK(r.base == "main");
  CHECK(r.head == "feature");
  CHECK_FALSE(r.merge_base);
  REQUIRE(ParseRevisionRange("origin/main...HEAD", &r).ok());
  CHECK(r.base == "origin/main");
  CHECK(r.head == "HEAD");
  CHECK(r.merge_base);
  REQUIRE(ParseRevisionRange("v1.2..", &r).ok());
  CHECK(r.head == "HEAD");
  REQUIRE(ParseRevisionRange("abc123", &r).ok());  // --since-commit REF
  CHECK(r.base == "abc123");
  CHECK(r.head == "HEAD");
  CHECK_FALSE(ParseRevisionRange("..main", &r).ok());
  CHECK_FALSE(ParseRevisionRange("", &r).ok());
  CHECK_FALSE(ParseRevisionRange("--output=x..HEAD", &r).ok());
  CHECK_FALSE(ParseRevisionRange("a..b..c", &r).ok());
}

struct BranchRepo {
  TestRepo repo;
  std::string main_commit, feature_commit;
  BranchRepo() {
    repo.Write("config/app.env", "DB=tok_existing0001\nPORT=1\n");
    repo.Write("README", "readme\nold=tok_removedmain1\n");
    repo.Git({"add", "."});
    repo.Commit("base");
    main_commit = repo.Head();
    repo.Git({"checkout", "-q", "-b", "feature"});
    repo.Write("config/app.env", "DB=tok_existing0001\nPORT=1\nAPI=tok_featureadd01\n");
    repo.Git({"add", "."});
    repo.Commit("feature 1");
    repo.Write("src/new.py", "x = 'tok_featurenew01'\n");
    repo.Git({"add", "."});
    repo.Commit("feature 2");
    feature_commit = repo.Head();
    // main moves on with its own secret (not part of the feature).
    repo.Git({"checkout", "-q", "main"});
    repo.Write("main-only.txt", "tok_mainonly0001\n");
    repo.Write("README", "readme\n");  // main removes a secret the feature still has
    repo.Git({"add", "."});
    repo.Commit("main moves");
    repo.Git({"checkout", "-q", "feature"});
  }
};

TEST_CASE("diff mode on a branch: only lines the range added, post-image blobs, kHistory") {
  BranchRepo b;
  SourceRun r = Diff(b.repo, b.main_commit + "..feature");
  REQUIRE_MESSAGE(r.status.ok(), r.status.message());
  CHECK(AllReported(r) == V{"config/app.env:tok_featureadd01", "src/new.py:tok_featurenew01"});
  for (const auto& [path, blob] : r.blobs) {
    CHECK(blob.exposure == Exposure::kHistory);
    CHECK(blob.commit == b.feature_commit);
  }
  CHECK(r.blobs.at("config/app.env").data == "DB=tok_existing0001\nPORT=1\nAPI=tok_featureadd01\n");
  CHECK(r.blobs.at("config/app.env").added->ranges() == std::vector<LineRange>{{3, 3}});
}

TEST_CASE("two dots compare the tips; three dots start at the merge base") {
  BranchRepo b;
  // main..feature: the line main removed from README is "added back" by the
  // feature side; main-only.txt is a deletion and never visited.
  SourceRun two = Diff(b.repo, "main..feature");
  REQUIRE(two.status.ok());
  CHECK(AllReported(two) ==
        V{"README:tok_removedmain1", "config/app.env:tok_featureadd01", "src/new.py:tok_featurenew01"});
  SourceRun three = Diff(b.repo, "main...feature");
  REQUIRE(three.status.ok());
  CHECK(AllReported(three) == V{"config/app.env:tok_featureadd01", "src/new.py:tok_featurenew01"});
}

TEST_CASE("--since-commit REF is REF..HEAD") {
  BranchRepo b;
  SourceRun r = Diff(b.repo, "HEAD~1");
  REQUIRE(r.status.ok());
  CHECK(AllReported(r) == V{"src/new.py:tok_featurenew01"});
}

TEST_CASE("the empty tree as base scans everything HEAD has") {
  BranchRepo b;
  SourceRun r = Diff(b.repo, "4b825dc642cb6eb9a060e54bf8d69288fbee4904..HEAD");
  REQUIRE_MESSAGE(r.status.ok(), r.status.message());
  CHECK(AllReported(r) == V{"README:tok_removedmain1", "config/app.env:tok_existing0001",
                            "config/app.env:tok_featureadd01", "src/new.py:tok_featurenew01"});
}

TEST_CASE("bad refs are errors naming the ref") {
  BranchRepo b;
  SourceRun r = Diff(b.repo, "no-such-branch..HEAD");
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.message().find("unknown revision 'no-such-branch'") != std::string::npos);
  r = Diff(b.repo, "main..nope");
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.message().find("'nope'") != std::string::npos);
  CHECK(r.blobs.empty());
}

TEST_CASE("SplitRawDiffFields: five fields and a status, or nothing") {
  struct Row {
    const char* meta;
    bool ok;
    const char* status;
  };
  const Row rows[] = {
      {"100644 100644 aaa bbb M", true, "M"},
      {"000000 100644 000 bbb A", true, "A"},
      {"100644 100644 aaa bbb R087", true, "R087"},
      {"100644 100644 aaa bbb", false, ""},      // four fields
      {"100644 100644 aaa bbb M X", false, ""},  // six
      {"100644 100644 aaa bbb ", false, ""},     // an empty status
      {"", false, ""},
  };
  for (const auto& r : rows) {
    CAPTURE(r.meta);
    std::array<std::string_view, 5> f;
    REQUIRE(SplitRawDiffFields(r.meta, &f) == r.ok);
    if (r.ok) {
      CHECK(f[1] == "100644");
      CHECK(f[3] == "bbb");
      CHECK(f[4] == r.status);
    }
  }
}

TEST_CASE("ReadCatFileObject: each kind of object, in the order asked for") {
  TestRepo repo;
  repo.Write("text.txt", "hello\n");
  repo.Write("binary.bin", std::string("a\0b", 3));
  repo.Write("big.txt", std::string(100, 'x'));
  repo.Git({"add", "."});
  repo.Commit("three blobs");
  auto id = [&](const std::string& rev) {
    std::string out = repo.Git({"rev-parse", rev});
    return out.substr(0, out.find('\n'));
  };
  const std::string missing(id("HEAD").size(), '0');  // an id of the right length that no object has
  struct Row {
    std::string id;
    CatFileObject::Kind kind;
    std::string data;
  };
  const std::vector<Row> rows = {
      {id("HEAD:text.txt"), CatFileObject::Kind::kText, "hello\n"},
      {id("HEAD:binary.bin"), CatFileObject::Kind::kBinary, ""},
      {id("HEAD:big.txt"), CatFileObject::Kind::kTooLarge, ""},
      {id("HEAD^{tree}"), CatFileObject::Kind::kNotBlob, ""},
      {missing, CatFileObject::Kind::kMissing, ""},
      {id("HEAD:text.txt"), CatFileObject::Kind::kText, "hello\n"},  // the stream stays in step
  };
  std::string ids;
  for (const auto& r : rows) ids += r.id + "\n";
  std::unique_ptr<GitProcess> cat;
  REQUIRE(GitProcess::Start(repo.path(), {"cat-file", "--batch"}, ids, &cat).ok());
  CatFileObject object;
  for (const auto& r : rows) {
    CAPTURE(r.id);
    Status s = ReadCatFileObject(*cat, 64, &object);
    REQUIRE_MESSAGE(s.ok(), s.message());
    CHECK(object.kind == r.kind);
    if (r.kind == CatFileObject::Kind::kText) CHECK(object.data == r.data);
    if (r.kind == CatFileObject::Kind::kMissing) CHECK(object.header == missing + " missing");
  }
  // Past the last object the output has ended: an error, not an object.
  CHECK(ReadCatFileObject(*cat, 64, &object).code() == Status::Code::kIoError);
}

TEST_CASE("ParallelBatches: a full batch is visited at once, the rest at Flush, each item once") {
  struct Item {
    int n;
    std::string data;
  };
  std::vector<std::atomic<int>> seen(1000);
  auto visit = [&](const Item& item) { seen[static_cast<size_t>(item.n)]++; };
  auto visited = [&] {
    int total = 0;
    for (const auto& s : seen) total += s.load();
    return total;
  };
  ParallelBatches<Item, decltype(visit)> batches(visit);
  for (int n = 0; n < 255; ++n) batches.Add(Item{n, "x"});
  CHECK(visited() == 0);
  batches.Add(Item{255, "x"});  // the 256th item fills the batch
  CHECK(visited() == 256);
  for (int n = 256; n < 1000; ++n) batches.Add(Item{n, std::string(static_cast<size_t>(n % 7), 'x')});
  CHECK(visited() == 768);
  batches.Flush();
  batches.Flush();  // a second flush visits nothing again
  for (int n = 0; n < 1000; ++n) CHECK(seen[static_cast<size_t>(n)] == 1);
}

TEST_CASE("UnifiedDiffParser") {
  const char* diff =
      "diff --git a/a.txt b/a.txt\n"
      "index 1..2 100644\n"
      "--- a/a.txt\n"
      "+++ b/a.txt\n"
      "@@ -1,0 +2 @@ ctx\n"
      "+x\n"
      "@@ -5,2 +6,3 @@\n"
      "-a\n"
      "-b\n"
      "+c\n"
      "+d\n"
      "+e\n"
      "@@ -10 +12,0 @@\n"
      "-gone\n"
      "diff --git a/mode.sh b/mode.sh\n"
      "old mode 100644\n"
      "new mode 100755\n"
      "diff --git \"a/q\\\"t\\303\\251\" \"b/q\\\"t\\303\\251\"\n"
      "new file mode 100644\n"
      "@@ -0,0 +1,2 @@\n"
      "+1\n"
      "+2\n"
      "diff --git a/old b/new b/x\n"
      "similarity index 90%\n"
      "rename from old\n"
      "rename to new b/x\n"
      "@@ -3,0 +4 @@\n"
      "+added\n";
  auto files = ParseUnifiedDiff(diff);
  REQUIRE(files.size() == 4);
  CHECK(files["a.txt"].ranges() == std::vector<LineRange>{{2, 2}, {6, 8}});
  CHECK(files["mode.sh"].empty());
  CHECK(files["q\"t\xc3\xa9"].ranges() == std::vector<LineRange>{{1, 2}});
  CHECK(files["new b/x"].ranges() == std::vector<LineRange>{{4, 4}});
  CHECK(files["a.txt"].Contains(7));
  CHECK_FALSE(files["a.txt"].Contains(5));
  CHECK(files["a.txt"].Intersects(3, 6));
  CHECK_FALSE(files["a.txt"].Intersects(3, 5));
}

TEST_CASE("ParseDiffGitHeader and UnquoteGitPath") {
  std::string p;
  CHECK(ParseDiffGitHeader("diff --git a/x b/y b/x b/y", &p));
  CHECK(p == "x b/y");
  CHECK(ParseDiffGitHeader("diff --git \"a/tab\\there\" \"b/tab\\there\"", &p));
  CHECK(p == "tab\there");
  CHECK_FALSE(ParseDiffGitHeader("diff --cc x", &p));
  CHECK(UnquoteGitPath("\"\\\\n\\n\\101\"", &p));
  CHECK(p == "\\n\nA");
  CHECK_FALSE(UnquoteGitPath("\"bad\\q\"", &p));
}

}  // namespace
}  // namespace blastradius
