// File-system source and pipeline: walker edge cases.
#include "scanner/source/file_source.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "reports/report.h"
#include "scanner/core/line_hash.h"
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
    s = RuleSet::Compile(db, RuleSetOptions{DefaultCacheDir(), {}, nullptr}, &rules);
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

// Regression (issue 12): `scan a b` where both hold config/app.env gave two
// identical locations and no sprawl.
TEST_CASE("several roots holding the same relative path: two locations, each under its root") {
  Fixture fx;
  TempDir a, b;
  a.Write("config/app.env", "KEY=tok_q8ztr2vlm0pk\n");
  b.Write("config/app.env", "KEY=tok_q8ztr2vlm0pk\n");
  b.Write("tests/x.env", "KEY=tok_b7yqs1ukl9oj\n");
  ScanResult r = fx.Run({a.path(), b.path() + "/"});
  REQUIRE(r.findings.size() == 2);
  const Finding& f = r.findings[0].rule->id == "t.tok" && r.findings[0].locations.size() == 2 ? r.findings[0]
                                                                                              : r.findings[1];
  REQUIRE(f.locations.size() == 2);
  std::vector<std::string> paths{f.locations[0].path, f.locations[1].path};
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> want{a.path() + "/config/app.env", b.path() + "/config/app.env"};
  std::sort(want.begin(), want.end());
  CHECK(paths == want);
  CHECK(std::any_of(f.factors.begin(), f.factors.end(), [](const Factor& x) {
    return x.name == "sprawl" && x.evidence == "same secret in 2 files";
  }));
  // Scored on the root-relative path: tests/x.env is a test file under b.
  const Finding& t = &f == &r.findings[0] ? r.findings[1] : r.findings[0];
  CHECK(t.locations[0].path == b.path() + "/tests/x.env");
  CHECK(t.locations[0].environment == "test");
  // One root: paths stay relative to it.
  ScanResult one = fx.Run({a.path()});
  REQUIRE(one.findings.size() == 1);
  CHECK(one.findings[0].locations[0].path == "config/app.env");
}

TEST_CASE("UTF-16 with a byte order mark is text, transcoded losslessly (issue 13.13)") {
  auto utf16 = [](std::u16string_view text, bool little) {
    std::string out = little ? std::string("\xff\xfe") : std::string("\xfe\xff");
    for (char16_t u : text) {
      const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
      out += little ? std::string{lo, hi} : std::string{hi, lo};
    }
    return out;
  };
  const std::u16string_view text = u"key=caf\u00e9 \U0001F511\r\nT=x";
  for (bool little : {true, false}) {
    CAPTURE(little);
    const std::string data = utf16(text, little);
    CHECK_FALSE(LooksBinary(data));
    std::string out;
    REQUIRE(TranscodeUtf16(data, &out));
    CHECK(out == "key=caf\xc3\xa9 \xf0\x9f\x94\x91\r\nT=x");
  }
  // A NUL code unit is still binary; no mark, no transcoding.
  CHECK(LooksBinary(utf16(std::u16string_view(u"a\0b", 3), true)));
  std::string out;
  CHECK_FALSE(TranscodeUtf16("plain", &out));
  // Unpaired surrogates and an odd trailing byte become U+FFFD, not dropped.
  REQUIRE(TranscodeUtf16(std::string("\xff\xfe\x00\xd8\x41\x00\x7a", 7), &out));
  CHECK(out ==
        "\xef\xbf\xbd"
        "A"
        "\xef\xbf\xbd");
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

// The error is faked through the source's I/O seam, so the test runs (and
// can fail) as root too, which reads every file whatever its mode.
TEST_CASE("unreadable files are reported and counted; the scan goes on") {
  Fixture fx;
  TempDir dir;
  dir.Write("secret.txt", "tok_q8ztr2vlm0pk");
  dir.Write("ok.txt", "tok_b7yqs1ukl9oj");
  FileSourceOptions o;
  o.roots = {dir.path()};
  o.filter = fx.filter.get();
  std::vector<std::string> asked;
  std::mutex mu;
  o.inject_open_error = [&](const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    asked.push_back(path);
    return path == "secret.txt" ? EACCES : 0;
  };
  FileSystemSource source(o);
  Diagnostics diag(/*quiet=*/true, false);
  ScanResult r;
  REQUIRE(Scan(source, *fx.rules, {}, diag, &r).ok());
  REQUIRE(r.stats.errors.size() == 1);
  CHECK(r.stats.errors[0].path == "secret.txt");
  CHECK(r.stats.errors[0].message == std::string("cannot open: ") + std::strerror(EACCES));
  CHECK(r.stats.files_scanned == 1);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].locations[0].path == "ok.txt");
  std::sort(asked.begin(), asked.end());
  CHECK(asked == std::vector<std::string>{"ok.txt", "secret.txt"});  // the seam saw every open
}

