// Fly.io macaroon caveats (issue 10, item 5): DecodeFlyMacaroon on tokens
// hand-built here in MessagePack (fake ids, seeded random nonce and tail),
// hostile inputs that must be refused without crashing, and the scorer on
// the real flyio.token.macaroon card narrowed by the decoded facts.
#include "scanner/match/fly_macaroon.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "scanner/score/scorer.h"
#include "scanner/sig/signature_db.h"
#include "tests/testutil/base64.h"

namespace blastradius {
namespace {

// ---- A minimal MessagePack writer (only what the tests need) ---------------

struct Mp {
  std::string b;
  Mp& Arr(size_t n) {
    if (n < 16) {
      b += static_cast<char>(0x90 | n);
    } else {
      b += static_cast<char>(0xdc);
      b += static_cast<char>(n >> 8);
      b += static_cast<char>(n & 0xff);
    }
    return *this;
  }
  Mp& Map(size_t n) {
    b += static_cast<char>(0x80 | n);
    return *this;
  }
  Mp& Uint(uint64_t v) {
    if (v < 128) {
      b += static_cast<char>(v);
    } else if (v <= 0xffff) {
      b += static_cast<char>(0xcd);
      b += static_cast<char>(v >> 8);
      b += static_cast<char>(v & 0xff);
    } else {
      b += static_cast<char>(0xcf);
      for (int i = 7; i >= 0; --i) b += static_cast<char>((v >> (8 * i)) & 0xff);
    }
    return *this;
  }
  Mp& Str(const std::string& s) {
    b += static_cast<char>(0xa0 | s.size());  // < 32 bytes in these tests
    b += s;
    return *this;
  }
  Mp& Bin(const std::string& s) {
    b += static_cast<char>(0xc4);
    b += static_cast<char>(s.size());
    b += s;
    return *this;
  }
  Mp& Bool(bool v) {
    b += static_cast<char>(v ? 0xc3 : 0xc2);
    return *this;
  }
  Mp& Raw(const std::string& s) {
    b += s;
    return *this;
  }
};

std::string RandomBytes(std::mt19937* rng, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += static_cast<char>((*rng)() & 0xff);
  return out;
}

std::string Base64(const std::string& in) { return testing::Base64Encode(in); }

// Caveat bodies (structs encoded as arrays, as the library does).
std::string Org(uint64_t id, uint64_t mask) { return Mp().Uint(0).Arr(2).Uint(id).Uint(mask).b; }
std::string Apps(std::vector<std::pair<uint64_t, uint64_t>> apps) {
  Mp m;
  m.Uint(3).Arr(1).Map(apps.size());
  for (auto [id, mask] : apps) m.Uint(id).Uint(mask);
  return m.b;
}
std::string Machines(const std::string& id, uint64_t mask) {
  return Mp().Uint(7).Arr(1).Map(1).Str(id).Uint(mask).b;
}
std::string Window(uint64_t nb, uint64_t na) { return Mp().Uint(4).Arr(2).Uint(nb).Uint(na).b; }
std::string FeatureSet(const std::string& f, uint64_t mask) {
  return Mp().Uint(5).Arr(1).Map(1).Str(f).Uint(mask).b;
}
// IfPresent [caveat set, else mask]
std::string IfPresent(const std::vector<std::string>& ifs, uint64_t else_mask) {
  Mp m;
  m.Uint(13).Arr(2).Arr(ifs.size() * 2);
  for (const auto& c : ifs) m.Raw(c);
  m.Uint(else_mask);
  return m.b;
}

constexpr uint64_t kAll = 0x1f;  // rwcdC
constexpr uint64_t kReadOnly = 0x01;

// [nonce [kid, rnd, proof], location, caveats, tail]: the raw bytes.
std::string MacaroonBytes(const std::vector<std::string>& caveats, bool proof = false, uint32_t seed = 10) {
  std::mt19937 rng(seed);
  Mp m;
  m.Arr(4).Arr(3).Bin(RandomBytes(&rng, 12)).Bin(RandomBytes(&rng, 16)).Bool(proof);
  m.Str(proof ? "https://api.fly.io/aaa/v1" : "https://api.fly.io/v1");
  m.Arr(caveats.size() * 2);
  for (const auto& c : caveats) m.Raw(c);
  m.Bin(RandomBytes(&rng, 32));
  return m.b;
}

std::string Token(const std::vector<std::string>& caveats, bool proof = false) {
  return "fm2_" + Base64(MacaroonBytes(caveats, proof));
}

// ---- Decoder ----------------------------------------------------------------

TEST_CASE("DecodeFlyMacaroon reads reach, access and expiry from the caveats") {
  struct Case {
    const char* name;
    std::string token;
    const char* token_kind;
    const char* scope;   // "" = not set
    const char* access;  // "" = not set
    const char* exp;     // "" = not set
    const char* summary_has;
  };
  const std::vector<Case> cases{
      {"unrestricted org token", Token({Org(1234, kAll)}), "permission", "organisation", "read-write", "",
       "organisation 1234 (rwcdC)"},
      {"org token with the * mask", Token({Org(1234, 0xffff)}), "permission", "organisation", "read-write",
       "", "organisation 1234 (*)"},
      {"deploy token: one app, expiry",
       Token({Org(1234, kAll), Apps({{5678, kAll}}), Window(1700000000, 1924992000)}), "permission",
       "project", "read-write", "1924992000", "apps 5678 (rwcdC); valid until 2031-01-01"},
      {"deploy token in IfPresent form (app + wg, else nothing)",
       Token({Org(1234, kAll), IfPresent({Apps({{5678, kAll}}), FeatureSet("wg", kAll)}, 0)}), "permission",
       "project", "read-write", "", "if apps 5678 (rwcdC), org features wg (rwcdC) else (none)"},
      {"IfPresent alternatives: a writable feature keeps the token read-write",
       Token({Org(1234, kAll), IfPresent({Apps({{5678, kReadOnly}}), FeatureSet("wg", kAll)}, 0)}),
       "permission", "project", "read-write", "", "else (none)"},
      {"IfPresent: read-only app, read-only else",
       Token({Org(1234, kAll), IfPresent({Apps({{5678, kReadOnly}})}, kReadOnly)}), "permission", "project",
       "read-only", "", "if apps 5678 (r) else (r)"},
      {"IfPresent with a writable else does not confine",
       Token({Org(1234, kAll), IfPresent({Apps({{5678, kAll}})}, kAll)}), "permission", "organisation",
       "read-write", "", "else (rwcdC)"},
      {"app wildcard (id 0) is organisation-wide", Token({Org(1234, kAll), Apps({{0, kAll}})}), "permission",
       "organisation", "read-write", "", "every app 0 (rwcdC)"},
      {"readonly org token", Token({Org(1234, kReadOnly)}), "permission", "organisation", "read-only", "",
       "organisation 1234 (r)"},
      {"read-only app token", Token({Org(1234, kAll), Apps({{5678, kReadOnly}, {5679, kReadOnly}})}),
       "permission", "project", "read-only", "", "apps 5678 (r), 5679 (r)"},
      {"expired org token", Token({Org(1234, kAll), Window(1500000000, 1600000000)}), "permission",
       "organisation", "read-write", "1600000000", "valid until 2020-09-13"},
      {"two windows: the earliest end wins",
       Token({Org(1234, kAll), Window(0, 1924992000), Window(0, 1800000000)}), "permission", "organisation",
       "read-write", "1800000000", ""},
      {"one Machine", Token({Org(1234, kAll), Apps({{5678, kAll}}), Machines("m-test-0001", kAll)}),
       "permission", "resource", "read-write", "", "Machines m-test-0001 (rwcdC)"},
      {"unknown caveat type: noted, reach unchanged",
       Token({Org(1234, kAll), Mp().Uint(25).Arr(1).Arr(1).Str("uptime").b}), "permission", "organisation",
       "read-write", "", "caveat type 25 (not decoded)"},
      {"no caveats at all", Token({}), "permission", "organisation", "read-write", "", "no caveats"},
      {"discharge token (finalized proof)", Token({Window(0, 1924992000)}, /*proof=*/true), "discharge", "",
       "", "1924992000", ""},
      {"fm1r_ prefix", "fm1r_" + Base64(MacaroonBytes({Org(1, kAll)})), "permission", "organisation",
       "read-write", "", ""},
      {"FlyV1 scheme in front", "FlyV1 " + Token({Org(1, kReadOnly)}), "permission", "organisation",
       "read-only", "", ""},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    std::map<std::string, std::string> facts;
    REQUIRE(DecodeFlyMacaroon(c.token, &facts));
    CHECK(facts["caveat_token"] == c.token_kind);
    auto get = [&](const char* k) { return facts.count(k) ? facts.at(k) : std::string(); };
    CHECK(get("caveat_scope") == c.scope);
    CHECK(get("caveat_access") == c.access);
    CHECK(get("exp") == c.exp);
    CHECK(get("caveats").find(c.summary_has) != std::string::npos);
  }
}

TEST_CASE("DecodeFlyMacaroon refuses garbage, truncation and hostile nesting without crashing") {
  const std::string good = MacaroonBytes({Org(1234, kAll), Apps({{5678, kAll}}), Window(1, 1924992000)});
  std::map<std::string, std::string> facts;
  REQUIRE(DecodeFlyMacaroon("fm2_" + Base64(good), &facts));

  // Every truncation of a valid token is refused (never read past the end).
  for (size_t n = 0; n < good.size(); ++n) {
    CAPTURE(n);
    std::map<std::string, std::string> f;
    CHECK_FALSE(DecodeFlyMacaroon("fm2_" + Base64(good.substr(0, n)), &f));
    CHECK(f.empty());
  }

  std::mt19937 rng(7);
  std::string deep = Mp().Arr(4).b + std::string(10000, static_cast<char>(0x91)) + std::string(1, '\x00');
  std::string wide_claim = Mp().Arr(4).b + "\xdd\xff\xff\xff\xff";       // array of 2^32-1 items
  std::string huge_bin = Mp().Arr(4).Arr(2).b + "\xc6\x7f\xff\xff\xff";  // 2 GiB bin
  std::string deep_ifpresent = MacaroonBytes({[] {
    std::string c = Org(1, kAll);
    for (int i = 0; i < 20; ++i) c = IfPresent({c}, 0);
    return c;
  }()});
  struct Case {
    const char* name;
    std::string token;
  };
  const std::vector<Case> cases{
      {"random base64", "fm2_" + Base64(RandomBytes(&rng, 300))},
      {"not base64", "fm2_!!!!not-base64!!!!"},
      {"empty body", "fm2_"},
      {"other prefix", "fo1_" + Base64(good)},
      {"bundle is two tokens, not one", "fm2_" + Base64(good) + ",fm2_" + Base64(good)},
      {"10000 nested arrays", "fm2_" + Base64(deep)},
      {"array length beyond the input", "fm2_" + Base64(wide_claim)},
      {"bin length beyond the input", "fm2_" + Base64(huge_bin)},
      {"IfPresent nested 20 deep", "fm2_" + Base64(deep_ifpresent)},
      {"trailing bytes", "fm2_" + Base64(good + "x")},
      {"odd caveat array",
       "fm2_" + Base64(Mp().Arr(4).Arr(2).Bin("k").Bin("r").Str("l").Arr(1).Uint(0).Bin("t").b)},
      {"organisation caveat without a mask",
       "fm2_" +
           Base64(Mp().Arr(4).Arr(2).Bin("k").Bin("r").Str("l").Arr(2).Uint(0).Arr(1).Uint(1).Bin("t").b)},
      {"reserved byte 0xc1", "fm2_" + Base64(Mp().Arr(4).Raw("\xc1").b)},
      {"too large", "fm2_" + std::string(kFlyMacaroonMaxBytes * 2, 'A')},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    std::map<std::string, std::string> f;
    CHECK_FALSE(DecodeFlyMacaroon(c.token, &f));
    CHECK(f.empty());
  }
}

// ---- Scorer on the real card ------------------------------------------------

constexpr int64_t kNow = 1767225600;  // 2026-01-01

struct Scored {
  double damage;
  Severity severity;
  std::vector<std::string> notes;
  std::vector<Factor> factors;
};

const RuleCard& FlyCard() {
  static SignatureDb* db = [] {
    auto* d = new SignatureDb();
    d->AddBuiltin();
    Status s = d->Finish();
    REQUIRE_MESSAGE(s.ok(), s.message());
    return d;
  }();
  for (const auto& s : db->signatures())
    if (s.card.id == "flyio.token.macaroon") return s.card;
  FAIL("flyio.token.macaroon not loaded");
  throw 0;
}

Scored Score(const std::string& token, const std::string& path = "deploy/.env") {
  Finding f;
  f.rule = &FlyCard();
  Location l;
  l.path = path;
  l.exposure = Exposure::kTracked;
  f.locations.push_back(l);
  DecodeFlyMacaroon(token, &f.facts);  // undecodable: no facts, as the matcher leaves it
  ScoreFinding(&f, kNow);
  return {f.blast_radius, f.severity, f.notes, f.factors};
}

bool HasNote(const Scored& s, const std::string& prefix) {
  for (const auto& n : s.notes)
    if (n.rfind(prefix, 0) == 0) return true;
  return false;
}

TEST_CASE("the scorer narrows a Fly.io macaroon to its decoded caveats") {
  const RuleCard& card = FlyCard();
  REQUIRE(card.scope == "organisation");
  REQUIRE(card.narrowed_damage.count("project") == 1);
  REQUIRE(card.narrowed_damage.count("organisation+read-only") == 1);

  const Scored undecodable = Score("fm2_" + Base64(std::string(120, '\x07')));
  const Scored org = Score(Token({Org(1234, kAll)}));
  const Scored deploy = Score(Token({Org(1234, kAll), Apps({{5678, kAll}})}));
  const Scored readonly = Score(Token({Org(1234, kReadOnly)}));
  const Scored expired =
      Score(Token({Org(1234, kAll), Apps({{5678, kAll}}), Window(1500000000, 1600000000)}));
  const Scored valid = Score(Token({Org(1234, kAll), Apps({{5678, kAll}}), Window(1500000000, 1924992000)}));
  const Scored discharge = Score(Token({Window(0, 1924992000)}, true));

  // Undecodable: today's behaviour, the worst case with the note.
  CHECK(HasNote(undecodable, "permissions unknown: worst case shown"));
  // Unrestricted org token: the worst case stands, but it is now known.
  CHECK(org.damage == doctest::Approx(undecodable.damage));
  CHECK_FALSE(HasNote(org, "permissions unknown"));
  CHECK(HasNote(
      org, "permissions decoded from the token's caveats: organisation-wide, read-write (the worst case"));
  // App-confined deploy token: the card at project scope.
  CHECK(deploy.damage == doctest::Approx(org.damage - (card.narrowed_damage.at("organisation") -
                                                       card.narrowed_damage.at("project"))));
  CHECK(deploy.damage < org.damage);
  CHECK(HasNote(deploy,
                "permissions decoded from the token's caveats: confined to the listed apps, read-write"));
  // Read-only: least capabilities only.
  CHECK(readonly.damage < deploy.damage);
  CHECK(readonly.damage == doctest::Approx(org.damage - (card.narrowed_damage.at("organisation") -
                                                         card.narrowed_damage.at("organisation+read-only"))));
  CHECK(readonly.severity < Severity::kHigh);
  CHECK(HasNote(readonly, "permissions decoded from the token's caveats: organisation-wide, read-only"));
  // Expired: info, with the date, below the same token still valid.
  CHECK(expired.severity == Severity::kInfo);
  CHECK(HasNote(expired, "expired on 2020-09-13"));
  CHECK(expired.damage < valid.damage);
  CHECK(valid.damage == doctest::Approx(deploy.damage));
  // Discharge: grants nothing alone.
  CHECK(discharge.severity == Severity::kLow);
  CHECK(HasNote(discharge, "discharge (authentication) token"));
  CHECK_FALSE(HasNote(discharge, "permissions unknown"));
  // The decoded scope decides the environment factor: an app-confined token
  // in a test fixture is discounted, an org-wide one (control plane) is not.
  const std::string deploy_token = Token({Org(1234, kAll), Apps({{5678, kAll}})});
  CHECK(Score(deploy_token, "tests/fixtures/fly.env").damage == doctest::Approx(deploy.damage - 1.5));
  CHECK(Score(Token({Org(1234, kAll)}), "tests/fixtures/fly.env").damage == doctest::Approx(org.damage));
  // The derivation is spelled out in a factor.
  bool explained = false;
  for (const auto& f : deploy.factors)
    if (f.name == "caveats" && f.evidence.find("apps 5678 (rwcdC)") != std::string::npos &&
        f.evidence.find("project scope") != std::string::npos)
      explained = true;
  CHECK(explained);
}

}  // namespace
}  // namespace blastradius
