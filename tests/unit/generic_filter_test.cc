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
      {"integrity", true},        {"sha256", true},
      {"output_token", true},     {"NextContinuationToken", true},
      {"PasswordLastUsed", true}, {"created_date", true},
      {"expiryTime", true},       {"public_key", true},
      {"client_secret", false},   {"RUNTIME_SECRET", false},
      {"api_key", false},         {"DB_PASSWORD", false},
      {"signingKey", false},
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
      {"3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3", true},
      {"1.2.3-beta.1", true},
      {"CloudFrontOriginAccessIdentityList.NextMarker", true},
      {"X-Amz-Security-Token", true},
      {"my.config.key_name", true},
      {"SOME_CONSTANT_NAME", true},
      {"camelCaseIdentifier", true},
      {"2016-11-25T10:00:00Z", true},
      {"sha512-AbCdEf0123", true},
      {"data:image/png;base64,iVBORw0KGgo", true},
      {"https://example.org/path", true},
      {"Hq7Rk2Lm9Px4Vz1Nc8Bw3Ty6", false},
      {"q8Zt2vLm0PkX4wNa7YbR3cDe", false},
      {"N7r!pQ2w#Lk9vB4s", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    CHECK(LooksLikeNonSecretValue(c.value) == c.non_secret);
  }
}

TEST_CASE("generic candidates are dropped in lock files, comments and under non-secret keys") {
  Context literal;
  literal.kind = ValueKind::kLiteral;
  literal.key_name = "client_secret";
  CHECK(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", literal));
  CHECK_FALSE(KeepGenericCandidate("package-lock.json", "q8Zt2vLm0PkX4wNa7YbR3cDe", literal));
  CHECK_FALSE(KeepGenericCandidate("go.sum", "q8Zt2vLm0PkX4wNa7YbR3cDe", literal));
  Context comment = literal;
  comment.kind = ValueKind::kComment;
  CHECK_FALSE(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", comment));
  Context hash = literal;
  hash.key_name = "checksum";
  CHECK_FALSE(KeepGenericCandidate("src/app.py", "q8Zt2vLm0PkX4wNa7YbR3cDe", hash));
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
  CHECK(EnvironmentFromHosts("postgres://u:p@localhost:5432/db") == "development");
  CHECK(EnvironmentFromHosts("https://db.cluster.internal/") == "development");
  CHECK(EnvironmentFromHosts("https://api.example.com/") == "");
}

}  // namespace
}  // namespace blastradius
