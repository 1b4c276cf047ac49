// Damage model v2: DamageModel::Derive on hand-computed cards (with a model
// of the test's own, so the expected figures do not move with
// signatures/damage.json), and MergePairs + the scorer on identifier/secret
// pairs.
#include "scanner/sig/damage_model.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scanner/score/pairs.h"
#include "scanner/score/scorer.h"

namespace blastradius {
namespace {

constexpr const char* kModel = R"({
  "capability_weights": {"account:admin": 8.0, "data:read": 5.5, "infra:read": 2.0, "billing:read": 1.5,
                         "public:identify": 0.0},
  "breadth_per_weight": 0.05,
  "breadth_max": 0.3,
  "scope_adjust": {"account": 0.3, "project": -0.5, "resource": -1.5},
  "irreversible_bonus": 0.4,
  "expiry_adjust": {"never": 0.2, "days": -0.7, "hours": -1.5},
  "test_mode_adjust": -4.5,
  "public_cap": 1.5,
  "tolerance": 1.0
})";

DamageModel TestModel() {
  DamageModel m;
  Status s = DamageModel::Parse(kModel, "test-damage.json", &m);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return m;
}

TEST_CASE("DamageModel::Derive: worst capability + breadth + scope + irreversible + expiry") {
  const DamageModel model = TestModel();
  struct Case {
    const char* name;
    std::vector<std::string> caps;
    const char* scope;
    bool irreversible;
    const char* expires;
    bool test_mode;
    double want;
    const char* derivation_starts;  // the top capability and its weight
  };
  const std::vector<Case> cases{
      // 8.0 + 0.05*5.5 + 0.3 + 0.4 + 0.2
      {"account admin",
       {"data:read", "account:admin"},
       "account",
       true,
       "never",
       false,
       9.175,
       "account:admin 8.0 + breadth 0.2"},
      // 5.5 - 0.5 - 0.7
      {"one capability", {"data:read"}, "project", false, "days", false, 4.3, "data:read 5.5 + breadth 0.00"},
      // breadth 0.05*(5.5+2+1.5) = 0.45, capped at 0.3: 8.0 + 0.3 + 0.3 + 0.2
      {"breadth capped",
       {"account:admin", "data:read", "infra:read", "billing:read"},
       "account",
       false,
       "never",
       false,
       8.8,
       "account:admin 8.0 + breadth 0.30 (3 more)"},
      // 5.5 - 0.5 + 0.2 - 4.5
      {"test mode", {"data:read"}, "project", false, "never", true, 0.7, "data:read 5.5"},
      // 5.5 - 1.5 + 0.2 = 4.2, capped at public_cap 1.5
      {"public and more",
       {"public:identify", "data:read"},
       "resource",
       false,
       "never",
       false,
       1.5,
       "data:read 5.5"},
      // 2.0 - 1.5 - 1.5 - 4.5 < 0: floor 0.1
      {"floor", {"infra:read"}, "resource", false, "hours", true, 0.1, "infra:read 2.0"},
      {"public only", {"public:identify"}, "account", false, "never", false, 0.0, "public:identify only"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    RuleCard card;
    card.id = std::string("t.") + c.name;
    card.capabilities = c.caps;
    card.scope = c.scope;
    if (c.irreversible) card.irreversible = {"deletes everything"};
    card.expires = c.expires;
    card.test_mode = c.test_mode;
    std::string derivation;
    const double got = model.Derive(card, &derivation);
    CHECK(got == doctest::Approx(c.want).epsilon(1e-9));
    CAPTURE(derivation);
    CHECK(derivation.rfind(c.derivation_starts, 0) == 0);
    CHECK(model.Derive(card, nullptr) == got);  // the derivation is optional
  }
}

TEST_CASE("DamageModel::Derive spells out every term it adds") {
  const DamageModel model = TestModel();
  RuleCard card;
  card.capabilities = {"account:admin", "data:read"};
  card.scope = "account";
  card.irreversible = {"deletes backups"};
  card.expires = "never";
  std::string d;
  model.Derive(card, &d);
  for (const char* part : {"scope account", "+0.4 irreversible", "+0.2 expires never", "= 9.1"}) {
    CAPTURE(part);
    CHECK(d.find(part) != std::string::npos);
  }
  card.capabilities = {"public:identify", "data:read"};
  model.Derive(card, &d);
  CHECK(d.find("capped at 1.5: public by design") != std::string::npos);
}

TEST_CASE("DamageModel::Parse rejects a model without a required field") {
  DamageModel m;
  CHECK(!DamageModel::Parse(R"({"capability_weights": {}})", "x.json", &m).ok());
  CHECK(!DamageModel::Parse("[]", "x.json", &m).ok());
  Status s = DamageModel::Parse(R"({"capability_weights": {"data:read": "high"}})", "x.json", &m);
  CHECK(!s.ok());
  CHECK(s.message().find("/capability_weights/data:read") != std::string::npos);
}

// --- Pairs -------------------------------------------------------------------

// The model above with an account table: two services, a class per account.
constexpr const char* kAccountsModel = R"({
  "capability_weights": {"account:admin": 8.0, "data:read": 5.5, "infra:read": 2.0, "billing:read": 1.5,
                         "public:identify": 0.0},
  "breadth_per_weight": 0.05, "breadth_max": 0.3,
  "scope_adjust": {"account": 0.3, "project": -0.5, "resource": -1.5},
  "irreversible_bonus": 0.4,
  "expiry_adjust": {"never": 0.2, "days": -0.7, "hours": -1.5},
  "test_mode_adjust": -4.5, "public_cap": 1.5, "tolerance": 1.0,
  "accounts": {
    "services": {"shell": ["ssh", "sftp"], "database": ["postgres", "postgresql", "mysql"]},
    "privileged_users": ["root", "admin", "postgres"],
    "read_only_users": ["readonly", "ro", "analytics"],
    "anonymous_users": ["anonymous"],
    "password_key_words": ["password", "pass"],
    "classes": {
      "shell/privileged": {"capabilities": ["account:admin"], "scope": "resource", "irreversible": true,
                           "reason": "host administrator"},
      "shell/user": {"capabilities": ["data:read"], "scope": "resource", "irreversible": false,
                     "reason": "ordinary login"},
      "database/privileged": {"capabilities": ["account:admin", "data:read"], "scope": "account",
                              "irreversible": true, "reason": "superuser"},
      "database/read-only": {"capabilities": ["data:read"], "scope": "project", "irreversible": false,
                             "reason": "reads only"},
      "key/privileged": {"capabilities": ["account:admin"], "scope": "resource", "irreversible": false,
                         "reason": "administrator of an unnamed service"}
    }
  }
})";

