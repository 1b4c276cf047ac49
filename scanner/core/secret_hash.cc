#include "scanner/core/secret_hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "scanner/core/file_io.h"

namespace blastradius {

namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr size_t kKeyBytes = 32;

// Hex digits (either case) to bytes; false if malformed.
bool FromHex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  auto v = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = v(hex[i]), lo = v(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>((hi << 4) | lo));
  }
  return true;
}

}  // namespace

std::string ToHex(const unsigned char* p, size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return ToHex(digest, len);
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::random_device rd;
    for (auto& b : out) b = static_cast<char>(rd());
  }
  return out;
}

std::string KeyedFingerprint(std::string_view key, std::string_view rule_id, std::string_view secret) {
  std::string msg = "blastradius/v2";
  msg.push_back('\0');
  msg.append(rule_id);
  msg.push_back('\0');
  msg.append(secret);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), mac, &len);
  return "br2:" + ToHex(mac, len).substr(0, 32);
}

Status LoadFingerprintKey(const std::string& cache_dir, std::string* key, std::string* note) {
  note->clear();
  if (const char* env = std::getenv("BLASTRADIUS_FINGERPRINT_KEY"); env && *env) {
    std::string_view hex(env);
    if (hex.size() < 2 * 16 || !FromHex(hex, key))
      return Status::InvalidArgument("BLASTRADIUS_FINGERPRINT_KEY: expected at least 32 hex digits");
    return Status::Ok();
  }
  if (!cache_dir.empty()) {
    const std::string path = cache_dir + "/fingerprint-key";
    auto read_key = [&]() {
      std::string text;
      ReadOptions ro;
      ro.max_size = 1024;
      ro.follow_symlinks = false;
      if (!ReadWholeFile(path, &text, ro).ok()) return false;
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      return text.size() == 2 * kKeyBytes && FromHex(text, key);
    };
    if (read_key()) return Status::Ok();
    std::string fresh = RandomBytes(kKeyBytes);
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
    const std::string hex = ToHex(reinterpret_cast<const unsigned char*>(fresh.data()), fresh.size());
    // Read back: of two first runs at once, the last rename wins for both.
    if (WriteFileAtomically(path, hex + "\n", 0600).ok() && read_key()) return Status::Ok();
  }
  *key = RandomBytes(kKeyBytes);
  *note =
      "no cache directory for the fingerprint key; fingerprints differ from run to run "
      "(set BLASTRADIUS_CACHE_DIR or BLASTRADIUS_FINGERPRINT_KEY)";
  return Status::Ok();
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
