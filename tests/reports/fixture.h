// A fixed, in-memory scan result for the report-writer tests: four rule
// cards (one with markup and Markdown-hostile text, one generic with no
// capabilities), 25 findings with synthetic secrets, hostile paths
// (`<script>`, `|`, backticks, spaces, non-ASCII, terminal escapes), every
// exposure kind,
// factors on both axes, notes, facts, and a scan error. Everything is deterministic.
#ifndef BLASTRADIUS_TESTS_REPORTS_FIXTURE_H_
#define BLASTRADIUS_TESTS_REPORTS_FIXTURE_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "reports/report.h"
#include "scanner/core/finding.h"
#include "scanner/core/line_hash.h"
#include "scanner/core/secret_hash.h"

namespace blastradius::testing {

// A fact a writer must never print (JSON keeps only structural facts).
inline constexpr const char* kPrivateFact = "owner.private@example.org";

struct ReportFixture {
  std::vector<std::unique_ptr<RuleCard>> rules;  // stable addresses
  std::vector<Finding> findings;
  ScanStats stats;
  std::vector<std::string> secrets;  // every secret, in clear
  // path -> file text (some paths only): their locations carry the line
  // hash the pipeline would have computed from it.
  std::map<std::string, std::string> sources;

  // A report over the fixture. The findings always carry the secret in
  // clear, so a writer that ignores show_secrets is caught.
  Report MakeReport(bool show_secrets = false) const {
    Report r;
    r.tool_version = "0.1.0-test";
    r.findings = &findings;
    r.stats = &stats;
    r.show_secrets = show_secrets;
    return r;
  }
};

// Synthetic secrets: random letters and digits from a fixed seed (the
// mt19937 sequence is fixed by the C++ standard; no distribution is used).
class SecretGenerator {
 public:
  std::string Next(const std::string& prefix, size_t length) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string s = prefix;
    while (s.size() < length) s.push_back(kAlphabet[gen_() % 62]);
    return s;
  }

 private:
  std::mt19937 gen_{20261125u};
};