DamageModel AccountsModel() {
  DamageModel m;
  Status s = DamageModel::Parse(kAccountsModel, "test-damage.json", &m);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return m;
}

TEST_CASE("DamageModel classifies a URL's scheme and user, and a password's key") {
  const DamageModel model = AccountsModel();
  struct Case {
    const char* scheme;
    const char* user;
    const char* want;
  };
  const std::vector<Case> urls{
      {"sftp", "root", "shell/privileged"},
      {"SSH", "Admin", "shell/privileged"},
      {"sftp", "uploader", "shell/user"},
      {"sftp", "backup_ro", "shell/user"},  // no shell/read-only class: an ordinary login
      {"sftp", "anonymous", ""},            // a public login stays as it was
      {"postgresql+psycopg2", "postgres", "database/privileged"},
      {"postgres", "analytics_ro", "database/read-only"},
      {"mysql", "shop_rw", ""},  // no database/user class: the card's own figure stands
      {"https", "root", ""},     // not a login protocol the table names
      {"sftp", "", ""},
      {"postgres", "dbAdmin", "database/privileged"},  // words in any convention
      {"postgres", "AnalyticsReader", "database/read-only"},
  };
  for (const auto& c : urls) {
    CAPTURE(c.scheme);
    CAPTURE(c.user);
    CHECK(model.ClassifyUrlAccount(c.scheme, c.user) == c.want);
  }
  const std::vector<std::pair<const char*, const char*>> keys{
      {"MYSQL_ROOT_PASSWORD", "database/privileged"},
      {"POSTGRES_PASSWORD", "database/privileged"},
      {"ROOT_PASSWORD", "key/privileged"},
      {"admin.pass", "key/privileged"},
      {"DB_PASSWORD", ""},   // names no privileged account
      {"ROOT_API_KEY", ""},  // not a password
      {"ROOTPASSWORD", ""},  // one word: neither root nor password
      // Words in any convention (core/key_words.h).
      {"mysqlRootPassword", "database/privileged"},
      {"adminPass", "key/privileged"},
  };
  for (const auto& entry : keys) {
    // Named copies: clang before 16 cannot capture structured bindings (CAPTURE).
    const auto& key = entry.first;
    const auto& want = entry.second;
    CAPTURE(key);
    CHECK(model.ClassifyKeyAccount(key) == want);
  }
}

