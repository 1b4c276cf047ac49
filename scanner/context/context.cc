#include "scanner/context/context.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <string>

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
  static const RE2 kProd(R"((?i)(?:^|[_.\-])(?:prod|production|live|prd)(?:[_.\-]|$))");
  static const RE2 kStaging(R"((?i)(?:^|[_.\-])(?:staging|stage|stg|qa|uat)(?:[_.\-]|$))");
  static const RE2 kDev(R"((?i)(?:^|[_.\-])(?:dev|development|local|sandbox)(?:[_.\-]|$))");
  static const RE2 kTest(R"((?i)(?:^|[_.\-])(?:test|testing|mock|fake|dummy|example)(?:[_.\-]|$))");
  // Sigils go ($token, @token, #token, :token) and camelCase words are split
  // (prodApiKey, AWSStagingToken => prod_Api_Key, AWS_Staging_Token) so the
  // separators above see them.
  while (!key.empty() &&
         (key.front() == '$' || key.front() == '@' || key.front() == '#' || key.front() == ':'))
    key.remove_prefix(1);
  std::string split;
  split.reserve(key.size() + 8);
  for (size_t i = 0; i < key.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    bool upper_after_lower = i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(key[i - 1]));
    bool acronym_end = i > 0 && i + 1 < key.size() && std::isupper(c) &&
                       std::isupper(static_cast<unsigned char>(key[i - 1])) &&
                       std::islower(static_cast<unsigned char>(key[i + 1]));  // AWSProdKey
    if (upper_after_lower || acronym_end) split.push_back('_');
    split.push_back(static_cast<char>(c));
  }
  re2::StringPiece k(split.data(), split.size());
  if (RE2::PartialMatch(k, kProd)) return "production";
  if (RE2::PartialMatch(k, kStaging)) return "staging";
  if (RE2::PartialMatch(k, kTest)) return "test";
  if (RE2::PartialMatch(k, kDev)) return "development";
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
  static const RE2 kNonSecret(
      R"((?i)(?:hash|sha\d*|md5|digest|checksum|integrity|fingerprint|public|pubkey|nonce|uuid|guid|_id$|^id$|version|etag|cache|revision|commit|placeholder|example|sample|pattern|regex|format|length|type|name|label|path|file|prefix|suffix|header|icon|image|color|font|locale|i18n|translation|message|title|description|hint|test|mock|fake|dummy|next_?token|continuation|pagination|page_?token|output_?token|input_?token|marker|cursor|param|last_?used|expir|created|updated))");
  // Date and time only as whole words: RUNTIME_SECRET is a secret.
  static const RE2 kTimestamp(R"((?:^|[_.\-])(?:[Dd]ate|[Tt]ime|DATE|TIME)(?:$|[_.\-])|[a-z](?:Date|Time)$)");
  re2::StringPiece k(key.data(), key.size());
  return RE2::PartialMatch(k, kNonSecret) || RE2::PartialMatch(k, kTimestamp);
}

}  // namespace blastradius