inline ReportFixture MakeReportFixture(size_t generated = 20) {
  ReportFixture fx;
  auto add_rule = [&](RuleCard card) {
    fx.rules.push_back(std::make_unique<RuleCard>(std::move(card)));
    return fx.rules.back().get();
  };
  RuleCard cloud;
  cloud.id = "fake.cloud.admin";
  cloud.provider = "fakecloud";
  cloud.provider_name = "FakeCloud <Ops> & Co";
  cloud.name = "FakeCloud admin token <b>|`root`|</b>";
  cloud.description = "Organisation admin token of the FakeCloud test provider & its \"console\".";
  cloud.references = {"https://docs.example.com/fakecloud/tokens", "javascript:alert(1)"};
  cloud.scope = "organisation";
  cloud.capabilities = {"data:read", "infra:delete", "account:admin", "billing:spend", "backups:delete"};
  cloud.irreversible = {"Deletes every project and its volumes",
                        "Purges backups </script><script>alert(2)</script>"};
  cloud.expires = "never";
  cloud.base_severity = Severity::kCritical;
  cloud.base_blast_radius = 9.5;
  cloud.model_blast_radius = 9.5;
  cloud.damage_derivation =
      "account:admin 9.0 + breadth 0.50 (4 more) +0.0 scope organisation +0.0 expires never = 9.50";
  cloud.category = "cloud";
  cloud.worst_case = "Deletes the whole organisation, backups included; nothing can be restored.";
  cloud.revoke = "Console > Organisation > API tokens > Revoke.";
  cloud.replace = "A project token limited to `deploy:write`.";
  const RuleCard* r_cloud = add_rule(cloud);

  RuleCard git;
  git.id = "fake.git.pat";
  git.provider = "fakegit";
  git.provider_name = "FakeGit";
  git.name = "FakeGit personal access token";
  git.description = "Classic personal access token.";
  git.references = {"https://docs.example.com/fakegit/pat"};
  git.scope = "account";
  git.capabilities = {"code:read", "code:write", "secrets:read", "packages:publish"};
  git.irreversible = {"Publishes package versions that cannot be unpublished"};
  git.expires = "configurable";
  git.base_severity = Severity::kHigh;
  git.base_blast_radius = 8.0;
  git.model_blast_radius = 7.4;
  git.damage_derivation = "packages:publish 6.5 + breadth 0.90 (3 more) +0.0 scope account = 7.40";
  git.blast_radius_reason = "Classic tokens usually carry every scope their owner has.";
  git.least_capabilities = {"code:read"};
  git.worst_case = "Pushes malicious code and publishes it as a trusted package.";
  git.revoke = "Settings > Developer settings > Tokens > Delete.";
  git.replace = "A fine-grained token for one repository, read-only.";
  git.has_checksum = true;
  const RuleCard* r_git = add_rule(git);

  RuleCard mail;
  mail.id = "fake.mail.key";
  mail.provider = "fakemail";
  mail.provider_name = "FakeMail";
  mail.name = "FakeMail sending key";
  mail.references = {"https://docs.example.com/fakemail/keys"};
  mail.scope = "project";
  mail.capabilities = {"messaging:send", "messaging:read"};
  mail.expires = "never";
  mail.base_severity = Severity::kMedium;
  mail.base_blast_radius = 5.0;
  mail.model_blast_radius = 5.0;
  mail.damage_derivation = "messaging:send 4.5 + breadth 0.50 (1 more) +0.0 scope project = 5.00";
  mail.category = "email";
  mail.inferred_from_category = true;
  mail.worst_case = "Sends phishing mail from the company's verified domain.";
  mail.revoke = "Dashboard > API keys > Delete.";
  mail.replace = "A key restricted to one sender address.";
  const RuleCard* r_mail = add_rule(mail);

  RuleCard generic;
  generic.id = "generic.password";
  generic.provider = "generic";
  generic.provider_name = "Generic";
  generic.name = "Password assigned to a variable";
  generic.scope = "resource";
  generic.expires = "never";
  generic.base_severity = Severity::kLow;
  generic.base_blast_radius = 2.0;
  generic.worst_case = "Unknown: depends on what the password protects.";
  generic.revoke = "Change the password where it is used.";
  generic.replace = "Read it from a secret manager at run time.";
  generic.generic = true;
  generic.context_required = true;
  const RuleCard* r_generic = add_rule(generic);

  fx.findings.reserve(5 + generated);  // `add` hands out pointers into it
  SecretGenerator gen;
  auto loc = [](std::string path, uint32_t line, uint32_t column, uint32_t length, Exposure exposure,
                std::string key = "", std::string env = "") {
    Location l;
    l.path = std::move(path);
    l.line = line;
    l.column = column;
    l.end_line = line;
    l.end_column = column + length;
    l.code_point_column = column;  // ASCII lines
    l.end_code_point_column = column + length;
    l.exposure = exposure;
    l.key_name = std::move(key);
    l.environment = std::move(env);
    return l;
  };
  auto add = [&](const RuleCard* rule, const std::string& prefix, double score, std::vector<Location> locs,
                 double confidence = 0.9) {
    Finding f;
    f.rule = rule;
    f.secret = gen.Next(prefix, 40);
    f.fingerprint = Fingerprint(rule->id, f.secret);
    f.secret_redacted = Redact(f.secret);
    f.blast_radius = score;
    f.confidence_score = confidence;
    f.factors = {{"base", rule->base_blast_radius, rule->name + " (" + rule->scope + " scope)"},
                 {"match", 0.9, "the value has the credential's own format", "confidence"}};
    f.severity = SeverityForScore(score);
    f.locations = std::move(locs);
    std::sort(f.locations.begin(), f.locations.end(), [](const Location& a, const Location& b) {
      return std::tie(a.path, a.line) < std::tie(b.path, b.line);
    });
    fx.secrets.push_back(f.secret);
    fx.findings.push_back(std::move(f));
    return &fx.findings.back();
  };

  Finding* f = add(r_cloud, "fkc_", 9.7,
                   {loc(".env", 3, 20, 40, Exposure::kIgnored, "CLOUD_ADMIN_TOKEN", "production"),
                    loc("deploy/<script>alert(1)</script>.yml", 12, 9, 40, Exposure::kTracked),
                    loc("dir with space/\u00fcn\u00efc\u00f6d\u00e9.txt", 1, 1, 40, Exposure::kUntracked)});
  f->factors.push_back({"environment", 0.2, "production key name CLOUD_ADMIN_TOKEN"});
  f->factors.push_back({"exposure", 0.03, "committed to git (tracked) and gitignored copies", "confidence"});
  f->factors.push_back({"sprawl", 0.04, "same secret in 3 files", "confidence"});
  f->confidence_score = 0.97;
  f->facts = {{"role", "admin"}, {"email", kPrivateFact}};
  fx.sources[".env"] = "# local settings\nAPP_NAME=demo\nCLOUD_ADMIN_TOKEN=" + f->secret + "\nDEBUG=1\n";

  f = add(r_git, "fkg_", 8.4, {loc("src/app|main `cfg`.py", 40, 13, 40, Exposure::kTracked, "TOKEN")});
  f->factors[1] = {"match", 0.98, "embedded checksum verifies", "confidence"};
  f->factors.push_back({"environment", 0.4, "production configuration"});
  f->confidence_score = 0.98;
  f->notes = {"permissions unknown: worst case shown (the format does not show its scopes)"};
  f->facts = {{"checksum", "valid"}};
  {
    std::string py;
    for (int i = 1; i < 40; ++i) py += "x = " + std::to_string(i) + "\n";
    fx.sources["src/app|main `cfg`.py"] = py + "TOKEN = \"" + f->secret + "\"\r\n";
  }

  f = add(r_mail, "fkm_", 5.1, {loc("config/settings.json", 7, 15, 40, Exposure::kHistory, "mail_key")});
  f->notes = {"paired with its FakeMail sender id (fkm_\u2026x1) at config/settings.json:6"};
  f = add(r_generic, "", 2.0,
          {loc("tests/fixtures/db.env", 1, 10, 40, Exposure::kFile, "DB_PASSWORD", "test"),
           loc("tmp/\x1b]0;owned\x07\x1b[31mred\u009b2J.env", 2, 10, 40, Exposure::kUntracked)});
  f->confidence = Confidence::kLow;
  f->confidence_score = 0.4;
  f->factors[1] = {"match", 0.4, "generic pattern: shape and name only", "confidence"};
  f->factors.push_back({"environment", -1.5, "only in test, example or development files"});
  f = add(r_mail, "fkm_", 0.0, {loc("docs/example.md", 30, 5, 40, Exposure::kStaged)});
  f->factors.push_back({"expiry", -5.0, "expired on 2017-03-20"});
  f->factors.push_back(
      {"documentation", -0.35, "only in documentation or vendored third-party code", "confidence"});
  f->confidence_score = 0.55;
  f->notes = {"expired on 2017-03-20"};

  const RuleCard* cycle[] = {r_git, r_mail, r_cloud};
  const char* prefixes[] = {"fkg_", "fkm_", "fkc_"};
  for (size_t i = 0; i < generated; ++i) {
    const double score = std::round(79.0 - 3.0 * static_cast<double>(i % 22)) / 10.0;
    add(cycle[i % 3], prefixes[i % 3], score,
        {loc("services/svc" + std::to_string(i) + "/config.yaml", static_cast<uint32_t>(10 + i), 7, 40,
             i % 2 ? Exposure::kTracked : Exposure::kUntracked)},
        0.5 + 0.02 * static_cast<double>(i % 7));
    // Factors that add up to the figures.
    Finding& g = fx.findings.back();
    if (const double d = std::round((score - g.rule->base_blast_radius) * 100.0) / 100.0; d != 0)
      g.factors.push_back({"environment", d, d > 0 ? "production configuration" : "staging configuration"});
    g.factors[1] = {"match", g.confidence_score, "identified by context (variable name), not by format",
                    "confidence"};
  }

  if (generated > 1)  // the second generated finding, tracked
    fx.sources["services/svc1/config.yaml"] = std::string(10, '\n') + "mkey: " + fx.secrets[6] + "\n";

  // The scan computes each location's line hash from the content it read.
  for (auto& fnd : fx.findings) {
    for (auto& l : fnd.locations) {
      auto src = fx.sources.find(l.path);
      if (src == fx.sources.end()) continue;
      std::vector<std::string> hashes = PrimaryLocationLineHashes(src->second);
      if (l.line >= 1 && l.line <= hashes.size()) l.line_hash = hashes[l.line - 1];
    }
  }

  // The pipeline's order: damage descending, then confidence, then first
  // path and line.
  std::stable_sort(fx.findings.begin(), fx.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.blast_radius != b.blast_radius) return a.blast_radius > b.blast_radius;
    if (a.confidence_score != b.confidence_score) return a.confidence_score > b.confidence_score;
    return std::tie(a.locations.front().path, a.locations.front().line) <
           std::tie(b.locations.front().path, b.locations.front().line);
  });

  fx.stats.roots = {".", "../other repo"};
  fx.stats.files_scanned = 1234;
  fx.stats.files_skipped = 7;
  fx.stats.files_binary = 5;
  fx.stats.files_too_large = 2;
  fx.stats.bytes_scanned = 5678901;
  fx.stats.duration_ms = 4321;
  fx.stats.errors = {{"private/<key>.pem", "Permission denied"}};
  return fx;
}

}  // namespace blastradius::testing

#endif  // BLASTRADIUS_TESTS_REPORTS_FIXTURE_H_