// The same through the file system: mode 0 stops everyone but root.
TEST_CASE("a file with mode 0 is reported (not as root)") {
  if (geteuid() == 0) {
    MESSAGE("skipped: running as root, which reads files of mode 0 (the injected-error test covers it)");
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
  // \v: Vectorscan's vertical-space class holds the carriage return, RE2's
  // vertical tab does not.
  db.AddFile("t.json", SignatureFile({MinimalSignature("t.vt", "key\\v(tok_[a-z0-9]{12})")}), false);
  REQUIRE(db.Finish().ok());
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, RuleSetOptions{DefaultCacheDir(), {}, nullptr}, &rules).ok());
  TempDir dir;
  dir.Write("a.txt", "key\rtok_q8ztr2vlm0pk\nkey\vtok_b7yqs1ukl9oj\n");
  dir.Write("b.txt", "key\rtok_c7yqs1ukl9oj\n");
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

// Every report format's bytes for one scan of `roots` with at most
// `threads` worker threads (scan.duration_ms zeroed).
std::string ReportsWithThreads(Fixture& fx, const std::vector<std::string>& roots, int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
  // The implicit arena never grows past the hardware's concurrency: an
  // explicit one gives 8 workers on a 2-core machine too.
  tbb::task_arena arena(threads);
  ScanResult r;
  arena.execute([&] {
    FileSourceOptions o;
    o.roots = roots;
    o.filter = fx.filter.get();
    o.classify_exposure = false;
    FileSystemSource source(o);
    Diagnostics diag(/*quiet=*/true, false);
    ScanOptions so;
    so.fingerprint_key = "fixed";
    REQUIRE(Scan(source, *fx.rules, so, diag, &r).ok());
  });
  r.stats.duration_ms = 0;
  std::string all;
  for (const std::string& format : ReportFormats()) {
    Report report;
    report.tool_version = "test";
    report.findings = &r.findings;
    report.stats = &r.stats;
    report.verbose = true;
    std::string out;
    REQUIRE(MakeReportWriter(format)->Write(report, &out).ok());
    all += "==== " + format + "\n" + out;
  }
  return all;
}

TEST_CASE("the scan computes each location's line hash from the bytes it scanned") {
  Fixture fx;
  const std::string text = "# settings\n\n  KEY=tok_q8ztr2vlm0pk\nother\n";
  FixedOrderSource source({{"a.env", text}});
  Diagnostics diag(/*quiet=*/true, false);
  ScanResult r;
  REQUIRE(Scan(source, *fx.rules, {}, diag, &r).ok());
  REQUIRE(r.findings.size() == 1);
  const Location& l = r.findings[0].locations[0];
  REQUIRE(l.line == 3);
  CHECK(l.line_hash == PrimaryLocationLineHashes(text).at(2));
}

TEST_CASE("without line hashes (no SARIF report asked for) the location's line hash is empty") {
  Fixture fx;
  const std::string text = "# settings\n\n  KEY=tok_q8ztr2vlm0pk\nother\n";
  FixedOrderSource source({{"a.env", text}});
  Diagnostics diag(/*quiet=*/true, false);
  ScanOptions options;
  options.line_hashes = false;
  ScanResult r;
  REQUIRE(Scan(source, *fx.rules, options, diag, &r).ok());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].locations[0].line == 3);
  CHECK(r.findings[0].locations[0].line_hash.empty());
}

// Regression (issue 12): this test ran twice with the default thread count,
// and compared only fingerprints and location counts.
TEST_CASE("output is byte for byte identical for 1, 2 and 8 threads") {
  Fixture fx;
  // Two roots with the same relative paths and the same secrets at the same
  // positions, under different key names; in clear in some directories and
  // base64-encoded in others. Which thread reaches a secret or a path first
  // must not show anywhere in any report.
  TempDir a, b;
  const char* encoded[] = {"dG9rX3E4enRyMnZsbTBwaw==", "dG9rX2I3eXFzMXVrbDlvag=="};
  for (int i = 0; i < 200; ++i) {
    const int d = i % 8;
    std::string rel = "d" + std::to_string(d) + "/f" + std::to_string(i) + ".txt";
    std::string own = "tok_" + std::string(1, static_cast<char>('a' + i % 26)) + "8ztr2vlm0p" +
                      std::to_string(i % 10) + "\n";
    std::string shared = d % 2 == 0 ? "KEY=tok_q8ztr2vlm0pk\nx tok_b7yqs1ukl9oj\n"
                                    : std::string("blob ") + encoded[0] + "\nblob " + encoded[1] + "\n";
    a.Write(rel, own + "AAA_" + shared);
    b.Write(rel, own + "BBB_" + shared);
  }
  const std::vector<std::string> roots{a.path(), b.path()};
  const std::string one = ReportsWithThreads(fx, roots, 1);
  CHECK(one.find("\"files_scanned\": 400") != std::string::npos);
  for (int threads : {2, 8, 1, 8}) {
    CAPTURE(threads);
    CHECK(ReportsWithThreads(fx, roots, threads) == one);
  }
}

}  // namespace
}  // namespace blastradius