TEST_CASE("DamageModel::DeriveAccount replaces the card's capabilities, scope and irreversibility") {
  const DamageModel model = AccountsModel();
  RuleCard card;
  card.capabilities = {"data:read"};
  card.scope = "resource";
  card.expires = "never";
  AccountDamage a;
  REQUIRE(model.DeriveAccount(card, "shell/privileged", &a));
  CHECK(a.damage == doctest::Approx(8.0 - 1.5 + 0.4 + 0.2));
  CHECK(a.reason == "host administrator");
  REQUIRE(model.DeriveAccount(card, "database/privileged", &a));
  CHECK(a.damage == doctest::Approx(8.0 + 0.05 * 5.5 + 0.3 + 0.4 + 0.2));
  REQUIRE(model.DeriveAccount(card, "database/read-only", &a));
  CHECK(a.damage == doctest::Approx(5.5 - 0.5 + 0.2));
  CHECK_FALSE(model.DeriveAccount(card, "shell/read-only", &a));
}

TEST_CASE("DamageModel::Parse rejects an account class without a weight or a reason") {
  std::string text = kAccountsModel;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\"reason\": \"reads only\"", "\"reason\": \"\""},
           {"\"capabilities\": [\"account:admin\"], \"scope\": \"resource\", \"irreversible\": false",
            "\"capabilities\": [\"shell:root\"], \"scope\": \"resource\", \"irreversible\": false"},
           {"\"scope\": \"project\", \"irreversible\": false",
            "\"scope\": \"galaxy\", \"irreversible\": false"}}) {
    std::string bad = text;
    size_t at = bad.find(from);
    REQUIRE(at != std::string::npos);
    bad.replace(at, from.size(), to);
    DamageModel m;
    CHECK_FALSE(DamageModel::Parse(bad, "bad.json", &m).ok());
  }
}

struct PairCards {
  RuleCard id, secret, other;
  PairCards() {
    id.id = "t.key_id";
    id.name = "T access key id";
    id.scope = "account";
    id.base_blast_radius = 9.2;
    id.pair_role = "id";
    id.pairs_with = {"t.secret_key"};
    secret.id = "t.secret_key";
    secret.name = "T secret access key";
    secret.scope = "account";
    secret.base_blast_radius = 9.6;
    secret.pair_role = "secret";
    secret.pairs_with = {"t.key_id"};
    other.id = "t.unrelated";
    other.name = "unrelated token";
    other.scope = "project";
    other.base_blast_radius = 6.0;
  }
};

Finding At(const RuleCard& card, const std::string& path, uint32_t line, const std::string& redacted) {
  Finding f;
  f.rule = &card;
  f.fingerprint = "br1:" + card.id + path;
  f.secret_redacted = redacted;
  Location l;
  l.path = path;
  l.line = line;
  l.exposure = Exposure::kTracked;
  f.locations.push_back(l);
  return f;
}

constexpr int64_t kNow = 1767225600;  // 2026-01-01

const Finding* ByRule(const std::vector<Finding>& v, const std::string& id) {
  for (const auto& f : v)
    if (f.rule->id == id) return &f;
  return nullptr;
}

TEST_CASE("MergePairs folds an identifier into the secret found in the same file") {
  PairCards c;
  std::vector<Finding> v{At(c.id, "deploy/.env", 1, "TKID\u2026AB"),
                         At(c.secret, "deploy/.env", 2, "wJal\u2026EY"),
                         At(c.other, "deploy/.env", 3, "tok_\u202699")};
  MergePairs(&v);
  REQUIRE(v.size() == 2);
  CHECK(ByRule(v, "t.key_id") == nullptr);
  const Finding* secret = ByRule(v, "t.secret_key");
  REQUIRE(secret != nullptr);
  CHECK(secret->facts.at("paired") == "t.key_id");
  REQUIRE(ByRule(v, "t.unrelated") != nullptr);
  CHECK(ByRule(v, "t.unrelated")->facts.count("paired") == 0);
  // The note survives scoring, names the identifier redacted, and the pair is
  // not capped: it is a usable credential.
  Finding scored = *secret;
  ScoreFinding(&scored, kNow);
  REQUIRE(scored.notes.size() == 1);
  CHECK(scored.notes[0] == "paired with its T access key id (TKID\u2026AB) at deploy/.env:1");
  CHECK(scored.severity == Severity::kCritical);
}

