// File-system source and pipeline: walker edge cases.
#include "scanner/source/file_source.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "scanner/pipeline/scan.h"
#include "tests/testutil/signature_fixture.h"
#include "tests/testutil/temp_dir.h"

namespace blastradius {
namespace {

using testing::MinimalSignature;
using testing::SignatureFile;
using testing::TempDir;

struct Fixture {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<PathFilter> filter;
  Fixture() {
    db.AddFile("t.json", SignatureFile({MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b")}), false);
    Status s = db.Finish();
    REQUIRE_MESSAGE(s.ok(), s.message());
    s = RuleSet::Compile(db, {DefaultCacheDir()}, &rules);
    REQUIRE_MESSAGE(s.ok(), s.message());
    REQUIRE(PathFilter::Create({}, true, &filter).ok());
  }
  ScanResult Run(const std::vector<std::string>& roots, uint64_t max_size = 1 << 20) {
    FileSourceOptions o;
    o.roots = roots;
    o.filter = filter.get();
    o.max_file_size = max_size;
    FileSystemSource source(o);
    Diagnostics diag(/*quiet=*/true, false);
    ScanResult r;
    REQUIRE(Scan(source, *rules, {}, diag, &r).ok());
    return r;
  }
};

std::vector<std::string> Paths(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    for (const auto& l : f.locations) out.push_back(l.path);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("walks hidden, nested and gitignored files; skips caches and binaries") {
  Fixture fx;
  TempDir dir;
  dir.Write("a.txt", "key tok_q8ztr2vlm0pk\n");
  dir.Write(".env", "X=tok_q8ztr2vlm0pk\n");
  dir.Write("src/deep/b.py", "\n\n  t = 'tok_b7yqs1ukl9oj'\n");
  dir.Write("node_modules/pkg/c.js", "tok_z7yqs1ukl9oj");
  dir.Write(".git/config", "tok_y7yqs1ukl9oj");
  dir.Write("img.bin.dat", std::string("tok_x7yqs1ukl9oj\0", 17));
  dir.Write("nul.txt", std::string("tok_w7yqs1ukl9oj\0zz", 19));
  ScanResult r = fx.Run({dir.path()});
  CHECK(Paths(r) == std::vector<std::string>{".env", "a.txt", "src/deep/b.py"});
  CHECK(r.stats.files_binary == 2);
  // The same secret in two files is one finding with two locations.
  REQUIRE(r.findings.size() == 2);
  const Finding& deep = r.findings[0].locations.size() == 1 ? r.findings[0] : r.findings[1];
  CHECK(deep.locations[0].line == 3);
  CHECK(deep.locations[0].column == 8);
}

TEST_CASE("an explicit path is always scanned") {
  Fixture fx;
  TempDir dir;
  std::string p = dir.Write("node_modules/pkg/c.js", "tok_z7yqs1ukl9oj");
  ScanResult r = fx.Run({p});
  CHECK(r.findings.size() == 1);
}

TEST_CASE("symlink loops, FIFOs, huge files and deep trees do not stall the scan") {
  Fixture fx;
  TempDir dir;
  dir.Write("a/x.txt", "tok_q8ztr2vlm0pk");
  std::filesystem::create_directory_symlink(dir.path(), dir.path() + "/a/loop");
  std::filesystem::create_symlink("/etc/passwd", dir.path() + "/outside");
  REQUIRE(mkfifo((dir.path() + "/pipe").c_str(), 0600) == 0);
  dir.Write("huge.txt", std::string(2 << 20, 'z') + "tok_b7yqs1ukl9oj");
  std::string deep = "d";
  for (int i = 0; i < 120; ++i) deep += "/d";
  dir.Write(deep + "/leaf.txt", "tok_c7yqs1ukl9oj");
  ScanResult r = fx.Run({dir.path()}, 1 << 20);
  CHECK(r.stats.files_too_large == 1);
  CHECK(Paths(r) == std::vector<std::string>{"a/x.txt", deep + "/leaf.txt"});
}

TEST_CASE("unreadable files are reported and counted; the scan goes on") {
  if (geteuid() == 0) {
    // root reads everything; the CLI end-to-end test covers this case by
    // dropping privileges with setpriv.
    return;
  }
  Fixture fx;
  TempDir dir;
  std::string p = dir.Write("secret.txt", "tok_q8ztr2vlm0pk");
  dir.Write("ok.txt", "tok_b7yqs1ukl9oj");
  chmod(p.c_str(), 0);
  ScanResult r = fx.Run({dir.path()});
  CHECK(r.stats.errors.size() == 1);
  CHECK(r.findings.size() == 1);
}

void* FailingAlloc(size_t) { return nullptr; }
void NoFree(void*) {}

TEST_CASE("no scratch space: the scan fails before it starts, not file by file") {
  Fixture fx;
  TempDir dir;
  dir.Write("a.txt", "key tok_q8ztr2vlm0pk\n");
  FileSourceOptions o;
  o.roots = {dir.path()};
  o.filter = fx.filter.get();
  FileSystemSource source(o);
  Diagnostics diag(/*quiet=*/true, false);
  ScanResult r;
  REQUIRE(hs_set_scratch_allocator(FailingAlloc, NoFree) == HS_SUCCESS);
  Status s = Scan(source, *fx.rules, {}, diag, &r);
  REQUIRE(hs_set_scratch_allocator(nullptr, nullptr) == HS_SUCCESS);
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("Vectorscan scratch") != std::string::npos);
}

TEST_CASE("engine disagreements reach the scan statistics") {
  SignatureDb db;
  // \s: Vectorscan includes the vertical tab, RE2 does not.
  db.AddFile("t.json", SignatureFile({MinimalSignature("t.vt", "key\\s(tok_[a-z0-9]{12})")}), false);
  REQUIRE(db.Finish().ok());
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, {DefaultCacheDir()}, &rules).ok());
  TempDir dir;
  dir.Write("a.txt", "key\vtok_q8ztr2vlm0pk\nkey tok_b7yqs1ukl9oj\n");
  dir.Write("b.txt", "key\vtok_c7yqs1ukl9oj\n");
  FileSourceOptions o;
  o.roots = {dir.path()};
  FileSystemSource source(o);
  Diagnostics diag(/*quiet=*/true, false);
  ScanResult r;
  ScanOptions so;
  so.max_decode_depth = 0;
  REQUIRE(Scan(source, *rules, so, diag, &r).ok());
  CHECK(r.findings.size() == 1);
  CHECK(r.stats.engine_disagreements == 2);
}

// Calls the visitor on fixed blobs in the given order (as a worker pool may).
class FixedOrderSource : public ContentSource {
 public:
  explicit FixedOrderSource(std::vector<std::pair<std::string, std::string>> blobs)
      : blobs_(std::move(blobs)) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics&) override {
    for (const auto& [path, text] : blobs_) {
      Blob b;
      b.path = path;
      b.data = text;
      counters.files_scanned++;
      visit(b);
    }
    return Status::Ok();
  }

