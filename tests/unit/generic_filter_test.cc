// Generic-secret filtering by context: what is and is not a secret.
#include "scanner/context/generic_filter.h"

#include <doctest/doctest.h>

namespace blastradius {
namespace {

TEST_CASE("key names that say the value is not a secret") {
  struct Case {
    const char* key;
    bool non_secret;
  };
  const Case cases[] = {
      {"integrity", true},
      {"sha256", true},
      {"output_token", true},
      {"NextContinuationToken", true},
      {"PasswordLastUsed", true},
      {"created_date", true},
      {"expiryTime", true},
      {"public_key", true},
      {"client_secret", false},
      {"RUNTIME_SECRET", false},
      {"api_key", false},
      {"DB_PASSWORD", false},
      {"signingKey", false},
      {"ClientRequestToken", true},
      {"LifecycleActionToken", true},
      {"Idempotency-Key", true},
      {"clientToken", true},
      {"ClientToken", true},
      {"client_token", false},  // Vault's login token, OAuth libraries
      {"VAULT_CLIENT_TOKEN", false},
      {"refresh_token", false},
      {"cacheKey", true},
      {"SORT_KEY", true},
      {"queryKey", true},
      {"primary_key", true},
      {"AZURE_STORAGE_KEY", false},
      {"routing_key", false},
      {"stripeKey", false},
      {"MAILGUN_KEY", false},
      {"oauth_consumer_key", true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CHECK(KeyNamesNonSecret(c.key) == c.non_secret);
  }
}

TEST_CASE("values that are not secrets") {
  struct Case {
    const char* value;
    bool non_secret;
  };
  const Case cases[] = {
      {"3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3", false},  // decided by its key
      {"1.2.3-beta.1", true},
      {"CloudFrontOriginAccessIdentityList.NextMarker", true},
      {"X-Amz-Security-Token", true},
      {"my.config.key_name", true},
      {"SOME_CONSTANT_NAME", true},
      {"utf8mb4_unicode_ci", true},
      {"us-east-1", true},
      {"grpc.health.v1beta2", true},
      {"feature-flag-2024-q3", true},
      {"QUEUE_V2_RETRY_10", true},
      {"__ngDebugHydrationInfo__", true},
      {"Ipv6CidrAssociations", true},
      {"utf8Encoder", true},
      {"_q8Zt2vLm0PkX4wNa7YbR3cDe_", false},
      // Random tokens in an identifier's shape: a part switches between
      // letters and digits again and again.
      {"q2np60mi_cyojqvk7l3fnff6aohpf_rgl46p3xpodsd", false},
      {"zv3sqo-cbblwl6y1rzyp07p4_vguk5c2clp9m3oa", false},
      {"K7Q2X9M4_PZ8R3W6N1", false},
      {"camelCaseIdentifier", true},
      {"2016-11-25T10:00:00Z", true},
      {"sha512-AbCdEf0123", true},
      {"data:image/png;base64,iVBORw0KGgo", true},
      {"https://example.org/path", true},
      {"arn:aws:iam::aws:policy/IAMUserChangePassword", true},
      {"#add-password", true},
      {"#Xq9vLm2pR7tK", false},  // a password may start with '#': letters and digits mixed
      {"Hq7Rk2Lm9Px4Vz1Nc8Bw3Ty6", false},
      {"q8Zt2vLm0PkX4wNa7YbR3cDe", false},
      {"N7r!pQ2w#Lk9vB4s", false},
      // Letters only are taken for a word or a name, even in mixed case:
      // identifiers such as AggregateComplianceByConformancePacks or
      // CustomPropertyHwIdKey outnumber letters-only passwords.
      {"AggregateComplianceByConformancePacks", true},
      {"CustomPropertyHwIdKey", true},
      {"DBClusterParameterGroups", true},
      {"DescribeDBLogFiles", true},
      {"AMActionErrorKey", true},
      {"InsertCtrlTWrapper", true},
      {"getIdByNameOrAlias", true},
      {"ENABLED", true},
      {"swordfish", true},
      // ... unless the case switches leave fragments a name does not have:
      // random letters (a generated password or token).
      {"yqDVtkqPECriaLRi", false},
      {"fKwQpZrTbNxLmYvH", false},
      {"hTqWzKpLrVnXbJmQsD", false},
      {"LKkOrZFYCSUUpbVA", false},
      {"parseJSONToXMLString", true},
      {"srcPointerContext", true},
      {"CryptDllImportPrivateKeyInfoEx", true},
      // Punctuation only is a mask or a separator; Latin-1 signs (U+00A8,
      // U+00BF, U+00D7) count as punctuation, letters beyond ASCII do not.
      {"********", true},
      {"--__--__", true},
      {",.:-\u00a8@*\u00bf?!", true},
      {"\u00d7\u00d7\u00d7\u00d7\u00d7\u00d7", true},
      {"\u00e9\u00e8#\u00e0!\u00f9%$", false},
      {"\u043f\u0430\u0440\u043e\u043b\u044c!#", false},
      {"#!%9&*@^", false},
      // A hexadecimal constant is a number (an error code, a flag).
      {"0x8031002C", true},
      {"(0x0080)", true},
      {"0x0020L", true},
      {"0x9f3bA71c0d5e2b8a4c6f", false},  // more than 16 digits
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.value));
    CHECK(LooksLikeNonSecretValue(c.value) == c.non_secret);
  }
}

TEST_CASE("a UUID is a secret only under a key that names one") {
  const std::string_view uuid = "3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3";
  CHECK(LooksLikeUuid(uuid));
  CHECK_FALSE(LooksLikeUuid("3f6c1a9e52b74d0e9a61c8e4b27d05f3"));
  CHECK_FALSE(GenericDroppedByValue("config.json", uuid));
  struct Case {
    const char* key;
    bool kept;
  };
  const Case cases[] = {
      {"HEROKU_API_KEY", true}, {"snykToken", true}, {"client_secret", true},
      {"request_id", false},    {"tenant", false},   {"", false},
      {"trace", false},         {"token_id", false}, {"install_uuid", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    Context ctx;
    ctx.kind = ValueKind::kLiteral;
    ctx.key_name = c.key;
    CHECK(KeepGenericCandidate("config.json", uuid, ctx) == c.kept);
  }
  // A structural match (a URL's password) needs no key.
  Context bare;
  CHECK(KeepGenericCandidate("config.json", uuid, bare, true, KeyRule::kIgnored));
}

TEST_CASE("generic candidates are dropped in lock files, comments and under non-secret keys") {
  Context literal;
  literal.kind = ValueKind::kLiteral;
  literal.key_name = "client_secret";
  CHECK(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", literal));
  CHECK_FALSE(KeepGenericCandidate("package-lock.json", "q8Zt2vLm0PkX4wNa7YbR3cDe", literal));
  CHECK_FALSE(KeepGenericCandidate("go.sum", "q8Zt2vLm0PkX4wNa7YbR3cDe", literal));
  // In a comment, only a commented-out secret: a random token under a key
  // that names a secret.
  Context comment = literal;
  comment.kind = ValueKind::kComment;
  CHECK(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", comment));
  CHECK_FALSE(KeepGenericCandidate("src/app.py", "abcdefghijklmnopqrstuvwx", comment));
  Context comment_no_key = comment;
  comment_no_key.key_name = "";
  CHECK_FALSE(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", comment_no_key));
  Context comment_other_key = comment;
  comment_other_key.key_name = "build";
  CHECK_FALSE(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", comment_other_key));
  Context hash = literal;
  hash.key_name = "checksum";
  CHECK_FALSE(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", hash));
}

TEST_CASE("a commented-out secret: a random token under a secret's name") {
  struct Case {
    const char* key;
    const char* value;
    bool secret;
  };
  const Case cases[] = {
      {"TWITTER_API_SECRET", "ngHaeaRPKA5BDQNXace3LWA1PvTA1kBGDaAJmc517E", true},
      {"config.facebook.key", "34cebc81c056a21bc66e212f947d73ec", true},
      {"$google_client_secret", "fnhqAakzWrX-mtFQ4PRdMoy0", true},  // case switches
      {"api_key", "q8Zt2vLm", false},                               // too short
      {"api_key", "the-key-from-the-dashboard", false},             // no digits
      {"api_key", "version2-of-the-keyring", false},                // one switch
      {"timeout", "ngHaeaRPKA5BDQNXace3LWA1PvTA1kBGDaAJmc517E", false},
      {"", "ngHaeaRPKA5BDQNXace3LWA1PvTA1kBGDaAJmc517E", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CAPTURE(c.value);
    CHECK(CommentedOutSecret(c.key, c.value) == c.secret);
  }
}

TEST_CASE("a letters-only password under a password's name") {
  struct Case {
    const char* key;
    const char* value;
    bool password;
  };
  const Case cases[] = {
      {"password", "swordfish", true},
      {"userPassword", "mongopass", true},
      {"sshUserPassword", "roboMongoSSHPass", true},  // irregular case: not an identifier
      {"DB_PASS", "Tidewater", true},
      {"passphrase", "sample", false},     // a placeholder word
      {"password", "string", false},       // a schema's type
      {"password", "Password", false},     // the key's own word: a label
      {"passwd", "required", false},       // a form rule
      {"allPass", "overEvery", false},     // camelCase: an identifier
      {"password", "newPassword", false},  // a name for a password
      {"password", "hunter", true},        // six letters
      {"password", "hunt", false},         // too short to tell from a word
      {"api_token", "swordfish", false},   // under a token's name it is a name
      {"password", "swordfish1", false},   // not letters only: the usual rules decide
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CAPTURE(c.value);
    CHECK(WordPassword(c.key, c.value) == c.password);
  }
  // The pipeline keeps it under a password's name and drops it elsewhere;
  // its shape alone does not drop it (the key decides, so context is read).
  Context keyed;
  keyed.kind = ValueKind::kLiteral;
  keyed.key_name = "password";
  keyed.source = "tree-sitter:json";
  CHECK(KeepGenericCandidate("config/robomongo.json", "swordfish", keyed, true, KeyRule::kNamesSecret, true));
  CHECK_FALSE(GenericDroppedByValue("config/robomongo.json", "swordfish", true));
  Context other = keyed;
  other.key_name = "api_token";
  CHECK_FALSE(
      KeepGenericCandidate("config/robomongo.json", "swordfish", other, true, KeyRule::kNamesSecret, true));
  // A structural rule's password place needs no key; rules that do not
  // take word passwords drop words by shape alone (no tree needed).
  Context none;
  CHECK(KeepGenericCandidate(".netrc", "swordfish", none, false, KeyRule::kIgnored, true));
  CHECK(GenericDroppedByValue("config/robomongo.json", "swordfish", false));
  CHECK_FALSE(
      KeepGenericCandidate("config/robomongo.json", "swordfish", keyed, true, KeyRule::kNamesSecret, false));
  RuleCard card;
  card.id = "generic.password.assignment";
  CHECK(TakesWordPasswords(card));
  card.id = "generic.secret.assignment";
  CHECK_FALSE(TakesWordPasswords(card));
  card.id = "generic.password.prose";
  CHECK_FALSE(TakesWordPasswords(card));
  card.id = "generic.password.spaced";
  CHECK_FALSE(TakesWordPasswords(card));
  card.structural = true;
  card.id = "urlcred.generic";  // a URL's userinfo word: often a placeholder
  CHECK_FALSE(TakesWordPasswords(card));
  card.id = "urlcred.netrc";
  CHECK(TakesWordPasswords(card));
  CHECK(GenericDroppedByValue("src/app.js", "addEventListener"));
}

TEST_CASE("values dropped whatever their context: no syntax tree is needed to decide them") {
  struct Case {
    const char* path;
    const char* value;
    bool dropped_by_value;
  };
  const Case cases[] = {
      {"src/app.js", "lib/utils/format.js", true},  // a path
      {"src/app.js", "1.2.3-beta.4", true},         // a version
      {"src/app.js", "addEventListener", true},     // an identifier
      {"yarn.lock", "q8Zt2vLm0PkX4wNa7YbR3cDe", true},
      {"src/app.js", "q8Zt2vLm0PkX4wNa7YbR3cDe", false},
      {"config.yaml", "Zt2v+Lm0/PkX4wNa7YbR3cDe==", false},
  };
  // The contexts a tree or a line reader may give: none changes the answer
  // for a value dropped by its shape or its file.
  Context literal;
  literal.kind = ValueKind::kLiteral;
  literal.key_name = "client_secret";
  literal.source = "tree-sitter:javascript";
  Context bare;
  Context keyed;
  keyed.key_name = "password";
  for (const Case& c : cases) {
    CAPTURE(c.value);
    CHECK(GenericDroppedByValue(c.path, c.value) == c.dropped_by_value);
    if (c.dropped_by_value) {
      for (const Context* ctx : {&literal, &bare, &keyed}) {
        for (KeyRule rule : {KeyRule::kNotNonSecret, KeyRule::kNamesSecret, KeyRule::kIgnored}) {
          CHECK_FALSE(KeepGenericCandidate(c.path, c.value, *ctx, true, rule));
          CHECK_FALSE(KeepGenericCandidate(c.path, c.value, *ctx, false, rule));
        }
      }
    } else {
      CHECK(KeepGenericCandidate(c.path, c.value, literal));
    }
  }
}

TEST_CASE("the key rule follows how the signature matched") {
  Context url;
  url.kind = ValueKind::kLiteral;
  url.key_name = "PIP_INDEX_URL";  // names a URL, not a secret
  Context compass = url;
  compass.key_name = "compass";
  const std::string_view v = "q8Zt2vLm0PkX4wNa7YbR3cDe";
  // Default: a key naming something else drops the value.
  CHECK_FALSE(KeepGenericCandidate(".env", v, url, true, KeyRule::kNotNonSecret));
  CHECK(KeepGenericCandidate(".env", v, compass, true, KeyRule::kNotNonSecret));
  // Keyed rules need a key that names a secret as a word.
  CHECK_FALSE(KeepGenericCandidate(".env", v, compass, true, KeyRule::kNamesSecret));
  // Structural rules (user:password@host) keep it whatever the key.
  CHECK(KeepGenericCandidate(".env", v, url, true, KeyRule::kIgnored));
  RuleCard card;
  CHECK(KeyRuleFor(card) == KeyRule::kNotNonSecret);
  card.keyed = true;
  CHECK(KeyRuleFor(card) == KeyRule::kNamesSecret);
  card.structural = true;
  CHECK(KeyRuleFor(card) == KeyRule::kIgnored);
}

TEST_CASE("environment hints from keys and hosts") {
  CHECK(EnvironmentFromKey("PROD_DB_PASSWORD") == "production");
  CHECK(EnvironmentFromKey("STRIPE_KEY_TEST") == "test");
  CHECK(EnvironmentFromKey("staging_token") == "staging");
  CHECK(EnvironmentFromKey("API_TOKEN") == "");
  // By words, whatever the convention: camelCase, sigils, dots, slashes.
  CHECK(EnvironmentFromKey("prodApiKey") == "production");
  CHECK(EnvironmentFromKey("AWSStagingToken") == "staging");
  CHECK(EnvironmentFromKey("$dev_password") == "development");
  CHECK(EnvironmentFromKey("db.uat.password") == "staging");
  CHECK(EnvironmentFromKey("secrets/prod/db") == "production");
  // Whole words only, production first.
  CHECK(EnvironmentFromKey("PRODUCT_KEY") == "");
  CHECK(EnvironmentFromKey("LATEST_TOKEN") == "");
  CHECK(EnvironmentFromKey("DEVICE_SECRET") == "");
  CHECK(EnvironmentFromKey("TEST_PROD_KEY") == "production");
  CHECK(EnvironmentFromHosts("postgres://u:p@localhost:5432/db") == "development");
  CHECK(EnvironmentFromHosts("https://db.cluster.internal/") == "development");
  CHECK(EnvironmentFromHosts("https://api.example.com/") == "");
}

}  // namespace
}  // namespace blastradius
