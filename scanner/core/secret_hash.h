// Content hashes of secrets: fingerprints and redaction. Nothing here returns
// the secret itself.
#ifndef BLASTRADIUS_CORE_SECRET_HASH_H_
#define BLASTRADIUS_CORE_SECRET_HASH_H_

#include <string>
#include <string_view>

namespace blastradius {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Stable, content-based finding fingerprint: "br1:" + 32 hex digits of
// SHA-256("blastradius/v1" 0 rule_id 0 secret). Independent of path and line.
std::string Fingerprint(std::string_view rule_id, std::string_view secret);

// A short prefix (at most 4 characters, at most a quarter of the secret) and,
// for long secrets, the last 2 characters: "ghp_…Q3".
std::string Redact(std::string_view secret);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_SECRET_HASH_H_
