// Core vocabulary: line index, fingerprints, redaction, severity buckets,
// and the scorer's factors.
#include <doctest/doctest.h>

#include "scanner/core/line_index.h"
#include "scanner/core/secret_hash.h"
#include "scanner/score/scorer.h"

namespace blastradius {
namespace {

TEST_CASE("line index maps offsets to 1-based line and column") {
  LineIndex idx("ab\ncd\r\n\nef");
  uint32_t line, col;
  idx.Position(0, &line, &col);
  CHECK((line == 1 && col == 1));
  idx.Position(4, &line, &col);
  CHECK((line == 2 && col == 2));
  idx.Position(8, &line, &col);
  CHECK((line == 4 && col == 1));
  CHECK(idx.Line(2) == "cd");
  CHECK(idx.line_count() == 4);
}

TEST_CASE("fingerprints depend on rule and secret only and never contain it") {
  std::string a = Fingerprint("x.rule", "s3cr3t-value-123456");
  CHECK(a == Fingerprint("x.rule", "s3cr3t-value-123456"));
  CHECK(a != Fingerprint("y.rule", "s3cr3t-value-123456"));
  CHECK(a.find("s3cr3t") == std::string::npos);
  CHECK(a.rfind("br1:", 0) == 0);
}

TEST_CASE("redaction keeps a short prefix and suffix only") {
  CHECK(Redact("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") == "ghp_\u2026s1");
  CHECK(Redact("abcdefgh") == "ab\u2026");
  CHECK(Redact("abc") == "\u2026");
}

TEST_CASE("severity buckets follow GitHub code scanning") {
  CHECK(SeverityForScore(9.0) == Severity::kCritical);
  CHECK(SeverityForScore(8.9) == Severity::kHigh);
  CHECK(SeverityForScore(7.0) == Severity::kHigh);
  CHECK(SeverityForScore(6.9) == Severity::kMedium);
  CHECK(SeverityForScore(4.0) == Severity::kMedium);
  CHECK(SeverityForScore(0.1) == Severity::kLow);
  CHECK(SeverityForScore(0.0) == Severity::kInfo);
}

TEST_CASE("environment hints from paths") {
  CHECK(EnvironmentFromPath("tests/fixtures/keys.py") == "test");
  CHECK(EnvironmentFromPath(".env.production") == "production");
  CHECK(EnvironmentFromPath("k8s/prod/secret.yaml") == "production");
  CHECK(EnvironmentFromPath("config/staging/app.yml") == "staging");
  CHECK(EnvironmentFromPath("src/app.py") == "");
}

Finding MakeFinding(const RuleCard& card, Exposure exposure, const char* path) {
  Finding f;
  f.rule = &card;
  Location l;
  l.path = path;
  l.exposure = exposure;
  f.locations.push_back(l);
  return f;
}

double Effect(const Finding& f, const std::string& name) {
  double sum = 0;
  for (const auto& x : f.factors)
    if (x.name == name) sum += x.effect;
  return sum;
}

TEST_CASE("each score factor moves the score in the documented direction") {
  RuleCard card;
  card.id = "t.rule";
  card.name = "t";
  card.base_blast_radius = 6.0;
  card.expires = "configurable";
  Finding base = MakeFinding(card, Exposure::kUntracked, "src/a.py");
  ScoreFinding(&base);
  CHECK(base.blast_radius == doctest::Approx(6.0));

  Finding committed = MakeFinding(card, Exposure::kTracked, "src/a.py");
  ScoreFinding(&committed);
  CHECK(Effect(committed, "exposure") > 0);

  Finding test_only = MakeFinding(card, Exposure::kUntracked, "tests/a.py");
  ScoreFinding(&test_only);
  CHECK(Effect(test_only, "environment") < 0);

  Finding prod = MakeFinding(card, Exposure::kUntracked, ".env.production");
  ScoreFinding(&prod);
  CHECK(Effect(prod, "environment") > 0);

  Finding sprawl = MakeFinding(card, Exposure::kUntracked, "a.py");
  sprawl.locations.push_back(sprawl.locations[0]);
  sprawl.locations[1].path = "b.py";
  ScoreFinding(&sprawl);
  CHECK(Effect(sprawl, "sprawl") > 0);

  Finding low = MakeFinding(card, Exposure::kUntracked, "a.py");
  low.confidence = Confidence::kLow;
  ScoreFinding(&low);
  CHECK(Effect(low, "confidence") < 0);

  RuleCard never = card;
  never.expires = "never";
  Finding f = MakeFinding(never, Exposure::kUntracked, "a.py");
  ScoreFinding(&f);
  CHECK(Effect(f, "expiry") > 0);

  RuleCard pub = card;
  pub.base_blast_radius = 0;
  Finding p = MakeFinding(pub, Exposure::kTracked, ".env.production");
  ScoreFinding(&p);
  CHECK(p.blast_radius == 0);
  CHECK(p.severity == Severity::kInfo);
}

}  // namespace
}  // namespace blastradius
