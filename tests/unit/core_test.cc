// Core vocabulary: line index, fingerprints, redaction, severity buckets,
// and the scorer's factors.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <clocale>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "scanner/core/ascii.h"
#include "scanner/core/file_io.h"
#include "scanner/core/key_words.h"
#include "scanner/core/line_index.h"
#include "scanner/core/secret_hash.h"
#include "scanner/score/scorer.h"
#include "tests/testutil/temp_dir.h"

namespace blastradius {
namespace {

TEST_CASE("ASCII classes and case mapping agree with the C locale's, byte by byte") {
  // The C locale (a program's locale until it calls setlocale) is the
  // definition; bytes 0x80 and above are of no class there either.
  REQUIRE(std::string(std::setlocale(LC_CTYPE, nullptr)) == "C");
  for (int b = 0; b < 256; ++b) {
    CAPTURE(b);
    const char c = static_cast<char>(b);
    CHECK(IsAsciiDigit(c) == (std::isdigit(b) != 0));
    CHECK(IsAsciiUpper(c) == (std::isupper(b) != 0));
    CHECK(IsAsciiLower(c) == (std::islower(b) != 0));
    CHECK(IsAsciiAlpha(c) == (std::isalpha(b) != 0));
    CHECK(IsAsciiAlnum(c) == (std::isalnum(b) != 0));
    CHECK(IsAsciiSpace(c) == (std::isspace(b) != 0));
    CHECK(static_cast<unsigned char>(AsciiToLower(c)) == std::tolower(b));
    CHECK(static_cast<unsigned char>(AsciiToUpper(c)) == std::toupper(b));
  }
  CHECK(AsciiLower("Mixed_CASE-09\xc3\x89") == "mixed_case-09\xc3\x89");
  CHECK(AsciiUpper("Mixed_case-09\xc3\xa9") == "MIXED_CASE-09\xc3\xa9");
}

TEST_CASE("KeyWords splits every case convention into the same words") {
  struct Case {
    const char* key;
    std::vector<std::string> words;
  };
  const Case cases[] = {
      {"REDIS_CACHE_PASSWORD", {"redis", "cache", "password"}},
      {"redis-cache.password", {"redis", "cache", "password"}},
      {"awsSecretAccessKey", {"aws", "secret", "access", "key"}},
      {"AwsSecretAccessKey", {"aws", "secret", "access", "key"}},
      {"AWSProdKey", {"aws", "prod", "key"}},  // the last capital of a run starts the next word
      {"JWTSecret", {"jwt", "secret"}},
      {"APIKEY", {"apikey"}},                   // no boundary to see
      {"sha256_digest", {"sha256", "digest"}},  // digits stay with the word before them
      {"SMTP2GO_API_KEY", {"smtp2go", "api", "key"}},
      {"neo4jToken", {"neo4j", "token"}},            // letters after a digit stay too...
      {"auth0ApiToken", {"auth0", "api", "token"}},  // ...unless they start a capitalized word
      {"S3Bucket", {"s3", "bucket"}},
      {"ENV0APIKey", {"env0api", "key"}},
      {"$token", {"token"}},
      {"  db password:", {"db", "password"}},
      {"", {}},
      {"__", {}},
      {"caf\xc3\xa9_key", {"caf", "key"}},  // bytes outside ASCII separate words
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CHECK(KeyWords(c.key) == c.words);
  }
}

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

TEST_CASE("line index: a lone CR ends a line; kLineFeed counts LF only (issue 13.13)") {
  const std::string_view text = "a=1\rb=2\r\rtok\r\nlast";
  LineIndex idx(text);
  uint32_t line, col;
  idx.Position(text.find("tok"), &line, &col);
  CHECK(line == 4);
  CHECK(col == 1);
  idx.Position(text.find("last"), &line, &col);
  CHECK(line == 5);
  CHECK(idx.Line(1) == "a=1");
  CHECK(idx.Line(3) == "");
  CHECK(idx.Line(4) == "tok");
  CHECK(idx.line_count() == 5);
  LineIndex git(text, LineIndex::Breaks::kLineFeed);
  git.Position(text.find("tok"), &line, &col);
  CHECK(line == 1);
  git.Position(text.find("last"), &line, &col);
  CHECK(line == 2);
}

TEST_CASE("LineStartAt and LinesAround: the LF-terminated line(s) around a span") {
  const std::string_view text = "ab\ncd\r\nef\n\ngh";
  struct Case {
    size_t begin, end, start;
    std::string_view lines;
  } cases[] = {
      {0, 0, 0, "ab"},  {1, 2, 0, "ab"},    {3, 4, 3, "cd\r"},  {4, 8, 3, "cd\r\nef"},
      {10, 10, 10, ""}, {11, 13, 11, "gh"}, {13, 13, 11, "gh"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.begin);
    CHECK(LineStartAt(text, c.begin) == c.start);
    CHECK(LinesAround(text, c.begin, c.end) == c.lines);
  }
}

TEST_CASE("code point columns: UTF-8 decoded, invalid sequences one U+FFFD each") {
  CHECK(CountCodePoints("") == 0);
  CHECK(CountCodePoints("abc") == 3);
  CHECK(CountCodePoints("caf\xc3\xa9") == 4);       // é: 2 bytes
  CHECK(CountCodePoints("\xe2\x80\x94") == 1);      // em dash: 3 bytes
  CHECK(CountCodePoints("\xf0\x9f\x94\x91") == 1);  // key emoji: 4 bytes
  CHECK(CountCodePoints("\xff") == 1);              // never valid
  CHECK(CountCodePoints("\xe2\x82"
                        "a") == 2);             // truncated, then 'a'
  CHECK(CountCodePoints("\xe2\x82") == 1);      // truncated at the end
  CHECK(CountCodePoints("\x80\x80") == 2);      // lone continuation bytes
  CHECK(CountCodePoints("\xed\xa0\x80") == 3);  // a surrogate: 3 x U+FFFD
  CHECK(CountCodePoints("\xc0\xaf") == 2);      // overlong
  // The case: a secret after non-ASCII text on its line.
  const std::string text = "x\n# cl\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\x91 key=tok_q8ztr2vlm0pk\n";
  LineIndex idx(text);
  const size_t at = text.find("tok_");
  uint32_t line = 0, column = 0;
  idx.Position(at, &line, &column);
  CHECK(line == 2);
  CHECK(column == 21);                   // bytes
  CHECK(idx.CodePointColumn(at) == 15);  // "# clé — 🔑 key=" is 14 code points
  CHECK(idx.CodePointColumn(at + 16) == 31);
  CHECK(idx.CodePointColumn(0) == 1);
}

// The cursors answer as the one-shot functions do, for queries in ascending
// order (their fast path), descending order and a seeded shuffle, on texts
// with every kind of line break and of invalid or truncated UTF-8.
TEST_CASE("line and code point cursors equal the one-shot answers in any query order") {
  const std::string texts[] = {
      "",
      "one line no newline",
      "ab\ncd\r\nef\n\ngh\n",
      "cr\ronly\rlines\r",
      "x\n# cl\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\x91 key=tok \xff\x80\x80 \xe2\x82"
      "a \xed\xa0\x80 \xc0\xaf z\n",
      "\xe2\x82\xe2\x82\xe2\x82\n\xf0\x9f\x94",
      "\n\n\n",
  };
  std::mt19937 rng(20261206);
  for (const std::string& text : texts) {
    CAPTURE(text);
    LineIndex index(text);
    std::vector<size_t> offsets(text.size() + 1);
    std::iota(offsets.begin(), offsets.end(), 0);
    std::vector<std::vector<size_t>> orders = {offsets, {offsets.rbegin(), offsets.rend()}, offsets};
    std::shuffle(orders[2].begin(), orders[2].end(), rng);
    for (const auto& order : orders) {
      LfLineCursor lines(text);
      CodePointColumnCursor columns(index, text);
      for (size_t i = 0; i < order.size(); ++i) {
        const size_t at = order[i];
        const size_t to = std::min(text.size(), at + i % 5);  // spans, some crossing lines
        CAPTURE(at);
        CHECK(lines.LineStart(at) == LineStartAt(text, at));
        CHECK(lines.LinesAround(at, to) == LinesAround(text, at, to));
        CHECK(columns.Column(at) == index.CodePointColumn(at));
      }
    }
  }
}

TEST_CASE("AtomicFileWriter: the destination changes only at Commit, whole") {
  testing::TempDir dir;
  const std::string path = dir.Write("report.json", "old");
  auto entries = [&] {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++n;
    return n;
  };
  {
    std::unique_ptr<AtomicFileWriter> w;
    REQUIRE(AtomicFileWriter::Open(path, 0644, false, &w).ok());
    REQUIRE(w->Append("new, ").ok());
    CHECK(entries() == 2);  // the temporary beside the old file
    std::string now;
    REQUIRE(ReadWholeFile(path, &now).ok());
    CHECK(now == "old");
    // Abandoned: the temporary goes, the old file stays.
  }
  CHECK(entries() == 1);
  std::string now;
  REQUIRE(ReadWholeFile(path, &now).ok());
  CHECK(now == "old");
  std::unique_ptr<AtomicFileWriter> w;
  REQUIRE(AtomicFileWriter::Open(path, 0644, false, &w).ok());
  REQUIRE(w->Append("new, ").ok());
  REQUIRE(w->Append("in pieces").ok());
  REQUIRE(w->Commit().ok());
  REQUIRE(ReadWholeFile(path, &now).ok());
  CHECK(now == "new, in pieces");
  CHECK(entries() == 1);
  CHECK_FALSE(w->Append("late").ok());
  CHECK_FALSE(w->Commit().ok());
}

TEST_CASE("fingerprints depend on rule and secret only and never contain it") {
  std::string a = Fingerprint("x.rule", "s3cr3t-value-123456");
  CHECK(a == Fingerprint("x.rule", "s3cr3t-value-123456"));
  CHECK(a != Fingerprint("y.rule", "s3cr3t-value-123456"));
  CHECK(a.find("s3cr3t") == std::string::npos);
  CHECK(a.rfind("br1:", 0) == 0);
}

TEST_CASE("SHA-256 and HMAC-SHA256 give the published test vectors") {
  struct Case {
    std::string key;  // empty: plain SHA-256
    std::string message;
    std::string hex;
  };
  const Case cases[] = {
      // FIPS 180-2 examples.
      {"", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      // RFC 4231 test cases 1, 2 and 6 (a key longer than the block).
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    if (c.key.empty()) {
      CHECK(Sha256Hex(c.message) == c.hex);
    } else {
      const std::string mac = HmacSha256(c.key, c.message);
      CHECK(ToHex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size()) == c.hex);
    }
  }
}

TEST_CASE("fingerprint formats are stable across releases (baselines and SARIF keep matching)") {
  // Computed independently (Python's hashlib and hmac) from the documented
  // inputs: "blastradius/v1|v2" NUL rule NUL secret.
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i));
  CHECK(KeyedFingerprint(key, "x.rule", "s3cr3t-value-123456") == "br2:01cd2fedf921bc602167d94c1e7f71cc");
  CHECK(Fingerprint("x.rule", "s3cr3t-value-123456") == "br1:64b27497965e38a860fbe1eadb9d0b35");
}

