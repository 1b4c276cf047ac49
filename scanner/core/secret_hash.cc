#include "scanner/core/secret_hash.h"

#include <openssl/evp.h>

#include <algorithm>

namespace blastradius {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string Fingerprint(std::string_view rule_id, std::string_view secret) {
  std::string input = "blastradius/v1";
  input.push_back('\0');
  input.append(rule_id);
  input.push_back('\0');
  input.append(secret);
  return "br1:" + Sha256Hex(input).substr(0, 32);
}

std::string Redact(std::string_view secret) {
  size_t prefix = std::min<size_t>(4, secret.size() / 4);
  std::string out(secret.substr(0, prefix));
  out += "\u2026";
  if (secret.size() >= 24) out.append(secret.substr(secret.size() - 2));
  return out;
}

}  // namespace blastradius
