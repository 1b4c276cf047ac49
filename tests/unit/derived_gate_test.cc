// Derived gates: which patterns get one (selective literals only), that a
// gate holds a literal of every match (the contract the gated matcher relies
// on), checked on hand-written patterns and on every built-in signature's
// examples with their letters' case shuffled.
#include "scanner/match/derived_gate.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <random>

#include "scanner/sig/signature_db.h"

namespace blastradius {
namespace {

RE2::Options Latin1() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  return o;
}

bool GateHits(const std::string& gate, const std::string& text) {
  RE2 re(gate, Latin1());
  REQUIRE_MESSAGE(re.ok(), gate);
  return RE2::PartialMatch(text, re);
}

struct GateCase {
  const char* name;
  std::vector<std::string> patterns;  // all derived together (atoms shared across them)
  size_t index;                       // the pattern under test
  bool eligible;
  bool expect_gate;
  std::vector<std::string> hit;   // texts the gate must hit
  std::vector<std::string> miss;  // texts it must not
};

TEST_CASE("derived gates: selective literals only") {
  const std::string token_a = R"((?i:token)[ \t]{0,3}=[ \t]{0,3}([a-z0-9]{20}))";
  const std::string token_b = R"((?i:token)[ \t]{0,3}:[ \t]{0,3}([A-Z]{20}))";
  const std::string token_c = R"((?i:token)[ \t]{0,3}=>([0-9]{20}))";
  const std::vector<GateCase> cases{
      {"a provider keyword becomes a caseless gate",
       {R"((?i:acmecorp)[ \t]{0,5}=[ \t]{0,5}([a-z0-9]{20})\b)"},
       0,
       true,
       true,
       {"ACMECORP", "AcmeCorp_key"},
       {"acme corp", "token"}},
      {"each alternative keyword is kept",
       {R"((?:zeppelinkey|quasarkey)[ \t]{0,2}=([0-9]{8}))"},
       0,
       true,
       true,
       {"zeppelinkey", "QUASARKEY"},
       {"zeppelin key", "quasar"}},
      {"not eligible: no gate", {R"((?i:acmecorp)[ \t]{0,5}=([a-z0-9]{20}))"}, 0, false, false, {}, {}},
      {"no literal at all", {R"(\b([a-z0-9]{20})\b)"}, 0, true, false, {}, {}},
      {"only a short literal", {R"((?i:abcd)[ \t]{0,3}=([0-9]{12}))"}, 0, true, false, {}, {}},
      {"a non-ASCII literal", {"caf\xe9s[ \\t]{0,3}=([0-9]{12})"}, 0, true, false, {}, {}},
      {"a keyword three patterns share is a common word",
       {token_a, token_b, token_c},
       0,
       true,
       false,
       {},
       {}},
      {"shared by two it is not", {token_a, token_b}, 1, true, true, {"TOKEN"}, {"toke"}},
      {"of two required literals the common one is dropped",
       {R"((?i:token)[^\n]{0,10}(?i:zorbly)[ \t]{0,3}=([0-9]{12}))", token_b, token_c},
       0,
       true,
       true,
       {"ZORBLY"},
       {"token"}},
      {"an alternative with only a common word: no gate",
       {R"((?:(?i:token)|(?i:zorbly))[ \t]{0,3}=([0-9]{12}))", token_b, token_c},
       0,
       true,
       false,
       {},
       {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    std::vector<bool> eligible(c.patterns.size(), true);
    eligible[c.index] = c.eligible;
    const std::vector<std::string> gates = DeriveGates(c.patterns, eligible, Latin1());
    REQUIRE(gates.size() == c.patterns.size());
    const std::string& gate = gates[c.index];
    CHECK(!gate.empty() == c.expect_gate);
    if (gate.empty()) continue;
    for (const auto& t : c.hit) CHECK_MESSAGE(GateHits(gate, t), gate, " on ", t);
    for (const auto& t : c.miss) CHECK_MESSAGE(!GateHits(gate, t), gate, " on ", t);
  }
}

// The contract on real patterns: inside every match of a signature's pattern
// in its examples (and in case-shuffled copies of them) lies a hit of its
// gate, derived or named in the signature.
TEST_CASE("derived and named gates: every match of a built-in signature contains its gate") {
  SignatureDb db;
  db.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");
  REQUIRE(db.Finish().ok());
  std::vector<std::string> patterns;
  std::vector<bool> eligible;
  for (const auto& s : db.signatures()) {
    patterns.push_back(s.pattern);
    eligible.push_back(s.gate.empty());
  }
  const std::vector<std::string> gates = DeriveGates(patterns, eligible, Latin1());
  std::mt19937 rng(20261206);
  size_t gated = 0, named = 0, matches_checked = 0;
  for (size_t i = 0; i < gates.size(); ++i) {
    const Signature& sig = db.signatures()[i];
    if (gates[i].empty() && sig.gate.empty()) continue;
    ++(sig.gate.empty() ? gated : named);
    RE2 pattern("(?m)" + sig.pattern, Latin1());
    RE2 gate("(?m)" + (sig.gate.empty() ? gates[i] : sig.gate), Latin1());
    REQUIRE(pattern.ok());
    REQUIRE(gate.ok());
    for (const auto& example : sig.examples) {
      for (int variant = 0; variant < 4; ++variant) {
        std::string text = example.text;
        if (variant > 0)
          for (char& ch : text)
            if (std::isalpha(static_cast<unsigned char>(ch)) && rng() % 2)
              ch = static_cast<char>(std::islower(static_cast<unsigned char>(ch)) ? std::toupper(ch)
                                                                                  : std::tolower(ch));
        re2::StringPiece input(text), match;
        while (!input.empty() && pattern.Match(input, 0, input.size(), RE2::UNANCHORED, &match, 1)) {
          ++matches_checked;
          CHECK_MESSAGE(RE2::PartialMatch(match, gate), sig.card.id, ": no gate hit in a match");
          const size_t next =
              static_cast<size_t>(match.data() - input.data()) + std::max<size_t>(match.size(), 1);
          if (next >= input.size()) break;
          input.remove_prefix(next);
        }
      }
    }
  }
  // Most built-in signatures are keyword- or prefix-anchored: if derivation
  // silently stopped working the database would grow back fourfold.
  CHECK(gated > db.signatures().size() / 2);
  CHECK(named >= 9);
  CHECK(matches_checked > gated + named);
}

// Named gates that hold the first characters of the value (and, for prose,
// everything before it): a match with the shortest value its pattern allows
// must still contain a gate hit (the examples' values are longer).
TEST_CASE("named gates: the shortest values their patterns allow still hold a gate hit") {
  SignatureDb db;
  db.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");
  REQUIRE(db.Finish().ok());
  struct Case {
    const char* id;
    std::string text;
  };
  const Case cases[] = {
      {"generic.secret.unquoted", "app_token = Ab3dEf6hIj9k\n"},                 // 12 characters
      {"generic.secret.unquoted", "SECRET:\tAb3dEf6hIj9k  # rotated\n"},         // 12, tab, comment
      {"generic.secret.inline", "run MY_API_KEY_V2=Ab3dEf6h now"},               // 8
      {"generic.secret.keyword_prose", "stripe api-key =  'Ab3dEf6hIj9kLm2n'"},  // 16, quoted
      {"generic.secret.keyword_prose", "deploy token:Ab3dEf6hIj9kLm2n"},         // 16
      {"generic.password.define", "define('DB_PASSWORD' ,  \"p4ss\");"},         // 4
      {"generic.password.define", "putenv(\"api_key\",'wxyz')"},                 // 4
      {"generic.secret.prose", "got key Ab3dEf6hIj9kLm2n"},                      // 16, no separator
      {"generic.secret.prose", "Using an API-token: \"Ab3dEf6hIj9kLm2n\""},      // article, api-, quote
  };
  for (const Case& c : cases) {
    CAPTURE(c.id);
    CAPTURE(c.text);
    const Signature* sig = nullptr;
    for (const auto& s : db.signatures())
      if (s.card.id == c.id) sig = &s;
    REQUIRE(sig != nullptr);
    REQUIRE_FALSE(sig->gate.empty());
    RE2 pattern("(?m)" + sig->pattern, Latin1());
    RE2 gate("(?m)" + sig->gate, Latin1());
    re2::StringPiece match;
    REQUIRE(pattern.Match(c.text, 0, c.text.size(), RE2::UNANCHORED, &match, 1));
    CHECK(RE2::PartialMatch(match, gate));
  }
}

}  // namespace
}  // namespace blastradius