TEST_CASE("MergePairs keeps an identifier alone, and the scorer caps it at low") {
  PairCards c;
  // The secret sits in another file: no fold, the identifier alone grants nothing.
  std::vector<Finding> v{At(c.id, "config/aws.ini", 4, "TKID\u2026AB"),
                         At(c.secret, "deploy/.env", 2, "wJal\u2026EY")};
  MergePairs(&v);
  REQUIRE(v.size() == 2);
  Finding id = *ByRule(v, "t.key_id");
  CHECK(id.facts.count("paired") == 0);
  ScoreFinding(&id, kNow);
  CHECK(id.severity == Severity::kLow);
  CHECK(id.blast_radius >= 9.2);  // damage is the card's; only the severity is capped
  REQUIRE(id.notes.size() == 1);
  CHECK(id.notes[0].rfind("secret not found in the scanned files", 0) == 0);
  Finding secret = *ByRule(v, "t.secret_key");
  ScoreFinding(&secret, kNow);
  CHECK(secret.notes.empty());
  CHECK(secret.severity == Severity::kCritical);

  std::vector<Finding> alone{At(c.id, "config/aws.ini", 4, "TKID\u2026AB")};
  MergePairs(&alone);
  REQUIRE(alone.size() == 1);
  ScoreFinding(&alone[0], kNow);
  CHECK(alone[0].severity == Severity::kLow);
}

TEST_CASE("MergePairs folds only the identifier's locations that sit beside a secret") {
  PairCards c;
  // One key id in two files: beside its secret in deploy/.env, alone in
  // docs/keys.txt. The lone location stays reported; the paired one is folded.
  Finding id = At(c.id, "deploy/.env", 1, "TKID\u2026AB");
  id.locations.push_back(At(c.id, "docs/keys.txt", 7, "TKID\u2026AB").locations[0]);
  std::vector<Finding> v{id, At(c.secret, "deploy/.env", 2, "wJal\u2026EY")};
  MergePairs(&v);
  REQUIRE(v.size() == 2);
  const Finding* kept = ByRule(v, "t.key_id");
  REQUIRE(kept != nullptr);
  REQUIRE(kept->locations.size() == 1);
  CHECK(kept->locations[0].path == "docs/keys.txt");
  CHECK(kept->facts.count("paired") == 0);
  const Finding* secret = ByRule(v, "t.secret_key");
  REQUIRE(secret != nullptr);
  CHECK(secret->facts.at("paired_note") == "paired with its T access key id (TKID\u2026AB) at deploy/.env:1");
}

TEST_CASE("ScoreFinding reports a stock password at info, with a note") {
  PairCards c;
  Finding weak = At(c.secret, "deploy/.env", 2, "admi\u202623");
  weak.facts["weak_password"] = "common";
  ScoreFinding(&weak, kNow);
  CHECK(weak.severity == Severity::kInfo);
  REQUIRE(weak.notes.size() == 1);
  CHECK(weak.notes[0].rfind("a stock password", 0) == 0);
  Finding strong = At(c.secret, "deploy/.env", 2, "wJal\u2026EY");
  ScoreFinding(&strong, kNow);
  CHECK(strong.severity == Severity::kCritical);
}

TEST_CASE("ScoreFinding: the account a URL names moves the damage and lifts a login URL's confidence") {
  const DamageModel model = AccountsModel();
  RuleCard url;
  url.id = "t.url";
  url.name = "URL credential";
  url.generic = true;
  url.capabilities = {"data:read"};
  url.scope = "resource";
  url.expires = "never";
  url.model_blast_radius = url.base_blast_radius = model.Derive(url, nullptr);  // 4.2
  for (const char* k : {"shell/privileged", "shell/user"})
    REQUIRE(model.DeriveAccount(url, k, &url.account_damage[k]));
  struct Case {
    const char* scheme;
    const char* user;
    const char* account;
    double damage;
    double confidence;
    Severity severity;
  };
  const std::vector<Case> cases{
      {"sftp", "root", "shell/privileged", 7.1, 0.73, Severity::kHigh},
      {"sftp", "uploader", "shell/user", 4.2, 0.73, Severity::kMedium},
      {"https", "root", "", 4.2, 0.43, Severity::kLow},  // generic: band lowered as before
  };
  for (const auto& c : cases) {
    CAPTURE(c.user);
    Finding f = At(url, "deploy/.env", 1, "Vq8m\u2026Hc");
    f.confidence = Confidence::kLow;
    f.facts["url_scheme"] = c.scheme;
    f.facts["url_user"] = c.user;
    if (*c.account) f.facts["account"] = c.account;
    ScoreFinding(&f, kNow);
    CHECK(f.blast_radius == doctest::Approx(c.damage));
    CHECK(f.confidence_score == doctest::Approx(c.confidence));
    CHECK(f.severity == c.severity);
    bool has_factor = false;
    for (const auto& x : f.factors)
      if (x.name == "account")
        has_factor = x.evidence.find(std::string("user \"") + c.user + "\" over sftp") == 0;
    CHECK(has_factor == (*c.account != 0));
  }
}

}  // namespace
}  // namespace blastradius