 private:
  std::vector<std::pair<std::string, std::string>> blobs_;
};

// Regression (issue 12): the first location to reach the shared map under
// the lock gave the finding its facts and confidence, so they depended on
// which thread won. Now per-thread results merge in one order.
TEST_CASE("a finding's fields do not depend on the order blobs are visited") {
  Fixture fx;
  // The same secret in clear and base64-encoded: one finding, whose facts
  // ("encoded") must come from the same location either way.
  const std::pair<std::string, std::string> plain{"b.txt", "key tok_q8ztr2vlm0pk\n"};
  const std::pair<std::string, std::string> encoded{"a.txt", "blob dG9rX3E4enRyMnZsbTBwaw==\n"};
  auto run = [&](std::vector<std::pair<std::string, std::string>> blobs) {
    FixedOrderSource source(std::move(blobs));
    Diagnostics diag(/*quiet=*/true, false);
    ScanOptions so;
    so.fingerprint_key = "k";
    ScanResult r;
    REQUIRE(Scan(source, *fx.rules, so, diag, &r).ok());
    return r;
  };
  ScanResult x = run({plain, encoded});
  ScanResult y = run({encoded, plain});
  REQUIRE(x.findings.size() == 1);
  REQUIRE(y.findings.size() == 1);
  REQUIRE(x.findings[0].locations.size() == 2);
  CHECK(x.findings[0].facts == y.findings[0].facts);
  CHECK(x.findings[0].confidence == y.findings[0].confidence);
  CHECK(x.findings[0].facts.count("encoded") == 1);  // a.txt sorts first
  for (size_t i = 0; i < 2; ++i) CHECK(x.findings[0].locations[i].path == y.findings[0].locations[i].path);
}

TEST_CASE("output is identical for any thread count") {
  Fixture fx;
  TempDir dir;
  for (int i = 0; i < 200; ++i)
    dir.Write("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt",
              "tok_" + std::string(1, static_cast<char>('a' + i % 26)) + "8ztr2vlm0p" +
                  std::to_string(i % 10) + "\n");
  ScanResult a = fx.Run({dir.path()});
  ScanResult b = fx.Run({dir.path()});
  REQUIRE(a.findings.size() == b.findings.size());
  for (size_t i = 0; i < a.findings.size(); ++i) {
    CHECK(a.findings[i].fingerprint == b.findings[i].fingerprint);
    CHECK(a.findings[i].locations.size() == b.findings[i].locations.size());
  }
}

}  // namespace
}  // namespace blastradius
