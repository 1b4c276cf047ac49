// policy/: baseline files, inline allow markers and .blastradius.json.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "scanner/pipeline/scan.h"
#include "scanner/policy/allow_markers.h"
#include "scanner/policy/baseline.h"
#include "scanner/policy/config.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/file_source.h"
#include "scanner/walk/path_filter.h"
#include "tests/testutil/signature_fixture.h"
#include "tests/testutil/temp_dir.h"

namespace blastradius {
namespace {

using testing::MinimalSignature;
using testing::SignatureFile;
using testing::TempDir;

// ---------------------------------------------------------------- baseline

struct Scanner {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<PathFilter> filter;
  Scanner() {
    db.AddFile("t.json", SignatureFile({MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b")}), false);
    REQUIRE(db.Finish().ok());
    REQUIRE(RuleSet::Compile(db, {}, &rules).ok());
    REQUIRE(PathFilter::Create({}, true, &filter).ok());
  }
  // (rule id, secret, path:line) of every location.
  std::vector<Finding> Run(const std::string& root) {
    FileSourceOptions o;
    o.roots = {root};
    o.filter = filter.get();
    FileSystemSource source(o);
    Diagnostics diag(true, false);
    ScanOptions so;
    so.show_secrets = true;  // the test needs the secret to compute keys
    ScanResult r;
    REQUIRE(Scan(source, *rules, so, diag, &r).ok());
    return r.findings;
  }
};

std::vector<std::string> NotInBaseline(const Baseline& b, const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings)
    if (!b.Contains(BaselineKey(b, f.rule->id, f.secret))) out.push_back(f.secret);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("baseline keys: HMAC of rule and secret, salted, line independent") {
  Baseline a = Baseline::New();
  Baseline b = Baseline::New();
  CHECK(a.salt().size() == 32);
  CHECK(a.salt() != b.salt());
  std::string k = BaselineKey(a, "github.pat", "ghp_secret");
  CHECK(k.size() == 64);
  CHECK(k == a.Key("github.pat", "ghp_secret"));
  CHECK(k != BaselineKey(b, "github.pat", "ghp_secret"));  // salted
  CHECK(k != BaselineKey(a, "github.pat2", "ghp_secret"));
  CHECK(k != BaselineKey(a, "github.pa", "tghp_secret"));  // the NUL separator matters
  CHECK(Baseline::SameSalt(a).Key("github.pat", "ghp_secret") == k);

  // Pinned against an independent HMAC-SHA256 (Python's hmac module):
  // key = the salt's bytes, message = rule id, NUL, secret.
  Baseline fixed;
  REQUIRE(
      Baseline::Parse(R"({"version":1,"salt":"00112233445566778899aabbccddeeff","entries":[]})", "x", &fixed)
          .ok());
  CHECK(fixed.Key("github.pat", "ghp_secret") ==
        "8c3aca7f2180f64a26f7e30df261c42ac1aa69631db9457227b8945d605343eb");
}

TEST_CASE("baseline file: sorted, unique, no lines, round trip") {
  Baseline b = Baseline::New();
  b.Add(std::string(64, 'f'));
  b.Add(std::string(64, 'a'));
  b.Add(std::string(64, 'f'));
  std::string text = b.Serialize();
  CHECK(text == "{\n  \"version\": 1,\n  \"salt\": \"" + b.salt() + "\",\n  \"entries\": [\n    \"" +
                    std::string(64, 'a') + "\",\n    \"" + std::string(64, 'f') + "\"\n  ]\n}\n");
  TempDir dir;
  std::string path = dir.path() + "/baseline.json";
  REQUIRE(b.Write(path).ok());
  Baseline loaded;
  REQUIRE(Baseline::Load(path, &loaded).ok());
  CHECK(loaded.salt() == b.salt());
  CHECK(loaded.entries() == b.entries());
  CHECK(loaded.Serialize() == text);  // byte-identical rewrite
}

TEST_CASE("baseline round trip through real scans, with lines and files moving") {
  Scanner scanner;
  TempDir dir;
  dir.Write("a.env", "A=tok_q8ztr2vlm0pk\nB=tok_b7yqs1ukl9oj\n");
  dir.Write("src/c.py", "c = 'tok_z7yqs1ukl9oj'\n");
  auto first = scanner.Run(dir.path());
  REQUIRE(first.size() == 3);

  // --write-baseline
  Baseline written = Baseline::New();
  for (const auto& f : first) written.Add(BaselineKey(written, f.rule->id, f.secret));
  std::string path = dir.path() + "/.blastradius-baseline.json";
  REQUIRE(written.Write(path).ok());
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  CHECK(text.find("tok_") == std::string::npos);
  CHECK(text.find("a.env") == std::string::npos);

  // Lines move, a secret moves to another file, a new one appears.
  dir.Write("a.env", "# comment\n\n\nB=tok_b7yqs1ukl9oj\nZ=1\nA=tok_q8ztr2vlm0pk\n");
  std::filesystem::remove(dir.path() + "/src/c.py");
  dir.Write("moved/c2.py", "\n\nc = 'tok_z7yqs1ukl9oj'\n");
  dir.Write("new.txt", "tok_m3nx8wq2ke5r\n");
  Baseline loaded;
  REQUIRE(Baseline::Load(path, &loaded).ok());
  auto second = scanner.Run(dir.path());
  CHECK(NotInBaseline(loaded, second) == std::vector<std::string>{"tok_m3nx8wq2ke5r"});

  // --baseline-prune: B was rotated away; its entry goes.
  dir.Write("a.env", "A=tok_q8ztr2vlm0pk\n");
  Baseline seen = Baseline::SameSalt(loaded);
  for (const auto& f : scanner.Run(dir.path())) seen.Add(BaselineKey(seen, f.rule->id, f.secret));
  CHECK(loaded.Prune(seen) == 1);
  CHECK(loaded.size() == 2);
  CHECK(loaded.Contains(BaselineKey(loaded, "t.tok", "tok_q8ztr2vlm0pk")));
  CHECK_FALSE(loaded.Contains(BaselineKey(loaded, "t.tok", "tok_b7yqs1ukl9oj")));
  CHECK_FALSE(loaded.Contains(BaselineKey(loaded, "t.tok", "tok_m3nx8wq2ke5r")));  // prune never adds
}

TEST_CASE("corrupt baseline files name the file and the JSON pointer") {
  auto err = [](const std::string& json) {
    Baseline b;
    Status s = Baseline::Parse(json, "bl.json", &b);
    REQUIRE_FALSE(s.ok());
    return s.message();
  };
  std::string salt = "\"00112233445566778899aabbccddeeff\"";
  std::string good = std::string(64, '0');
  CHECK(err("{").rfind("bl.json: not valid JSON: ", 0) == 0);
  CHECK(err("[]") == "bl.json: expected a JSON object {\"version\", \"salt\", \"entries\"}");
  CHECK(err(R"({"version":2,"salt":)" + salt + R"(,"entries":[]})") ==
        "bl.json: /version: 2 is not a supported baseline version (expected 1)");
  CHECK(err(R"({"version":1,"entries":[]})") == "bl.json: /salt: missing");
  CHECK(err(R"({"version":1,"salt":"xyz","entries":[]})") ==
        "bl.json: /salt: expected an even number (at least 16) of lower-case hex digits");
  CHECK(err(R"({"version":1,"salt":)" + salt + R"(,"entries":{}})") ==
        "bl.json: /entries: expected an array");
  CHECK(err(R"({"version":1,"salt":)" + salt + R"(,"entries":[")" + good + R"(", "ABC"]})") ==
        "bl.json: /entries/1: expected 64 lower-case hex digits");
  CHECK(err(R"({"version":1,"salt":)" + salt + R"(,"entries":[],"when":"today"})") ==
        "bl.json: /when: unknown key (expected version, salt, entries)");
  Baseline b;
  Status s = Baseline::Load("/nonexistent/bl.json", &b);
  CHECK_FALSE(s.ok());
  CHECK(s.message().rfind("/nonexistent/bl.json: ", 0) == 0);
}

TEST_CASE("BaselineSession: write, filter, prune") {
  TempDir dir;
  std::string path = dir.path() + "/bl.json";
  BaselineSession none;
  REQUIRE(none.Start("", "", false).ok());
  CHECK(none.filter() == nullptr);
  CHECK(none.seen() == nullptr);
  std::string note;
  REQUIRE(none.Finish(true, &note).ok());
  CHECK(note.empty());
  CHECK(none.Start("", "", true).message() == "--baseline-prune needs --baseline FILE");

  BaselineSession write;
  REQUIRE(write.Start("", path, false).ok());
  CHECK(write.filter() == nullptr);
  REQUIRE(write.seen());
  write.seen()->Add(BaselineKey(*write.seen(), "r", "s1"));
  write.seen()->Add(BaselineKey(*write.seen(), "r", "s2"));
  REQUIRE(write.Finish(true, &note).ok());
  CHECK(note == path + ": baseline written with 2 entries");

  BaselineSession prune;
  REQUIRE(prune.Start(path, "", true).ok());
  REQUIRE(prune.filter());
  CHECK(prune.filter()->Contains(BaselineKey(*prune.filter(), "r", "s1")));
  prune.seen()->Add(BaselineKey(*prune.seen(), "r", "s2"));  // s1 is gone
  REQUIRE(prune.Finish(true, &note).ok());
  CHECK(note == path + ": pruned 1 entry, 1 left");
  Baseline after;
  REQUIRE(Baseline::Load(path, &after).ok());
  CHECK(after.size() == 1);
  CHECK(after.Contains(BaselineKey(after, "r", "s2")));

  BaselineSession corrupt;
  dir.Write("bad.json", R"({"version": 1, "salt": "00112233445566778899aabbccddeeff", "entries": [7]})");
  CHECK(corrupt.Start(dir.path() + "/bad.json", "", false).message() ==
        dir.path() + "/bad.json: /entries/0: expected 64 lower-case hex digits");
}

TEST_CASE("BaselineSession: prune refused after an incomplete scan, file unchanged (issue 13.12)") {
  TempDir dir;
  const std::string path = dir.path() + "/bl.json";
  Baseline b = Baseline::New();
  b.Add(BaselineKey(b, "r", "s1"));
  b.Add(BaselineKey(b, "r", "s2"));
  REQUIRE(b.Write(path).ok());
  const std::string before = b.Serialize();

  BaselineSession prune;
  REQUIRE(prune.Start(path, "", true).ok());
  prune.seen()->Add(BaselineKey(*prune.seen(), "r", "s2"));  // s1's file was not read
  std::string note;
  Status s = prune.Finish(/*complete=*/false, &note);
  CHECK_FALSE(s.ok());
  CHECK(s.message() ==
        path +
            ": --baseline-prune refused: the scan was not complete (see the inputs not scanned "
            "above); the baseline is unchanged");
  Baseline after;
  REQUIRE(Baseline::Load(path, &after).ok());
  CHECK(after.Serialize() == before);
}

TEST_CASE("BaselineSession: --write-baseline over an existing baseline keeps its salt (issue 13.12)") {
  TempDir dir;
  const std::string path = dir.path() + "/bl.json";
  Baseline old = Baseline::New();
  const std::string kept = BaselineKey(old, "r", "still-there");
  old.Add(kept);
  old.Add(BaselineKey(old, "r", "gone"));
  REQUIRE(old.Write(path).ok());

  BaselineSession regen;
  REQUIRE(regen.Start("", path, false).ok());
  CHECK(regen.seen()->salt() == old.salt());
  regen.seen()->Add(BaselineKey(*regen.seen(), "r", "still-there"));
  std::string note;
  REQUIRE(regen.Finish(true, &note).ok());
  CHECK(note == path + ": baseline written with 1 entry");
  Baseline after;
  REQUIRE(Baseline::Load(path, &after).ok());
  CHECK(after.salt() == old.salt());
  CHECK(after.entries() == std::set<std::string>{kept});

  // A file that is not a baseline is replaced with a new salt, and said so.
  dir.Write("junk.json", "not json");
  BaselineSession junk;
  REQUIRE(junk.Start("", dir.path() + "/junk.json", false).ok());
  CHECK(junk.seen()->salt() != old.salt());
  REQUIRE(junk.Finish(true, &note).ok());
  CHECK(note.starts_with(dir.path() + "/junk.json: baseline written with 0 entries; " + dir.path() +
                         "/junk.json: the existing file is not a baseline, a new salt was drawn ("));
}

// ------------------------------------------------------------ allow markers

std::optional<AllowMarkerKind> Kind(const std::string& text, uint32_t line) {
  auto m = FindAllowMarker(text, line);
  if (!m) return std::nullopt;
  return m->kind;
}

TEST_CASE("allow markers on the secret's line") {
  CHECK(Kind("k = 'tok_x'  # blastradius:allow\n", 1) == AllowMarkerKind::kBlastradius);
  CHECK(Kind("k = 'tok_x'  // gitleaks:allow\n", 1) == AllowMarkerKind::kGitleaks);
  CHECK(Kind("k = 'tok_x'  # pragma: allowlist secret\n", 1) == AllowMarkerKind::kDetectSecrets);
  CHECK(Kind("k = 'tok_x'  # pragma:allowlist secret\n", 1) == AllowMarkerKind::kDetectSecrets);
  CHECK(Kind("k = 'tok_x'  # pragma: whitelist secret\n", 1) == AllowMarkerKind::kDetectSecrets);
  CHECK(Kind("k = 'tok_x'  /* blastradius:allow */\r\n", 1) == AllowMarkerKind::kBlastradius);
  CHECK_FALSE(Kind("k = 'tok_x'\n", 1));
  CHECK_FALSE(Kind("k = 'tok_x'  # blastradius:allowed\n", 1));
  CHECK_FALSE(Kind("k = 'tok_x'  # blastradius: allow\n", 1));
  CHECK_FALSE(Kind("k = 'tok_x'  # pragma: allowlist secrets\n", 1));
  CHECK_FALSE(Kind("a\nk = 'tok_x'\n", 5));  // out of range
}

TEST_CASE("blastradius:allow reasons") {
  auto reason = [](const std::string& text) {
    auto m = FindAllowMarker(text, 1);
    REQUIRE(m);
    return m->reason;
  };
  CHECK(reason("x # blastradius:allow") == "");
  CHECK(reason("x # blastradius:allow test fixture, revoked 2024-05") == "test fixture, revoked 2024-05");
  CHECK(reason("x /* blastradius:allow: example key */") == "example key");
  CHECK(reason("x <!-- blastradius:allow (docs sample) -->") == "docs sample");
  CHECK(reason("x # BlastRadius:Allow mixed case") == "mixed case");
}

TEST_CASE("allow markers on the line above") {
  // A comment line of its own applies to the next line.
  CHECK(Kind("# blastradius:allow fixture\nk = 'tok_x'\n", 2) == AllowMarkerKind::kBlastradius);
  CHECK(Kind("  // gitleaks:allow\nk = 'tok_x'\n", 2) == AllowMarkerKind::kGitleaks);
  CHECK(Kind("-- pragma: allowlist secret\nk = 'tok_x'\n", 2) == AllowMarkerKind::kDetectSecrets);
  CHECK(Kind("<!-- blastradius:allow -->\n<a key=tok_x>\n", 2) == AllowMarkerKind::kBlastradius);
  CHECK(Kind("REM blastradius:allow\nset K=tok_x\n", 2) == AllowMarkerKind::kBlastradius);
  auto m = FindAllowMarker("# blastradius:allow\nk = 'tok_x'\n", 2);
  REQUIRE(m);
  CHECK(m->line == 1);
  // detect-secrets' nextline form applies to the next line only.
  CHECK(Kind("# pragma: allowlist nextline secret\nk = 'tok_x'\n", 2) ==
        AllowMarkerKind::kDetectSecretsNextLine);
  CHECK(Kind("x = 1  # pragma: allowlist nextline secret\nk = 'tok_x'\n", 2) ==
        AllowMarkerKind::kDetectSecretsNextLine);
  CHECK_FALSE(Kind("k = 'tok_x'  # pragma: allowlist nextline secret\n", 1));
  // A marker trailing another line's code covers that line only.
  CHECK_FALSE(Kind("a = 'tok_a'  # blastradius:allow\nb = 'tok_b'\n", 2));
  CHECK_FALSE(Kind("a = 'tok_a'  # gitleaks:allow\nb = 'tok_b'\n", 2));
  CHECK_FALSE(Kind("a = 'tok_a'  # pragma: allowlist secret\nb = 'tok_b'\n", 2));
  // Two lines above is too far.
  CHECK_FALSE(Kind("# blastradius:allow\n\nk = 'tok_x'\n", 3));
}

TEST_CASE("AllowMarkerName") {
  CHECK(std::string(AllowMarkerName(AllowMarkerKind::kDetectSecretsNextLine)) ==
        "pragma: allowlist nextline secret");
}

// ------------------------------------------------------------------ config

Status Parse(const std::string& json, Config* c, const std::string& base = ".") {
  return ParseConfig(json, ".blastradius.json", base, c);
}

std::string Error(const std::string& json) {
  Config c;
  Status s = Parse(json, &c);
  REQUIRE_FALSE(s.ok());
  return s.message();
}

TEST_CASE("config: every key") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/tools/sigs");
  dir.Write(".blastradius.json", R"({
    "exclude": ["fixtures/**", "*.snap"],
    "disable": ["t.noise"],
    "severity": {"t.tok": "low", "a/b~c": "critical"},
    "signatures": ["tools/sigs"],
    "fail_on": "high"
  })");
  CHECK(FindConfig(dir.path()) == dir.path() + "/.blastradius.json");
  Config c;
  Status s = LoadConfig(FindConfig(dir.path()), &c);
  REQUIRE_MESSAGE(s.ok(), s.message());
  CHECK(c.exclude == std::vector<std::string>{"fixtures/**", "*.snap"});
  CHECK(c.disable == std::vector<std::string>{"t.noise"});
  REQUIRE(c.severity.size() == 2);
  CHECK(c.severity[1].first == "t.tok");
  CHECK(c.severity[1].second == Severity::kLow);
  CHECK(c.signatures == std::vector<std::string>{dir.path() + "/tools/sigs"});
  CHECK(c.has_fail_on);
  CHECK(c.fail_on == Severity::kHigh);

  Config none;
  REQUIRE(Parse(R"({"fail_on": "none"})", &none).ok());
  CHECK(none.has_fail_on);
  CHECK_FALSE(none.fail_on.has_value());
  Config empty;
  REQUIRE(Parse("{}", &empty).ok());
  CHECK_FALSE(empty.has_fail_on);
}

TEST_CASE("config: FindConfig") {
  TempDir dir;
  CHECK(FindConfig(dir.path()) == "");
  dir.Write(".blastradius.json", "{}");
  CHECK(FindConfig(dir.path() + "/.blastradius.json") == "");  // a file root has none
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  CHECK(FindConfig(".") == ".blastradius.json");
  std::filesystem::current_path(cwd);
}

TEST_CASE("config errors name the file and the key") {
  CHECK(Error(R"({"severity": {"github.pat.classic": "urgent"}})") ==
        ".blastradius.json: /severity/github.pat.classic: \"urgent\" is not one of "
        "critical|high|medium|low|info");
  CHECK(Error(R"({"severity": {"a/b": 3}})") ==
        ".blastradius.json: /severity/a~1b: 3 is not one of critical|high|medium|low|info");
  CHECK(Error(R"({"severity": []})") ==
        ".blastradius.json: /severity: expected an object mapping signature ids to severities");
  CHECK(Error(R"({"fail_on": "info"})") ==
        ".blastradius.json: /fail_on: \"info\" is not one of critical|high|medium|low|none");
  CHECK(Error(R"({"fail_on": true})") ==
        ".blastradius.json: /fail_on: true is not one of critical|high|medium|low|none");
  CHECK(Error(R"({"exclude": "x"})") == ".blastradius.json: /exclude: expected an array of globs");
  CHECK(Error(R"({"exclude": ["ok", 1]})") == ".blastradius.json: /exclude/1: 1 is not a non-empty string");
  CHECK(Error(R"({"disable": [""]})") == ".blastradius.json: /disable/0: \"\" is not a non-empty string");
  CHECK(Error(R"({"signatures": ["does/not/exist"]})")
            .rfind(".blastradius.json: /signatures/0: \"does/not/exist\": no such directory", 0) == 0);
  CHECK(Error(R"({"exlude": []})") ==
        ".blastradius.json: /exlude: unknown key (expected exclude, disable, severity, signatures, fail_on)");
  CHECK(Error("[1]") ==
        ".blastradius.json: expected a JSON object with the keys exclude, disable, severity, signatures, "
        "fail_on");
  CHECK(Error("{,}").rfind(".blastradius.json: not valid JSON: ", 0) == 0);
  Config c;
  Status s = LoadConfig("/nonexistent/.blastradius.json", &c);
  CHECK(s.message().rfind("/nonexistent/.blastradius.json: ", 0) == 0);
}

TEST_CASE("config signature directories never leave the config's directory (issue 13.9)") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/repo/tools/sigs");
  std::filesystem::create_directories(dir.path() + "/outside");
  std::filesystem::create_symlink(dir.path() + "/outside", dir.path() + "/repo/tools/link");
  const std::string base = dir.path() + "/repo";
  auto error = [&](const std::string& json) {
    Config c;
    Status s = Parse(json, &c, base);
    return s.ok() ? std::string() : s.message();
  };
  CHECK(error(R"({"signatures": ["tools/sigs"]})").empty());
  CHECK(error(R"({"signatures": ["tools/../tools/sigs"]})").empty());
  CHECK(error(R"({"signatures": ["../outside"]})") ==
        ".blastradius.json: /signatures/0: \"../outside\": leaves the config file's directory (signature "
        "directories must be inside the repository)");
  CHECK(error(R"({"signatures": ["tools/link"]})") ==
        ".blastradius.json: /signatures/0: \"tools/link\": leaves the config file's directory (signature "
        "directories must be inside the repository)");
  CHECK(error(R"({"signatures": [")" + dir.path() + R"(/outside"]})") ==
        ".blastradius.json: /signatures/0: \"" + dir.path() +
            "/outside\": must be a path relative to the config file's directory");
}

TEST_CASE("config applied to signatures and findings") {
  SignatureDb db;
  db.AddFile("t.json",
             SignatureFile({MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b"),
                            MinimalSignature("t.noise", "\\b(noise_[a-z0-9]{12})\\b")}),
             false);
  Config bad;
  REQUIRE(Parse(R"({"disable": ["t.nope"]})", &bad).ok());
  Status s = ApplyConfigToSignatures(bad, &db);
  CHECK(s.message() ==
        ".blastradius.json: /disable/0: unknown signature id \"t.nope\" (see 'blastradius rules')");
  REQUIRE(Parse(R"({"severity": {"t.nope": "low"}})", &bad).ok());
  CHECK(ApplyConfigToSignatures(bad, &db).message() ==
        ".blastradius.json: /severity/t.nope: unknown signature id \"t.nope\" (see 'blastradius rules')");
  CHECK(db.signatures().size() == 2);

  Config c;
  REQUIRE(Parse(R"({"disable": ["t.noise"], "severity": {"t.tok": "critical"}})", &c).ok());
  REQUIRE(ApplyConfigToSignatures(c, &db).ok());
  REQUIRE(db.signatures().size() == 2);  // building: Finish() leaves the disabled out
  REQUIRE(db.Finish().ok());
  REQUIRE(db.signatures().size() == 1);
  CHECK(db.signatures()[0].card.id == "t.tok");
  // The finished database is immutable: policy after Finish() is refused.
  Status late = ApplyConfigToSignatures(c, &db);
  CHECK_FALSE(late.ok());
  CHECK(late.message().find("before SignatureDb::Finish()") != std::string::npos);
  CHECK(db.signatures().size() == 1);

  std::vector<Finding> findings(1);
  findings[0].rule = &db.signatures()[0].card;
  findings[0].severity = Severity::kMedium;
  ApplySeverityOverrides(c, &findings);
  CHECK(findings[0].severity == Severity::kCritical);
}

}  // namespace
}  // namespace blastradius
