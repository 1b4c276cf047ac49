// Report writers on a fixed in-memory fixture: golden files for every
// format, no secret in any output unless asked for, and the format-specific
// rules (Markdown escaping and size, SARIF limits and line hashes, GitLab
// fields, HTML self-containment and escaping).
//
// Golden files live in tests/reports/golden/. After an intended change, run
// this test with BLASTRADIUS_UPDATE_GOLDEN=1 and review the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "reports/format_util.h"
#include "reports/report.h"
#include "reports/writers.h"
#include "scanner/core/line_hash.h"
#include "tests/reports/fixture.h"

namespace blastradius {
namespace {

using testing::MakeReportFixture;
using testing::ReportFixture;

const std::filesystem::path kGoldenDir =
    std::filesystem::path(BLASTRADIUS_SOURCE_DIR) / "tests/reports/golden";

std::string Render(const std::string& format, const Report& report) {
  auto writer = MakeReportWriter(format);
  REQUIRE_MESSAGE(writer != nullptr, format);
  std::string out;
  Status s = writer->Write(report, &out);
  REQUIRE_MESSAGE(s.ok(), format << ": " << s.message());
  return out;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CheckGolden(const std::string& name, const std::string& actual) {
  const auto path = kGoldenDir / name;
  const char* update = std::getenv("BLASTRADIUS_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(kGoldenDir);
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("updated " << path.string());
    return;
  }
  REQUIRE_MESSAGE(std::filesystem::exists(path),
                  path.string() << " is missing; run with BLASTRADIUS_UPDATE_GOLDEN=1 to create it");
  const std::string expected = ReadFile(path);
  if (expected == actual) return;
  // Point at the first differing line and keep the actual output for diffing.
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    bool more_e = static_cast<bool>(std::getline(e, el));
    bool more_a = static_cast<bool>(std::getline(a, al));
    if (!more_e && !more_a) break;
    if (!more_e || !more_a || el != al) break;
  }
  const auto actual_path = std::filesystem::current_path() / ("golden-actual-" + name);
  std::ofstream(actual_path, std::ios::binary) << actual;
  FAIL_CHECK(name << " differs from its golden file at line " << line << ":\n  expected: " << el
                  << "\n  actual:   " << al << "\nactual output: " << actual_path.string()
                  << "\nIf the change is intended, rerun with BLASTRADIUS_UPDATE_GOLDEN=1.");
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

// ---------------------------------------------------------------------------

TEST_CASE("UTF-8 validity and the lossless path form (issue 13.13)") {
  CHECK(IsValidUtf8("plain/caf\xc3\xa9.env"));
  CHECK(IsValidUtf8(""));
  CHECK_FALSE(IsValidUtf8("caf\xe9.env"));
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xe2\x82"));          // cut short
  CHECK(PercentEncodeInvalidUtf8("d/caf\xe9.env") == "d/caf%E9.env");
  CHECK(PercentEncodeInvalidUtf8("d/caf\xe8.env") == "d/caf%E8.env");
  // '%' is escaped too, so a name spelled "%E9" stays distinct; valid
  // multi-byte sequences are kept.
  CHECK(PercentEncodeInvalidUtf8("%E9\xff\xc3\xa9") == "%25E9%FF\xc3\xa9");
}

TEST_CASE("json: non-UTF-8 paths carry path_bytes, so two names never collide (issue 13.13)") {
  ReportFixture fx = MakeReportFixture();
  REQUIRE(fx.findings.size() >= 2);
  fx.findings[0].locations[0].path = "d/caf\xe9.env";
  fx.findings[1].locations[0].path = "d/caf\xe8.env";
  fx.stats.errors.push_back({"d/x\xff", "cannot read"});
  std::string out;
  REQUIRE(MakeReportWriter("json")->Write(fx.MakeReport(), &out).ok());
  const auto j = nlohmann::json::parse(out);
  const auto& l0 = j["findings"][0]["locations"][0];
  const auto& l1 = j["findings"][1]["locations"][0];
  CHECK(l0["path_bytes"] == "d/caf%E9.env");
  CHECK(l1["path_bytes"] == "d/caf%E8.env");
  CHECK(l0["path"] == l1["path"]);  // both shown with U+FFFD
  CHECK(j["scan"]["errors"].back()["path_bytes"] == "d/x%FF");
  CHECK_FALSE(j["findings"][2]["locations"][0].contains("path_bytes"));
}

TEST_CASE("json: a large report is handed on in bounded pieces, printed as nlohmann prints the whole") {
  ReportFixture fx = MakeReportFixture();
  const std::vector<Finding> one_set = fx.findings;
  while (fx.findings.size() < 4000) fx.findings.insert(fx.findings.end(), one_set.begin(), one_set.end());
  const Report report = fx.MakeReport();
  auto writer = MakeReportWriter("json");
  REQUIRE(writer->Streams());
  std::vector<std::string> pieces;
  REQUIRE(writer
              ->Stream(report,
                       [&](std::string_view piece) {
                         pieces.emplace_back(piece);
                         return Status::Ok();
                       })
              .ok());
  std::string whole;
  for (const auto& p : pieces) whole += p;
  REQUIRE(whole.size() > 3 * (size_t{1} << 20));
  CHECK(pieces.size() >= 3);
  for (const auto& p : pieces) CHECK(p.size() < (size_t{1} << 20) + 64 * 1024);
  // The same bytes as Write, and as nlohmann's own dump of the document.
  std::string written;
  REQUIRE(writer->Write(report, &written).ok());
  CHECK(written == whole);
  const auto doc = nlohmann::ordered_json::parse(whole);
  CHECK(doc["findings"].size() == fx.findings.size());
  CHECK(doc.dump(2) + "\n" == whole);
  // A sink's error stops the writer and is its result.
  size_t calls = 0;
  Status failed = writer->Stream(report, [&](std::string_view) {
    ++calls;
    return Status::IoError("disk full");
  });
  CHECK_FALSE(failed.ok());
  CHECK(failed.message() == "disk full");
  CHECK(calls == 1);
}

TEST_CASE("every report but the HTML one names the config and baseline applied (issue 13.9)") {
  ReportFixture fx = MakeReportFixture();
  fx.stats.config = "repo/.blastradius.json";
  fx.stats.baseline = "repo/accepted.json";
  const Report report = fx.MakeReport();
  for (const char* format : {"text", "json", "sarif", "markdown"}) {
    CAPTURE(format);
    const std::string out = Render(format, report);
    CHECK(out.find("repo/.blastradius.json") != std::string::npos);
    CHECK(out.find("repo/accepted.json") != std::string::npos);
  }
  const auto j = nlohmann::json::parse(Render("json", report));
  CHECK(j["scan"]["config"] == "repo/.blastradius.json");
  CHECK(j["scan"]["baseline"] == "repo/accepted.json");
  CHECK(Render("text", report)
            .find("policy applied: config repo/.blastradius.json; baseline repo/accepted.json") !=
        std::string::npos);
  // Without policy files the reports stay as they were.
  fx.stats.config.clear();
  fx.stats.baseline.clear();
  CHECK(Render("text", fx.MakeReport()).find("policy applied") == std::string::npos);
}

TEST_CASE("every documented format has a writer") {
  for (const char* name : {"text", "json", "sarif", "markdown", "html", "gitlab"}) {
    CHECK_MESSAGE(MakeReportWriter(name) != nullptr, name);
    bool listed = false;
    for (const auto& f : ReportFormats()) listed = listed || f == name;
    CHECK_MESSAGE(listed, name);
  }
  CHECK(MakeReportWriter("pdf") == nullptr);
}

TEST_CASE("golden files") {
  const ReportFixture fx = MakeReportFixture();
  Report report = fx.MakeReport();
  CheckGolden("text.txt", Render("text", report));
  CheckGolden("json.json", Render("json", report));
  CheckGolden("markdown.md", Render("markdown", report));
  CheckGolden("html.html", Render("html", report));
  {
    Report r = report;
    r.verbose = true;
    CheckGolden("text-verbose.txt", Render("text", r));
  }
  CheckGolden("sarif.sarif", Render("sarif", report));
  {
    Report r = report;
    r.started_at = "2026-11-25T10:00:00Z";
    r.commit_sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    CheckGolden("gitlab.json", Render("gitlab", r));
  }
  {
    // No findings at all.
    const std::vector<Finding> none;
    Report r = report;
    r.findings = &none;
    CheckGolden("empty.md", Render("markdown", r));
    CheckGolden("empty.sarif", Render("sarif", r));
  }
}

TEST_CASE("every writer copes with hundreds of findings") {
  ReportFixture fx = MakeReportFixture(600);
  for (const auto& format : ReportFormats()) {
    const std::string out = Render(format, fx.MakeReport());
    CAPTURE(format);
    CHECK(!out.empty());
    if (format == "markdown") CHECK(out.size() < 64 * 1024);
  }
}

TEST_CASE("output is deterministic") {
  const ReportFixture a = MakeReportFixture();
  const ReportFixture b = MakeReportFixture();
  for (const auto& format : ReportFormats()) {
    CHECK_MESSAGE(Render(format, a.MakeReport()) == Render(format, b.MakeReport()), format);
  }
}

TEST_CASE("no writer prints a secret unless show_secrets; json prints them all when asked") {
  const ReportFixture fx = MakeReportFixture();
  REQUIRE(fx.secrets.size() == fx.findings.size());
  for (const auto& format : ReportFormats()) {
    for (bool show : {false, true}) {
      for (bool verbose : {false, true}) {
        Report r = fx.MakeReport(show);
        r.verbose = verbose;
        const std::string out = Render(format, r);
        CAPTURE(format);
        CAPTURE(show);
        CAPTURE(verbose);
        CHECK(out.find(testing::kPrivateFact) == std::string::npos);
        for (const auto& secret : fx.secrets) {
          // The whole secret, and a middle part that no redaction keeps.
          const bool whole = out.find(secret) != std::string::npos;
          const bool middle = out.find(secret.substr(6, 20)) != std::string::npos;
          if (!show || format == "markdown" || format == "gitlab") {
            CHECK_MESSAGE(!whole, format << " prints secret " << secret);
            CHECK_MESSAGE(!middle, format << " prints part of secret " << secret);
          } else if (format == "json") {
            CHECK_MESSAGE(whole, "json --show-secrets lacks " << secret);
          }
        }
      }
    }
  }
}

// --- Markdown --------------------------------------------------------------

TEST_CASE("markdown: ranked top 20, N more, escaped cells") {
  const ReportFixture fx = MakeReportFixture();
  const std::string md = Render("markdown", fx.MakeReport());
  CHECK(md.rfind("## blastradius: 25 credentials found\n", 0) == 0);
  CHECK(md.find("**1 critical** \u00B7 **5 high** \u00B7 11 medium \u00B7 7 low \u00B7 1 info") !=
        std::string::npos);
  CHECK(Count(md, "\n| ") == 21);  // header + 20 rows
  CHECK(md.find("and 5 more findings") != std::string::npos);
  // "|" escaped inside the code span; a fence longer than the inner backticks.
  CHECK(md.find("| ``src/app\\|main `cfg`.py:40`` |") != std::string::npos);
  // Rows in rank order: the first row is the highest blast radius.
  CHECK(md.find("| 9.7 | 0.97 | `fake.cloud.admin` | `account:admin` | `.env:3` | 3 |  |") !=
        std::string::npos);
  // Notes in the last cell, as inline code.
  CHECK(md.find("| 5.1 | 0.90 | `fake.mail.key` | `messaging:send` | `config/settings.json:7` | 1 | `paired "
                "with its "
                "FakeMail sender id (fkm_\u2026x1) at config/settings.json:6` |") != std::string::npos);
}

TEST_CASE("markdown stays far below the 1 MiB step-summary limit") {
  ReportFixture fx = MakeReportFixture(0);
  const Finding proto = fx.findings.front();
  for (int i = 0; i < 5000; ++i) {
    Finding f = proto;
    f.locations.front().path = std::string(4000, 'a') + "|`" + std::to_string(i);
    fx.findings.push_back(std::move(f));
  }
  const std::string md = Render("markdown", fx.MakeReport());
  CHECK(md.size() < 16 * 1024);
  CHECK(md.find("and 4,985 more findings") != std::string::npos);
}

TEST_CASE("markdown with no findings") {
  ReportFixture fx = MakeReportFixture();
  fx.findings.clear();
  const std::string md = Render("markdown", fx.MakeReport());
  CHECK(md.rfind("## blastradius: no credentials found\n", 0) == 0);
  CHECK(md.find("| Severity") == std::string::npos);
}

// --- SARIF -----------------------------------------------------------------

TEST_CASE("line hashes match GitHub's published test vectors") {
  // Expected values from github/codeql-action src/fingerprints.test.ts.
  using V = std::vector<std::string>;
  CHECK(PrimaryLocationLineHashes("") == V{"c129715d7a2bc9a3:1"});
  CHECK(PrimaryLocationLineHashes(" a\nb\n  \t\tc\n d") ==
        V{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"});
  const V with_final_newline{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1",
                             "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
                             "c129715d7a2bc9a3:1"};
  CHECK(PrimaryLocationLineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n") == with_final_newline);
  CHECK(PrimaryLocationLineHashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r") == with_final_newline);
  CHECK(PrimaryLocationLineHashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n") ==
        with_final_newline);
  CHECK(PrimaryLocationLineHashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n") ==
        with_final_newline);
  CHECK(PrimaryLocationLineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End") ==
        V{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
          "b86d3392aea1be30:1", "e6ceba753e1a442:1"});
  std::string lorem;
  for (int i = 0; i < 10; ++i) lorem += "Lorem ipsum dolor sit amet.\n";
  CHECK(PrimaryLocationLineHashes(lorem) ==
        V{"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
          "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
          "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"});
  // Non-ASCII and invalid UTF-8 still give one hash per line.
  CHECK(PrimaryLocationLineHashes("\xc3\xa9t\xc3\xa9\n\xff\xfe\n\xf0\x9f\x94\x91").size() == 3);
}

// The writer no longer reads files (issue 12): the hash is the location's,
// computed by the scan from the content it scanned.
TEST_CASE("sarif: primaryLocationLineHash from the location, for content in git") {
  ReportFixture fx = MakeReportFixture();
  for (bool show : {false, true}) {
    Report r = fx.MakeReport(show);
    auto with = nlohmann::json::parse(Render("sarif", r));
    const auto& results = with["runs"][0]["results"];
    REQUIRE(results.size() == fx.findings.size());
    size_t hashed = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      const Location& l = fx.findings[i].locations.front();
      const auto& pf = results[i]["partialFingerprints"];
      CHECK(pf["blastradius/v1"] == fx.findings[i].fingerprint);
      // Content outside git (the gitignored .env) only with show_secrets.
      const bool want = !l.line_hash.empty() &&
                        (show || l.exposure == Exposure::kTracked || l.exposure == Exposure::kStaged);
      CAPTURE(l.path);
      REQUIRE(pf.contains("primaryLocationLineHash") == want);
      if (!want) continue;
      ++hashed;
      CHECK(pf["primaryLocationLineHash"] == l.line_hash);
      CHECK(l.line_hash == PrimaryLocationLineHashes(fx.sources.at(l.path)).at(l.line - 1));
    }
    CHECK(hashed == (show ? 3 : 2));
  }
  // A location without a hash (a source that did not compute one) gets none.
  for (auto& f : fx.findings)
    for (auto& l : f.locations) l.line_hash.clear();
  auto without = nlohmann::json::parse(Render("sarif", fx.MakeReport(true)));
  for (const auto& res : without["runs"][0]["results"])
    CHECK(!res["partialFingerprints"].contains("primaryLocationLineHash"));
}

TEST_CASE("line hashes stop at max_lines with the same values") {
  const std::string text = " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n";
  const std::vector<std::string> all = PrimaryLocationLineHashes(text);
  for (size_t n = 0; n <= all.size() + 1; ++n) {
    std::vector<std::string> some = PrimaryLocationLineHashes(text, n);
    REQUIRE(some.size() == std::min(n, all.size()));
    for (size_t i = 0; i < some.size(); ++i) CHECK(some[i] == all[i]);
  }
}

TEST_CASE("sarif: keeps the highest-ranked results within the limit and says so") {
  const ReportFixture fx = MakeReportFixture();
  std::string out;
  REQUIRE(SarifWriter(4).Write(fx.MakeReport(), &out).ok());
  auto doc = nlohmann::json::parse(out);
  const auto& run = doc["runs"][0];
  REQUIRE(run["results"].size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(run["results"][i]["partialFingerprints"]["blastradius/v1"] == fx.findings[i].fingerprint);
    const size_t idx = run["results"][i]["ruleIndex"];
    CHECK(run["tool"]["driver"]["rules"][idx]["id"] == run["results"][i]["ruleId"]);
  }
  // Rules only for the results kept: the generic rule's finding was cut.
  for (const auto& rule : run["tool"]["driver"]["rules"]) CHECK(rule["id"] != "generic.password");
  const auto& notes = run["invocations"][0]["toolExecutionNotifications"];
  bool said = false;
  for (const auto& n : notes) {
    const std::string text = n["message"]["text"];
    said = said || text.find("Only the 4 highest-ranked of 25 findings") != std::string::npos;
  }
  CHECK(said);
  // The default limit is GitHub's.
  CHECK(kSarifMaxResults == 25000);
  REQUIRE(SarifWriter().Write(fx.MakeReport(), &out).ok());
  CHECK(nlohmann::json::parse(out)["runs"][0]["results"].size() == fx.findings.size());
}

TEST_CASE("sarif and markdown: GitHub's display limit and what each report holds") {
  auto notification_ids = [](const std::string& sarif) {
    std::set<std::string> ids;
    const auto doc = nlohmann::json::parse(sarif);  // outlives the loop
    for (const auto& n : doc["runs"][0]["invocations"][0]["toolExecutionNotifications"])
      if (n.contains("descriptor")) ids.insert(n["descriptor"]["id"].get<std::string>());
    return ids;
  };
  const ReportFixture small = MakeReportFixture();
  const ReportFixture large = MakeReportFixture(kGitHubDisplayedResults + 20);
  REQUIRE(large.findings.size() > kGitHubDisplayedResults);
  CHECK(notification_ids(Render("sarif", small.MakeReport())).count("blastradius/display-limit") == 0);
  CHECK(notification_ids(Render("sarif", large.MakeReport())).count("blastradius/display-limit") == 1);
  // No made-up home page: informationUri only when the build names one.
  auto driver = nlohmann::json::parse(Render("sarif", small.MakeReport()))["runs"][0]["tool"]["driver"];
  CHECK(driver.contains("informationUri") == (std::string_view(BLASTRADIUS_TEST_HOMEPAGE).size() > 0));
  // The Markdown summary never claims a capped report lists everything.
  const std::string md_small = Render("markdown", small.MakeReport());
  const std::string md_large = Render("markdown", large.MakeReport());
  CHECK(md_small.find("the JSON, SARIF and HTML reports list every finding.") != std::string::npos);
  CHECK(md_large.find(
            "the JSON report lists every finding, SARIF too; the HTML page the 5,000 most damaging.") !=
        std::string::npos);
}

TEST_CASE("sarif: results sorted, at most 10 tags per rule, GitHub's required text present") {
  const ReportFixture fx = MakeReportFixture();
  auto doc = nlohmann::json::parse(Render("sarif", fx.MakeReport()));
  const auto& run = doc["runs"][0];
  // Damage first (the level and security-severity), then confidence: SARIF's
  // rank is the confidence axis, 0-100.
  double prev_damage = 1e9, prev_rank = 1e9;
  REQUIRE(run["results"].size() == fx.findings.size());
  for (size_t i = 0; i < fx.findings.size(); ++i) {
    const auto& res = run["results"][i];
    const double damage = res["properties"]["damage"], rank = res["rank"];
    CHECK(damage == fx.findings[i].blast_radius);
    CHECK(res["properties"]["blast_radius"] == damage);
    CHECK(rank == doctest::Approx(fx.findings[i].confidence_score * 100.0));
    CHECK(res["properties"]["confidence_score"] == fx.findings[i].confidence_score);
    CHECK(damage <= prev_damage);
    if (damage == prev_damage) CHECK(rank <= prev_rank);
    prev_damage = damage;
    prev_rank = rank;
    CHECK(res["locations"].size() == 1);
  }
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    CHECK(rule["properties"]["tags"].size() <= 10);
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["text"].get<std::string>().empty());
  }
}

TEST_CASE("sarif: security-severity is min(damage, 10) within GitHub's bands") {
  ReportFixture fx = MakeReportFixture(0);
  RuleCard* cloud = fx.rules[0].get();
  REQUIRE(cloud->id == "fake.cloud.admin");
  // Cut, not rounded, so GitHub never shows a higher band than ours; 9.0 is
  // ambiguous in GitHub's wording and critical here; 0 is out of GitHub's range.
  for (auto band : std::initializer_list<std::pair<double, const char*>>{{9.5, "9.5"},
                                                                         {12.3, "10.0"},
                                                                         {9.0, "9.1"},
                                                                         {9.04, "9.1"},
                                                                         {8.96, "8.9"},
                                                                         {3.99, "3.9"},
                                                                         {0.0, "0.1"}}) {
    // Named copies: clang before 16 cannot capture structured bindings (CAPTURE).
    const double base = band.first;
    const char* want = band.second;
    CAPTURE(base);
    cloud->base_blast_radius = base;
    auto doc = nlohmann::json::parse(Render("sarif", fx.MakeReport()));
    bool seen = false;
    for (const auto& rule : doc["runs"][0]["tool"]["driver"]["rules"]) {
      if (rule["id"] != "fake.cloud.admin") continue;
      seen = true;
      CHECK(rule["properties"]["security-severity"] == want);
      CHECK(rule["properties"]["base_damage"] == base);
    }
    CHECK(seen);
  }
}

// --- GitLab ----------------------------------------------------------------

TEST_CASE("gitlab: one vulnerability per finding, GitLab's fields and vocabulary") {
  const ReportFixture fx = MakeReportFixture();
  Report r = fx.MakeReport();
  auto doc = nlohmann::json::parse(Render("gitlab", r));
  CHECK(doc["version"] == kGitLabSchemaVersion);
  CHECK(doc["scan"]["type"] == "secret_detection");
  CHECK(doc["scan"]["status"] == "success");
  // Deterministic placeholder times and commit when the caller gives none.
  CHECK(doc["scan"]["start_time"] == "1970-01-01T00:00:00");
  CHECK(doc["scan"]["end_time"] == "1970-01-01T00:00:04");
  REQUIRE(doc["vulnerabilities"].size() == fx.findings.size());
  std::set<std::string> ids;
  size_t multi = 0;
  for (size_t i = 0; i < fx.findings.size(); ++i) {
    const auto& v = doc["vulnerabilities"][i];
    const Finding& f = fx.findings[i];
    ids.insert(v["id"].get<std::string>());
    // The first location is the vulnerability's; the others are listed in details.
    CHECK(v["location"]["file"] == f.locations[0].path);
    CHECK(v["location"]["start_line"] == f.locations[0].line);
    if (f.locations.size() > 1) {
      ++multi;
      const auto& items = v["details"]["other_locations"]["items"];
      REQUIRE(items.size() == f.locations.size() - 1);
      for (size_t k = 1; k < f.locations.size(); ++k) {
        CHECK(items[k - 1]["type"] == "file-location");
        CHECK(items[k - 1]["file_name"] == f.locations[k].path);
        CHECK(items[k - 1]["line_start"] == f.locations[k].line);
      }
    } else {
      CHECK(!v["details"].contains("other_locations"));
    }
    CHECK(v["category"] == "secret_detection");
    CHECK(v["location"]["commit"]["sha"] == "0000000");
    CHECK(!v.contains("raw_source_code_extract"));
    CHECK(v["identifiers"][0]["type"] == "blastradius_rule_id");
    // GitLab's capitalised names, one for each of ours.
    static const char* const kGitLabSeverity[] = {"Info", "Low", "Medium", "High", "Critical"};
    CHECK(v["severity"] == kGitLabSeverity[static_cast<int>(f.severity)]);
    for (const auto& link : v.value("links", nlohmann::json::array()))
      CHECK(link["url"].get<std::string>().rfind("https://", 0) == 0);  // never javascript:
  }
  CHECK(ids.size() == fx.findings.size());
  CHECK(multi > 0);  // the fixture has secrets in several files
  CHECK(doc["vulnerabilities"][0]["severity"] == "Critical");
  CHECK(doc["scan"]["messages"][0]["level"] == "warn");

  r.started_at = "2026-02-28T23:59:58.250Z";
  doc = nlohmann::json::parse(Render("gitlab", r));
  CHECK(doc["scan"]["start_time"] == "2026-02-28T23:59:58");
  CHECK(doc["scan"]["end_time"] == "2026-03-01T00:00:02");
  r.started_at = "yesterday";
  std::string out;
  CHECK(!GitLabWriter().Write(r, &out).ok());
}

TEST_CASE("gitlab: each location names its own commit; HEAD only for work-tree files") {
  ReportFixture fx = MakeReportFixture();
  REQUIRE(fx.findings.size() >= 2);
  Location& introduced = fx.findings[0].locations[0];
  introduced.commit = "1111111111111111111111111111111111111111";
  introduced.author = "Dev One <dev1@example.org>";
  introduced.date = "2026-01-02T03:04:05Z";
  Report r = fx.MakeReport();
  r.commit_sha = "2222222222222222222222222222222222222222";
  auto doc = nlohmann::json::parse(Render("gitlab", r));
  const auto& first = doc["vulnerabilities"][0]["location"]["commit"];
  CHECK(first["sha"] == introduced.commit);
  CHECK(first["author"] == introduced.author);
  CHECK(first["date"] == introduced.date);
  const auto& second = doc["vulnerabilities"][1]["location"]["commit"];
  CHECK(second["sha"] == r.commit_sha);
  CHECK(!second.contains("author"));
}

TEST_CASE("gitlab: capped like SARIF, the highest-ranked kept and the rest counted") {
  const ReportFixture fx = MakeReportFixture();
  REQUIRE(fx.findings.size() > 3);
  std::string out;
  REQUIRE(GitLabWriter(3, 1).Write(fx.MakeReport(), &out).ok());
  auto doc = nlohmann::json::parse(out);
  REQUIRE(doc["vulnerabilities"].size() == 3);
  for (size_t i = 0; i < 3; ++i)
    CHECK(doc["vulnerabilities"][i]["location"]["file"] == fx.findings[i].locations[0].path);
  bool said = false;
  for (const auto& m : doc["scan"]["messages"]) {
    if (m["value"].get<std::string>().find("Only the 3 highest-ranked of " +
                                           std::to_string(fx.findings.size()) + " findings") !=
        std::string::npos)
      said = true;
  }
  CHECK(said);
  // At most one other location each, plus a count of the rest.
  for (size_t i = 0; i < 3; ++i) {
    const Finding& f = fx.findings[i];
    if (f.locations.size() <= 2) continue;
    const auto& items = doc["vulnerabilities"][i]["details"]["other_locations"]["items"];
    REQUIRE(items.size() == 2);
    CHECK(items[1]["type"] == "text");
  }
}

TEST_CASE("utc time helpers round-trip") {
  int64_t t = 0;
  REQUIRE(ParseUtcTime("2000-02-29T12:34:56", &t));
  CHECK(FormatUtcTime(t) == "2000-02-29T12:34:56");
  CHECK(t == 951827696);
  CHECK(!ParseUtcTime("2000-02-29 12:34", &t));
  CHECK(!ParseUtcTime("2000-13-01T00:00:00", &t));
  CHECK(!ParseUtcTime("2000-01-01T00:00:00+02:00", &t));
}

// --- HTML ------------------------------------------------------------------

TEST_CASE("html: self-contained, escaped, data block cannot close its element") {
  const ReportFixture fx = MakeReportFixture();
  const std::string html = Render("html", fx.MakeReport());
  // The JSON block: from its opening tag to the first "</" is all of it.
  const std::string open = "<script type=\"application/json\" id=\"br-data\">";
  const size_t start = html.find(open);
  REQUIRE(start != std::string::npos);
  const size_t body = start + open.size();
  const size_t end = html.find("</", body);
  REQUIRE(html.compare(end, 9, "</script>") == 0);
  const std::string json = html.substr(body, end - body);
  CHECK(json.find("<!--") == std::string::npos);
  auto data = nlohmann::json::parse(json);
  REQUIRE(data["findings"].size() == fx.findings.size());
  CHECK(data["findings"][0]["locations"][1]["path"] == "deploy/<script>alert(1)</script>.yml");
  CHECK(data["rules"]["fake.cloud.admin"]["references"].size() == 2);
  // The page outside the data: exactly our two script elements and one
  // style element, nothing fetched, hostile strings only escaped.
  const std::string page = html.substr(0, body) + html.substr(end);
  CHECK(Count(page, "<script") == 2);
  CHECK(Count(page, "</script>") == 2);
  CHECK(Count(page, "<style>") == 1);
  for (const char* fetch :
       {"<link", " src=", "@import", "url(", "<iframe", "<img", "fetch(", "XMLHttpRequest"})
    CHECK_MESSAGE(page.find(fetch) == std::string::npos, fetch);
  CHECK(page.find("Content-Security-Policy") != std::string::npos);
  CHECK(page.find("alert(") == std::string::npos);
  CHECK(page.find("<Ops>") == std::string::npos);
  CHECK(page.find("FakeCloud admin token &lt;b&gt;|`root`|&lt;/b&gt;") !=
        std::string::npos);  // SVG type node
  CHECK(page.find("<code>private/&lt;key&gt;.pem</code>: Permission denied") != std::string::npos);
  // The blast-radius picture: one node per credential type and capability,
  // the 12 types and 14 capabilities most damaging, the rest folded into one.
  std::set<std::string> types, caps;
  for (const auto& f : fx.findings) {
    types.insert(f.rule->id);
    for (const auto& c : f.rule->capabilities) caps.insert(c);
    if (f.rule->capabilities.empty()) caps.insert(WorstCapability(*f.rule));
  }
  auto shown = [](size_t n, size_t max) { return std::min(n, max) + (n > max ? 1 : 0); };
  CHECK(Count(html, "<g class=\"node\"") == shown(types.size(), 12) + shown(caps.size(), 14));
}

TEST_CASE("html: the embedded script never closes its element") {
  const ReportFixture fx = MakeReportFixture(0);
  const std::string html = Render("html", fx.MakeReport());
  const size_t start = html.rfind("<script>\n");
  REQUIRE(start != std::string::npos);
  CHECK(html.find("</", start + 9) == html.rfind("</script>"));
}

TEST_CASE("html with no findings") {
  ReportFixture fx = MakeReportFixture();
  fx.findings.clear();
  const std::string html = Render("html", fx.MakeReport());
  CHECK(html.find("<svg") == std::string::npos);
  CHECK(html.find("No credentials found.") != std::string::npos);
}

TEST_CASE("text: terminal escapes in file names are made visible") {
  const ReportFixture fx = MakeReportFixture();
  Report r = fx.MakeReport();
  r.verbose = true;
  const std::string text = Render("text", r);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\u009b") == std::string::npos);
  CHECK(text.find("at tmp/\\x1b]0;owned\\x07\\x1b[31mred\\u009b2J.env:2:10 (untracked)") !=
        std::string::npos);
  r.color = true;  // our own colours are the only escapes
  CHECK(Count(Render("text", r), "\x1b[0m") == fx.findings.size());
}

TEST_CASE("text helpers") {
  CHECK(EscapeControls("a\tb\x1b[1m\x7f\u0085\u00e9") == "a b\\x1b[1m\\x7f\\u0085\u00e9");
  CHECK(HtmlEscape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(TruncateUtf8("abc", 3) == "abc");
  CHECK(TruncateUtf8("abcdef", 5) == "ab\u2026");
  CHECK(TruncateUtf8("\u00e9\u00e9\u00e9\u00e9", 6) == "\u00e9\u2026");  // never splits a code point
  CHECK(GroupThousands(0) == "0");
  CHECK(GroupThousands(1234567) == "1,234,567");
  CHECK(HumanBytes(5678901) == "5.7 MB");
  CHECK(HumanDuration(4321) == "4.3 s");
}

}  // namespace
}  // namespace blastradius
