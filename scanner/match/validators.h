// Per-candidate checks applied after a pattern matched: placeholders,
// Shannon entropy, embedded checksums and decoders (JWT, PyPI macaroon).
// Pure functions; safe from any thread.
#ifndef BLASTRADIUS_MATCH_VALIDATORS_H_
#define BLASTRADIUS_MATCH_VALIDATORS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

namespace blastradius {

// Shannon entropy of the byte distribution, in bits per byte.
double ShannonEntropy(std::string_view s);

// True for obvious placeholders and documented example values: "example",
// "changeme", "<your-token>", "${VAR}", "xxxxxx", eight identical characters
// in a row, "0123456789", ... (signatures/README.md lists them).
bool IsPlaceholder(std::string_view secret, const std::unordered_set<std::string>& documented);

// True for the stock passwords of tutorials and defaults (password123,
// admin, Secret!, postgres, letmein): a placeholder or a weak real password.
// Not a placeholder: the matcher keeps them as findings marked
// facts["weak_password"], which the scorer reports at info.
bool IsStockPassword(std::string_view secret);

uint32_t Crc32(std::string_view data);
// GitHub/npm style: the part after the last '_' minus its last 6 characters
// has a CRC32 equal to those 6 characters in base62 (0-9A-Za-z, zero padded).
bool Crc32Base62Valid(std::string_view secret);

// base64url or standard base64, padding optional. False on invalid input.
bool DecodeBase64(std::string_view in, std::string* out);

// Decodes a JWT's payload; every top-level claim becomes a fact (strings as
// is, other JSON values serialized). False if it is not a JWT.
bool DecodeJwt(std::string_view token, std::map<std::string, std::string>* facts);

// Decodes a PyPI API token ("pypi-" + base64 macaroon) and sets fact
// "scope" to "project" when a caveat restricts it to projects, else "user".
bool DecodePypiMacaroon(std::string_view token, std::map<std::string, std::string>* facts);
// The entropy a random string of this value's alphabet (digits, hex,
// alphanumeric, base64, printable) and length reaches in nearly every draw:
// 0.8 * log2(min(alphabet size, length)); hex grouped by dashes (a UUID)
// counts as hex. A signature's min_entropy is lowered to this so random hex
// and short keys are not dropped.
double RandomnessFloor(std::string_view s);
// The entropy a value must reach for a signature asking `min_entropy`: the
// randomness floor when lower, for values of 12 characters or more (shorter
// ones are too often words).
double MinEntropyFor(std::string_view s, double min_entropy);
// HTTP Basic credentials: base64 of "user:password" with a printable user and
// a password of at least 3 characters; sets facts["user"].
bool DecodeBasicAuth(std::string_view token, std::map<std::string, std::string>* facts);

// A URL's scheme and user from a user:password@host match ("sftp",
// "root"): the scheme is the one right before the first "://" (lower
// case), the user what follows up to ':' or '@' (may be empty, as in
// redis://:pw@host). False when the text has no "://".
bool UrlUserinfo(std::string_view whole, std::string* scheme, std::string* user);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_VALIDATORS_H_