TEST_CASE("random bytes: the length asked for, a fresh value each call") {
  const std::string a = RandomBytes(32), b = RandomBytes(32);
  CHECK(a.size() == 32);
  CHECK(b.size() == 32);
  CHECK(a != b);  // equal with probability 2^-256
  CHECK(RandomBytes(0).empty());
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

constexpr int64_t kNow = 1767225600;  // 2026-01-01

TEST_CASE("each score factor moves its axis in the documented direction") {
  RuleCard card;
  card.id = "t.rule";
  card.name = "t";
  card.scope = "project";
  card.base_blast_radius = 6.0;
  card.expires = "configurable";
  Finding base = MakeFinding(card, Exposure::kUntracked, "src/a.py");
  ScoreFinding(&base, kNow);
  CHECK(base.blast_radius == doctest::Approx(6.0));
  CHECK(base.confidence_score == doctest::Approx(0.9));

  Finding committed = MakeFinding(card, Exposure::kTracked, "src/a.py");
  ScoreFinding(&committed, kNow);
  CHECK(Effect(committed, "exposure") > 0);
  CHECK(committed.blast_radius == doctest::Approx(6.0));  // likelihood, not damage
  CHECK(committed.confidence_score > base.confidence_score);

  Finding test_only = MakeFinding(card, Exposure::kUntracked, "tests/a.py");
  ScoreFinding(&test_only, kNow);
  CHECK(Effect(test_only, "environment") < 0);

  Finding prod = MakeFinding(card, Exposure::kUntracked, ".env.production");
  ScoreFinding(&prod, kNow);
  CHECK(Effect(prod, "environment") > 0);

  Finding sprawl = MakeFinding(card, Exposure::kUntracked, "a.py");
  sprawl.locations.push_back(sprawl.locations[0]);
  sprawl.locations[1].path = "b.py";
  ScoreFinding(&sprawl, kNow);
  CHECK(Effect(sprawl, "sprawl") > 0);

  // Weak matches lower confidence and one severity band, never damage.
  Finding low = MakeFinding(card, Exposure::kUntracked, "a.py");
  low.confidence = Confidence::kLow;
  ScoreFinding(&low, kNow);
  CHECK(low.blast_radius == doctest::Approx(6.0));
  CHECK(low.confidence_score < base.confidence_score);
  CHECK(low.severity == Severity::kLow);

  Finding docs = MakeFinding(card, Exposure::kTracked, "vendor/minio/README.md");
  ScoreFinding(&docs, kNow);
  CHECK(docs.blast_radius == doctest::Approx(6.0));
  CHECK(Effect(docs, "documentation") < 0);
  CHECK(docs.severity == Severity::kLow);

  RuleCard public_card = card;
  public_card.base_blast_radius = 0;
  Finding p = MakeFinding(public_card, Exposure::kTracked, ".env.production");
  ScoreFinding(&p, kNow);
  CHECK(p.blast_radius == 0);
  CHECK(p.severity == Severity::kInfo);
}

TEST_CASE("control-plane tokens keep their damage in test paths") {
  RuleCard card;
  card.id = "t.account";
  card.name = "t";
  card.scope = "account";
  card.base_blast_radius = 9.5;
  Finding f = MakeFinding(card, Exposure::kTracked, "tests/fixtures/.env");
  ScoreFinding(&f, kNow);
  CHECK(f.blast_radius >= 9.5);
  card.scope = "project";
  Finding g = MakeFinding(card, Exposure::kTracked, "tests/fixtures/.env");
  ScoreFinding(&g, kNow);
  CHECK(g.blast_radius < 9.5);
}

TEST_CASE("a failed checksum caps severity at low; an expired value is info") {
  RuleCard card;
  card.id = "t.pat";
  card.name = "t";
  card.scope = "account";
  card.base_blast_radius = 9.0;
  card.has_checksum = true;
  Finding bad = MakeFinding(card, Exposure::kTracked, "a.py");
  bad.confidence = Confidence::kLow;
  bad.facts["checksum"] = "invalid";  // as the matcher records it
  ScoreFinding(&bad, kNow);
  CHECK(bad.severity == Severity::kLow);
  CHECK(bad.confidence_score < 0.1);

  card.has_checksum = false;
  Finding expired = MakeFinding(card, Exposure::kTracked, "a.py");
  expired.facts["exp"] = "1490000000";  // 2017-03-20
  ScoreFinding(&expired, kNow);
  CHECK(expired.severity == Severity::kInfo);
  REQUIRE(expired.notes.size() == 1);
  CHECK(expired.notes[0] == "expired on 2017-03-20");
  Finding valid = MakeFinding(card, Exposure::kTracked, "a.py");
  valid.facts["exp"] = "2000000000";  // 2033
  ScoreFinding(&valid, kNow);
  CHECK(valid.blast_radius > expired.blast_radius);
  CHECK(valid.severity == Severity::kCritical);
}

TEST_CASE("environment comes from path parts that mean it") {
  struct Case {
    const char* path;
    const char* env;
  };
  for (const Case& c : std::initializer_list<Case>{{"home/dev/.aws/credentials", ""},
                                                   {"Users/dev/project/.env", ""},
                                                   {"deploy/dev/values.yaml", "development"},
                                                   {".env.local", ""},
                                                   {".env", ""},
                                                   {"config/.env.development", "development"},
                                                   {"tests/fixtures/.env", "test"},
                                                   {"pkg/client_test.go", "test"},
                                                   {"config/app.yml.sample", "test"},
                                                   {"examples/app.env", "test"},
                                                   {"k8s/production/secret.yaml", "production"},
                                                   {"settings", ""}}) {
    CAPTURE(c.path);
    CHECK(EnvironmentFromPath(c.path) == std::string_view(c.env));
  }
}

}  // namespace
}  // namespace blastradius
