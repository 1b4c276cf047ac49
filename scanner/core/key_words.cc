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
    // A capital starts a word after a lower-case letter (apiKey); followed
    // by a lower-case letter, also after a capital (AWSProdKey) or a digit
    // (auth0ApiToken, S3Bucket). Other letters after a digit stay in the
    // word (smtp2go, neo4j, SMTP2GO).
    const bool capitalized = i + 1 < key.size() && IsAsciiLower(key[i + 1]);
    if (IsAsciiUpper(c) &&
        (IsAsciiLower(prev) || (capitalized && (IsAsciiUpper(prev) || IsAsciiDigit(prev)))))
      flush();
    cur.push_back(AsciiToLower(c));
  }
  flush();
  return words;
}

}  // namespace blastradius
