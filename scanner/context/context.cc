#include "scanner/context/context.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "scanner/core/key_words.h"

namespace blastradius {

const char* ValueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kLiteral:
      return "literal";
    case ValueKind::kReference:
      return "reference";
    case ValueKind::kComment:
      return "comment";
    case ValueKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view EnvironmentFromKey(std::string_view key) {
  // By the key's words (PROD_DB_PASSWORD, prodApiKey, AWSStagingToken,
  // $test_token): the first environment named, production first.
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kWords{
      {"production", {"prod", "production", "live", "prd"}},
      {"staging", {"staging", "stage", "stg", "qa", "uat"}},
      {"test", {"test", "testing", "mock", "fake", "dummy", "example"}},
      {"development", {"dev", "development", "local", "sandbox"}},
  };
  const std::vector<std::string> words = KeyWords(key);
  for (const auto& [environment, names] : kWords) {
    for (const auto& w : words)
      if (std::find(names.begin(), names.end(), w) != names.end()) return environment;
  }
  return "";
}

std::string_view EnvironmentFromHosts(std::string_view line) {
  static const RE2 kLocal(
      R"((?i)(?:@|//|\b)(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[a-z0-9\-]+\.(?:local|localhost|test|internal))(?:[:/\s"'@;,)\]}]|$))");
  static const RE2 kProd(R"((?i)(?://|@)(?:prod|production)[\-.][a-z0-9\-.]+|\.prod\.)");
  re2::StringPiece l(line.data(), line.size());
  if (RE2::PartialMatch(l, kLocal)) return "development";
  if (RE2::PartialMatch(l, kProd)) return "production";
  return "";
}

bool KeyNamesNonSecret(std::string_view key) {
  // Whole words only: REDIS_CACHE_PASSWORD, TYPESENSE_API_KEY and
  // MESSAGE_QUEUE_SECRET are secrets; password_hash, token_type, public_key,
  // next_token and created_date are not.
  static const std::set<std::string> kAnywhere{
      "hash",   "sha",         "sha1",   "sha256",  "sha512",  "md5",   "digest", "checksum",   "integrity",
      "public", "pubkey",      "nonce",  "uuid",    "guid",    "etag",  "test",   "mock",       "fake",
      "dummy",  "placeholder", "sample", "example", "pattern", "regex", "i18n",   "translation"};
  static const std::set<std::string> kLastWord{
      "id",      "ids",         "version",    "revision",    "commit",    "format",    "length",
      "len",     "size",        "type",       "kind",        "name",      "names",     "label",
      "path",    "file",        "filename",   "dir",         "prefix",    "suffix",    "header",
      "icon",    "image",       "color",      "colour",      "font",      "locale",    "message",
      "title",   "description", "desc",       "hint",        "marker",    "cursor",    "param",
      "url",     "uri",         "endpoint",   "host",        "count",     "enabled",   "required",
      "field",   "column",      "mode",       "policy",      "expiry",    "expires",   "expiration",
      "created", "updated",     "date",       "time",        "at",        "timestamp", "ttl",
      "timeout", "min",         "max",        "rotation",    "env",       "var",       "variable",
      "ref",     "arn",         "location",   "provider",    "algorithm", "alg",       "scope",
      "scopes",  "fingerprint", "text",       "placeholder", "cache",     "policy",    "strength",
      "rule",    "rules",       "validation", "label"};
  // The last five are idempotency tokens (AWS ClientRequestToken,
  // ChangeToken; Stripe's Idempotency-Key): request ids, often UUIDs.
  static const std::set<std::pair<std::string, std::string>> kPhrases{
      {"next", "token"},     {"page", "token"},       {"continuation", "token"}, {"output", "token"},
      {"input", "token"},    {"pagination", "token"}, {"max", "tokens"},         {"last", "used"},
      {"token", "usage"},    {"csrf", "token"},       {"xsrf", "token"},         {"prompt", "tokens"},
      {"request", "token"},  {"change", "token"},     {"action", "token"},       {"idempotency", "token"},
      {"idempotency", "key"}};
  // Phrases that say "not a secret" only in camel case: AWS's idempotency
  // ClientToken/clientToken, where client_token and VAULT_CLIENT_TOKEN
  // (Vault's login token) are secrets.
  static const std::set<std::pair<std::string, std::string>> kCamelCasePhrases{{"client", "token"}};
  const bool camel_case = key.find_first_of("_-. ") == std::string_view::npos;
  // Keys of data structures, caches and UIs: cacheKey, sortKey,
  // primary_key, queryKey, shortcut keys; OAuth 1's consumer key is the
  // client's public name. (Not storage, routing or store:
  // an Azure storage key and a PagerDuty routing key are credentials.)
  static const std::set<std::string> kNotCredentialKey{
      "cache",  "sort",  "primary", "foreign", "partition", "row",       "lookup",  "shortcut",
      "map",    "group", "dedup",   "dedupe",  "unique",    "shard",     "index",   "query",
      "object", "react", "state",   "context", "lock",      "hot",       "list",    "dict",
      "range",  "join",  "order",   "cursor",  "sorting",   "composite", "consumer"};
  std::vector<std::string> words = KeyWords(key);
  if (words.empty()) return false;
  for (const auto& w : words) {
    if (kAnywhere.count(w)) return true;
  }
  if (kLastWord.count(words.back())) return true;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (kPhrases.count({words[i], words[i + 1]})) return true;
    if (camel_case && kCamelCasePhrases.count({words[i], words[i + 1]})) return true;
    if ((words[i + 1] == "key" || words[i + 1] == "keys") && kNotCredentialKey.count(words[i])) return true;
  }
  return false;
}

}  // namespace blastradius
