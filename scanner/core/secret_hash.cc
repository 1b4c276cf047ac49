#include "scanner/core/secret_hash.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
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
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof digest, digest);
  return ToHex(digest, sizeof digest);
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key.size(), reinterpret_cast<const uint8_t*>(key.data()));
  hmac_sha256_update(&ctx, message.size(), reinterpret_cast<const uint8_t*>(message.data()));
  std::string mac(SHA256_DIGEST_SIZE, '\0');
  hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, reinterpret_cast<uint8_t*>(mac.data()));
  return mac;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  size_t filled = 0;
  while (filled < n) {
    const ssize_t got = getrandom(out.data() + filled, n - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // no getrandom(2) (kernels before 3.17): the fallback below
    filled += static_cast<size_t>(got);
  }
  if (filled < n) {
    std::random_device rd;
    for (size_t i = filled; i < n; ++i) out[i] = static_cast<char>(rd());
  }
  return out;
}

std::string KeyedFingerprint(std::string_view key, std::string_view rule_id, std::string_view secret) {
  std::string msg = "blastradius/v2";
  msg.push_back('\0');
  msg.append(rule_id);
  msg.push_back('\0');
  msg.append(secret);
  const std::string mac = HmacSha256(key, msg);
  return "br2:" + ToHex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size()).substr(0, 32);
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
