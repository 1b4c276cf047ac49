// The words of a key name (a variable, setting or header name), the one
// splitter the context layer, the generic filter and the provider index
// share: REDIS_CACHE_PASSWORD, awsSecretAccessKey and AWSProdKey read as
// the same words whatever their case convention. ASCII only (core/ascii.h).
#ifndef BLASTRADIUS_CORE_KEY_WORDS_H_
#define BLASTRADIUS_CORE_KEY_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace blastradius {

// `key`'s words, lower case. A word ends at a byte that is not a letter or
// digit, and before a capital that starts a word: after a lower-case letter
// (apiKey), as the last of a run of capitals followed by a lower-case
// letter (AWSProd), or after a digit followed by a lower-case letter
// (auth0Api, S3Bucket). Digits and the letters after them otherwise stay
// in the word (sha256, smtp2go, neo4j, SMTP2GO).
//   "REDIS_CACHE_PASSWORD" -> redis cache password
//   "awsSecretAccessKey"   -> aws secret access key
//   "AWSProdKey"           -> aws prod key
std::vector<std::string> KeyWords(std::string_view key);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_KEY_WORDS_H_
