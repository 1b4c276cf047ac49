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
// in its examples (and in case-shuffled copies of them) lies a gate hit.
TEST_CASE("derived gates: every match of a built-in signature contains its gate") {
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
  size_t gated = 0, matches_checked = 0;
  for (size_t i = 0; i < gates.size(); ++i) {
    if (gates[i].empty()) continue;
    ++gated;
    const Signature& sig = db.signatures()[i];
    RE2 pattern("(?m)" + sig.pattern, Latin1());
    RE2 gate(gates[i], Latin1());
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
  CHECK(matches_checked > gated);
}

}  // namespace
}  // namespace blastradius
