#include "scanner/core/key_words.h"

#include "scanner/core/ascii.h"

namespace blastradius {

std::vector<std::string> KeyWords(std::string_view key) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (!IsAsciiAlnum(c)) {
      flush();
      continue;
    }
    const char prev = i > 0 ? key[i - 1] : '\0';
    const bool upper_after_lower = IsAsciiUpper(c) && IsAsciiLower(prev);
    const bool acronym_end = IsAsciiUpper(c) && IsAsciiUpper(prev) && i + 1 < key.size() &&
                             IsAsciiLower(key[i + 1]);  // AWSProdKey
    // A capitalized word after a digit (auth0ApiToken, S3Bucket); letters
    // after a digit otherwise stay in the word (smtp2go, neo4j, SMTP2GO).
    const bool hump_after_digit =
        IsAsciiUpper(c) && IsAsciiDigit(prev) && i + 1 < key.size() && IsAsciiLower(key[i + 1]);
    if (upper_after_lower || acronym_end || hump_after_digit) flush();
    cur.push_back(AsciiToLower(c));
  }
  flush();
  return words;
}

}  // namespace blastradius
