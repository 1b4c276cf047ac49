// Context: what surrounds a candidate secret in its file: the key or
// variable it is assigned to, the enclosing call, whether the value is a
// literal, a reference or sits in a comment, and environment hints.
#ifndef BLASTRADIUS_CONTEXT_CONTEXT_H_
#define BLASTRADIUS_CONTEXT_CONTEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace blastradius {

enum class ValueKind { kUnknown, kLiteral, kReference, kComment };
const char* ValueKindName(ValueKind k);

struct Context {
  std::string key_name;  // "aws_secret_access_key", "RAILWAY_API_TOKEN", ""
  std::string call;      // enclosing call for keyword arguments: "OpenAI"
  ValueKind kind = ValueKind::kUnknown;
  std::string environment;  // production|staging|development|test|""
  std::string source;       // "tree-sitter:python", "dotenv", "line"
};

// Environment suggested by a key name (PROD_DB_PASSWORD, STRIPE_KEY_TEST,
// staging_token) or "" when it says nothing.
std::string_view EnvironmentFromKey(std::string_view key);
// Environment suggested by hosts on the line: localhost, 127.0.0.1,
// *.local, *.internal, *.test => development; prod-*, *.prod.* => production.
std::string_view EnvironmentFromHosts(std::string_view line);

// True when a key name says the value is not a secret (hash, checksum,
// integrity, public key, id...). Used to drop generic candidates.
bool KeyNamesNonSecret(std::string_view key);

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_CONTEXT_H_
