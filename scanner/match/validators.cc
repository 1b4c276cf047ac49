#include "scanner/match/validators.h"

#include <re2/re2.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

namespace blastradius {

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<uint32_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const double n = static_cast<double>(s.size());
  for (uint32_t c : counts) {
    if (!c) continue;
    double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

bool IsPlaceholder(std::string_view secret, const std::unordered_set<std::string>& documented) {
  static const RE2 kPlaceholder(
      "(?i)example|placeholder|changeme|change_me|change-me|"
      "your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|<[^>]*>|\\$\\{|\\{\\{|%\\(|"
      "x{6,}|\\*{4,}|\\.{4,}|0123456789|1234567890|abcdefghij|dummy|redacted|insert[_-]|"
      "replace[_-]?me|sample[_-]?(?:key|token)|fake[_-]?(?:key|token|secret)|not[_-]?a[_-]?real");
  if (documented.count(std::string(secret))) return true;
  if (RE2::PartialMatch(re2::StringPiece(secret.data(), secret.size()), kPlaceholder)) return true;
  size_t run = 1;
  for (size_t i = 1; i < secret.size(); ++i) {
    run = secret[i] == secret[i - 1] ? run + 1 : 1;
    if (run >= 8) return true;
  }
  return false;
}

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char ch : data) crc = kTable[(crc ^ ch) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

bool Crc32Base62Valid(std::string_view secret) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  size_t us = secret.rfind('_');
  std::string_view tail = us == std::string_view::npos ? secret : secret.substr(us + 1);
  if (tail.size() < 7) return false;
  std::string_view body = tail.substr(0, tail.size() - 6);
  std::string_view check = tail.substr(tail.size() - 6);
  uint32_t crc = Crc32(body);
  char enc[6];
  for (int i = 5; i >= 0; --i) {
    enc[i] = kAlphabet[crc % 62];
    crc /= 62;
  }
  return std::string_view(enc, 6) == check;
}

bool DecodeBase64(std::string_view in, std::string* out) {
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    int v;
    if (ch >= 'A' && ch <= 'Z')
      v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z')
      v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9')
      v = ch - '0' + 52;
    else if (ch == '+' || ch == '-')
      v = 62;
    else if (ch == '/' || ch == '_')
      v = 63;
    else if (ch == '=')
      break;
    else
      return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

bool DecodeJwt(std::string_view token, std::map<std::string, std::string>* facts) {
  size_t a = token.find('.');
  if (a == std::string_view::npos) return false;
  size_t b = token.find('.', a + 1);
  if (b == std::string_view::npos) return false;
  std::string header, payload;
  if (!DecodeBase64(token.substr(0, a), &header) || !DecodeBase64(token.substr(a + 1, b - a - 1), &payload))
    return false;
  nlohmann::json h = nlohmann::json::parse(header, nullptr, /*allow_exceptions=*/false);
  nlohmann::json p = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!h.is_object() || !p.is_object()) return false;
  for (auto& [k, v] : p.items()) (*facts)[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return true;
}

bool DecodePypiMacaroon(std::string_view token, std::map<std::string, std::string>* facts) {
  if (token.substr(0, 5) != "pypi-") return false;
  std::string raw;
  if (!DecodeBase64(token.substr(5), &raw) || raw.size() < 8) return false;
  // Legacy caveats: {"permissions": {"projects": [...]}}. Current warehouse
  // caveats are compact JSON arrays tagged 1 (project names) or 2 (project
  // ids); tag 3 binds a user.
  static const RE2 kProjectCaveat(R"(\[\s*[12]\s*,\s*\[)");
  bool project = raw.find("\"projects\"") != std::string::npos ||
                 raw.find("\"project_ids\"") != std::string::npos ||
                 RE2::PartialMatch(re2::StringPiece(raw.data(), raw.size()), kProjectCaveat);
  (*facts)["scope"] = project ? "project" : "user";
  return true;
}

}  // namespace blastradius
