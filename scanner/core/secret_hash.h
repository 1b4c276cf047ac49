// Content hashes of secrets: fingerprints and redaction. Nothing here returns
// the secret itself.
#ifndef BLASTRADIUS_CORE_SECRET_HASH_H_
#define BLASTRADIUS_CORE_SECRET_HASH_H_

#include <string>
#include <string_view>

#include "scanner/core/status.h"

namespace blastradius {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// The 32-byte HMAC-SHA256 of `message` under `key`.
std::string HmacSha256(std::string_view key, std::string_view message);

// Lower-case hex of `n` bytes.
std::string ToHex(const unsigned char* p, size_t n);

// Content-based grouping key: "br1:" + 32 hex digits of
// SHA-256("blastradius/v1" 0 rule_id 0 secret). Unkeyed, so a guessable
// secret can be recovered from it: internal use only (grouping the
// copies of one secret), never published.
std::string Fingerprint(std::string_view rule_id, std::string_view secret);

// The published finding fingerprint: "br2:" + 32 hex digits of
// HMAC-SHA256(key, "blastradius/v2" 0 rule_id 0 secret). Stable for one key
// (independent of path and line), useless for guessing the secret without
// the key. See LoadFingerprintKey().
std::string KeyedFingerprint(std::string_view key, std::string_view rule_id, std::string_view secret);

// The fingerprint key, in this order:
//   1. $BLASTRADIUS_FINGERPRINT_KEY: at least 32 hex digits (share one
//      between CI machines so that fingerprints match across them);
//   2. `<cache_dir>/fingerprint-key`: 32 random bytes as hex, created with
//      mode 0600 on first use and kept for the installation;
//   3. otherwise a random key for this process only, and `*note` explains
//      that fingerprints will not be stable.
// An error only for a malformed $BLASTRADIUS_FINGERPRINT_KEY.
Status LoadFingerprintKey(const std::string& cache_dir, std::string* key, std::string* note);

// `n` random bytes from the kernel (getrandom(2); std::random_device where
// that is missing).
std::string RandomBytes(size_t n);

// A short prefix (at most 4 characters, at most a quarter of the secret) and,
// for long secrets, the last 2 characters: "ghp_…Q3".
std::string Redact(std::string_view secret);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_SECRET_HASH_H_
