// The file-system source and the git index source (scan --staged) give the
// same findings on the same content: the sources only differ in where the
// bytes come from and what exposure they name (issue 12).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>

#include "scanner/context/language.h"
#include "scanner/core/file_io.h"
#include "scanner/git/index_source.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/provider_index.h"
#include "scanner/pipeline/scan.h"
#include "scanner/source/file_source.h"
#include "scanner/walk/path_filter.h"
#include "tests/git/git_test_repo.h"

namespace blastradius {
namespace {

using testing::TestRepo;

struct Engine {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<ProviderIndex> providers;
  std::unique_ptr<LanguageRegistry> languages;
  std::unique_ptr<PathFilter> filter;
  Engine() {
    db.AddBuiltin();
    Status s = db.Finish();
    REQUIRE_MESSAGE(s.ok(), s.message());
    RuleSetOptions o;
    o.cache_dir = DefaultCacheDir();
    o.prebuilt = EmbeddedPatternDatabase();
    s = RuleSet::Compile(db, o, &rules);
    REQUIRE_MESSAGE(s.ok(), s.message());
    providers = std::make_unique<ProviderIndex>(*rules);
    // Builds without grammars scan without context, like the CLI.
    if (!LanguageRegistry::Build(&languages).ok()) languages.reset();
    REQUIRE(PathFilter::Create({}, true, &filter).ok());
  }
  ScanResult Run(ContentSource& source) {
    Diagnostics diag(/*quiet=*/true, false);
    ScanOptions so;
    so.providers = providers.get();
    so.languages = languages.get();
    so.now = 1700000000;
    so.fingerprint_key = "parity";
    ScanResult r;
    Status s = Scan(source, *rules, so, diag, &r);
    REQUIRE_MESSAGE(s.ok(), s.message());
    return r;
  }
};

// Everything a report shows about the findings, exposure aside.
std::string Describe(const ScanResult& r) {
  std::string out;
  for (const auto& f : r.findings) {
    out += fmt::format("{} {} {} damage={:.3f} confidence={:.3f} {} {}\n", f.rule->id, f.fingerprint,
                       f.secret_redacted, f.blast_radius, f.confidence_score, SeverityName(f.severity),
                       ConfidenceName(f.confidence));
    for (const auto& x : f.factors)
      out += fmt::format("  factor {} {} {:+.3f} {}\n", x.axis, x.name, x.effect, x.evidence);
    for (const auto& n : f.notes) out += "  note " + n + "\n";
    for (const auto& [k, v] : f.facts) out += "  fact " + k + "=" + v + "\n";
    for (const auto& l : f.locations)
      out += fmt::format("  at {}:{}:{}-{}:{} +{} key={} env={}\n", l.path, l.line, l.column, l.end_line,
                         l.end_column, l.offset, l.key_name, l.environment);
  }
  for (const auto& e : r.stats.errors) out += "error " + e.path + ": " + e.message + "\n";
  return out;
}

TEST_CASE("file system and staged index: the same findings on the same content") {
  Engine engine;
  TestRepo repo;
  // The demo project (several languages, .env, a JWT, cloud keys), plus a
  // secret in two files, a base64-encoded one and a generic password.
  const std::filesystem::path demo = std::filesystem::path(BLASTRADIUS_SOURCE_DIR) / "examples/demo";
  for (const auto& e : std::filesystem::recursive_directory_iterator(demo)) {
    if (!e.is_regular_file()) continue;
    std::string text;
    REQUIRE(ReadWholeFile(e.path().string(), &text).ok());
    repo.Write(std::filesystem::relative(e.path(), demo).string(), text);
  }
  repo.Write("config/copy.env", "STRIPE_SECRET_KEY=sk_live_8yurODeXsHCcGRxT8S14DculLPXQG5x9ddrvGv3D\n");
  repo.Write("config/encoded.yaml",
             "token: c2tfbGl2ZV84eXVyT0RlWHNIQ2NHUnhUOFMxNERjdWxMUFhRRzV4OWRkcnZHdjNE\n");
  repo.Write("app/settings.py", "DB_PASSWORD = \"Hq7vKp2xZt9rWm4s\"\n");
  repo.Git({"add", "-A", "-f"});

  FileSourceOptions fo;
  fo.roots = {repo.path()};
  fo.filter = engine.filter.get();
  FileSystemSource fs(fo);
  ScanResult from_files = engine.Run(fs);

  GitIndexSourceOptions io;
  io.repo = repo.path();
  io.filter = engine.filter.get();
  GitIndexSource index(io);
  ScanResult from_index = engine.Run(index);

  REQUIRE(from_files.findings.size() >= 8);
  CHECK(from_files.stats.files_scanned == from_index.stats.files_scanned);
  CHECK(Describe(from_files) == Describe(from_index));
  for (const auto& f : from_index.findings)
    for (const auto& l : f.locations) CHECK(l.exposure == Exposure::kStaged);
}

}  // namespace
}  // namespace blastradius
