// Matcher: Vectorscan + windowed RE2 against a slow reference, overlap
// resolution and validator wiring.
#include "scanner/match/matcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <random>

#include "tests/testutil/signature_fixture.h"

namespace blastradius {
namespace {

using testing::MinimalSignature;
using testing::SignatureFile;

struct Compiled {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
};

std::unique_ptr<Compiled> CompileFile(const std::string& file) {
  auto c = std::make_unique<Compiled>();
  c->db.AddFile("t.json", file, false);
  Status s = c->db.Finish();
  REQUIRE_MESSAGE(s.ok(), s.message());
  s = RuleSet::Compile(c->db, {DefaultCacheDir()}, &c->rules);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return c;
}

std::vector<std::string> SecretsOf(const std::string& text, const Compiled& c) {
  Matcher m(*c.rules);
  MatchScratch scratch(*c.rules);
  std::vector<Candidate> out;
  m.Scan(text, scratch, &out);
  std::vector<std::string> secrets;
  for (const auto& x : out)
    secrets.push_back(c.rules->rules()[x.rule].signature->card.id + "=" +
                      text.substr(x.secret.begin, x.secret.size()));
  return secrets;
}

TEST_CASE("finds, extracts and validates") {
  nlohmann::json tok = MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b");
  tok["min_entropy"] = 2.5;
  nlohmann::json generic = MinimalSignature("t.generic", "(?i)token{{assign}}([A-Za-z0-9_]{16,40})", 3.0);
  generic["generic"] = true;
  auto c = CompileFile(SignatureFile({tok, generic}));
  struct Case {
    const char* text;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"a tok_q8ztr2vlm0pk b", {"t.tok=tok_q8ztr2vlm0pk"}},
      {"tok_q8ztr2vlm0pkx", {}},                                     // no word boundary
      {"tok_aaaaaaaaaaaa", {}},                                      // placeholder run
      {"tok_abababababab", {}},                                      // entropy too low
      {"token = \"tok_q8ztr2vlm0pk\"", {"t.tok=tok_q8ztr2vlm0pk"}},  // specific beats generic
      {"token = \"Zq8ztr2vlm0pkX4wNa\"", {"t.generic=Zq8ztr2vlm0pkX4wNa"}},
      {"x tok_q8ztr2vlm0pk\ny tok_b7yqs1ukl9oj", {"t.tok=tok_q8ztr2vlm0pk", "t.tok=tok_b7yqs1ukl9oj"}},
  };
  for (const auto& cs : cases) {
    CAPTURE(cs.text);
    CHECK(SecretsOf(cs.text, *c) == cs.want);
  }
}

TEST_CASE("checksum failure lowers confidence instead of hiding") {
  nlohmann::json gh = MinimalSignature("t.gh", "\\b(ghp_[A-Za-z0-9]{36})\\b");
  gh["checksum"] = "crc32-base62";
  auto c = CompileFile(SignatureFile({gh}));
  Matcher m(*c->rules);
  MatchScratch scratch(*c->rules);
  std::vector<Candidate> out;
  m.Scan("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", scratch, &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].confidence == Confidence::kHigh);
  m.Scan("ghp_HVDjzLYAScsbz7mSO7ufDnCcqGn8pQ3Ti0s2", scratch, &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].confidence == Confidence::kLow);
}

TEST_CASE("unbounded patterns are confirmed within the large window") {
  auto c = CompileFile(SignatureFile({MinimalSignature("t.long", "BEGIN (K[A-Za-z0-9]{20,}) END")}));
  std::string body(3000, 'x');
  for (size_t i = 0; i < body.size(); ++i) body[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 36];
  std::string text = "noise BEGIN K" + body + " END noise";
  auto got = SecretsOf(text, *c);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == "t.long=K" + body);
}

TEST_CASE("event overflow is reported, not silent") {
  auto c = CompileFile(SignatureFile({MinimalSignature("t.a", "(a)")}));
  Matcher m(*c->rules);
  MatchScratch scratch(*c->rules);
  std::vector<Candidate> out;
  std::string text(Matcher::kMaxEvents + 10, 'a');
  CHECK_FALSE(m.Scan(text, scratch, &out).ok());
}

// A scratch allocator that always fails (Vectorscan's allocation hook).
void* FailingAlloc(size_t) { return nullptr; }
void NoFree(void*) {}

TEST_CASE("a failed scratch allocation is an error, never ignored") {
  auto c = CompileFile(SignatureFile({MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b")}));
  REQUIRE(hs_set_scratch_allocator(FailingAlloc, NoFree) == HS_SUCCESS);
  MatchScratch scratch(*c->rules);
  REQUIRE(hs_set_scratch_allocator(nullptr, nullptr) == HS_SUCCESS);
  CHECK_FALSE(scratch.status().ok());
  CHECK(scratch.status().message().find("hs_alloc_scratch") != std::string::npos);
  Matcher m(*c->rules);
  std::vector<Candidate> out;
  Status s = m.Scan("a tok_q8ztr2vlm0pk b", scratch, &out);
  CHECK(s.message() == scratch.status().message());
  MatchScratch fine(*c->rules);
  CHECK(fine.status().ok());
}

TEST_CASE("engine disagreement: an exact Vectorscan match RE2 rejects is counted, not skipped silently") {
  // \s: Vectorscan (PCRE) includes the vertical tab, RE2 does not.
  auto c = CompileFile(SignatureFile({MinimalSignature("t.vt", "key\\s(tok_[a-z0-9]{12})")}));
  REQUIRE_FALSE(c->rules->rules()[0].prefilter);
  Matcher m(*c->rules);
  MatchScratch scratch(*c->rules);
  std::vector<Candidate> out;
  const std::string text = "x key\vtok_q8ztr2vlm0pk\nkey tok_b7yqs1ukl9oj\n";
  REQUIRE(m.Scan(text, scratch, &out).ok());
  REQUIRE(out.size() == 1);  // the space-separated one; RE2 decides
  std::vector<EngineDisagreement> d = scratch.TakeDisagreements();
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == 0);
  CHECK(d[0].end == text.find('\n'));
  CHECK(scratch.TakeDisagreements().empty());  // taken
}

// The fast path must agree with running every regex over the whole blob.
TEST_CASE("differential: fast path equals slow reference on the built-in examples") {
  SignatureDb db;
  db.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");  // with examples
  REQUIRE(db.Finish().ok());
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, {DefaultCacheDir()}, &rules).ok());
  std::vector<std::string> pieces;
  for (const auto& s : db.signatures()) {
    for (const auto& e : s.examples) pieces.push_back(e.text);
    for (const auto& e : s.negative_examples) pieces.push_back(e.text);
  }
  Matcher m(*rules);
  MatchScratch scratch(*rules);
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(pieces.begin(), pieces.end(), rng);
    std::string text;
    for (size_t i = 0; i < pieces.size(); ++i) {
      text += pieces[i];
      // One example per line: joined with spaces, a negative example such as
      // `X_SECRET=` runs into the next example's quoted key and both paths
      // find a different, equally valid, overlapping match.
      text += "\n";
    }
    std::vector<RawMatch> fast;
    REQUIRE(m.FindRaw(text, scratch, &fast).ok());
    std::vector<RawMatch> slow = FindRawReference(*rules, text);
    // Compare where each rule's secrets start. The fast path confirms the
    // longest match that ends at a Vectorscan event; the reference is
    // leftmost-first, so for alternations of different lengths (PEM bodies
    // on one or several lines) the two may end differently.
    auto key = [&](const std::vector<RawMatch>& v) {
      std::vector<std::string> k;
      for (const auto& r : v)
        k.push_back(rules->rules()[r.rule].signature->card.id + "@" + std::to_string(r.secret.begin));
      std::sort(k.begin(), k.end());
      return k;
    };
    std::vector<std::string> kf = key(fast), ks = key(slow), only_fast, only_slow;
    std::set_difference(kf.begin(), kf.end(), ks.begin(), ks.end(), std::back_inserter(only_fast));
    std::set_difference(ks.begin(), ks.end(), kf.begin(), kf.end(), std::back_inserter(only_slow));
    std::string diff;
    for (const auto& x : only_fast) diff += " fast-only:" + x;
    for (const auto& x : only_slow) diff += " slow-only:" + x;
    CHECK_MESSAGE(diff.empty(), diff);
  }
}

}  // namespace
}  // namespace blastradius
