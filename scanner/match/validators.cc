#include "scanner/match/validators.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "scanner/core/ascii.h"

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

double RandomnessFloor(std::string_view s) {
  bool digit = false, lower = false, upper = false, hex_lower = true, hex_upper = true, b64 = true;
  for (unsigned char c : s) {
    bool d = c >= '0' && c <= '9', l = c >= 'a' && c <= 'z', u = c >= 'A' && c <= 'Z';
    digit |= d;
    lower |= l;
    upper |= u;
    // Hex may be grouped by dashes (a UUID, 32-8-8 hex keys).
    if (!(d || (c >= 'a' && c <= 'f') || c == '-')) hex_lower = false;
    if (!(d || (c >= 'A' && c <= 'F') || c == '-')) hex_upper = false;
    if (!(d || l || u || c == '+' || c == '/' || c == '=' || c == '-' || c == '_')) b64 = false;
  }
  double k;
  if (digit && !lower && !upper)
    k = 10;
  else if (hex_lower || hex_upper)
    k = 16;
  else if (b64 && !(lower && upper) && !std::any_of(s.begin(), s.end(), [](char c) {
             return c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
           }))
    k = 36;
  else if (b64 && std::all_of(s.begin(), s.end(), IsAsciiAlnum))
    k = 62;
  else if (b64)
    k = 64;
  else
    k = 94;
  return 0.8 * std::log2(std::min(k, static_cast<double>(std::max<size_t>(s.size(), 1))));
}

double MinEntropyFor(std::string_view s, double min_entropy) {
  return s.size() >= 12 ? std::min(min_entropy, RandomnessFloor(s)) : min_entropy;
}

namespace {
// `s` is base64 (standard or URL alphabet, padding optional) of printable
// text of 6 characters or more: the text is stored in *out.
bool Base64OfText(std::string_view s, std::string* out) {
  if (s.size() < 8 || s.size() % 4 == 1) return false;
  size_t n = s.size();
  while (n > 0 && s[n - 1] == '=') --n;
  if (s.size() - n > 2) return false;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (!(IsAsciiAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_')) return false;
  }
  if (!DecodeBase64(s.substr(0, n), out) || out->size() < 6) return false;
  return std::all_of(out->begin(), out->end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}
}  // namespace

bool IsStockPassword(std::string_view secret) {
  // Stock passwords of tutorials and defaults: password123, admin, secret!
  static const RE2 kStockPassword(
      "(?i)(?:password|passw0rd|pass|secret|admin|root|test|guest|user|changeit|letmein|qwerty|default|"
      "welcome|"
      "foobar|mypassword|mysecret|postgres|mysql|redis|rabbitmq|guest|minioadmin|adminadmin)[-_.]?[0-9]*[!.]"
      "?");
  return RE2::FullMatch(re2::StringPiece(secret.data(), secret.size()), kStockPassword);
}

namespace {
// A markup placeholder: <name> (a letter, then up to 40 of [A-Za-z0-9_ .-])
// or &lt;name&gt; (1 to 40 of [A-Za-z_ .-]), in any case. Checked by hand:
// as two RE2 alternatives these counted classes made the placeholder
// program three times larger, compiled on the first candidate of every run.
bool HasMarkupPlaceholder(std::string_view s) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  auto name_byte = [&](char c, bool digits) {
    return letter(c) || (digits && c >= '0' && c <= '9') || c == '_' || c == ' ' || c == '.' || c == '-';
  };
  auto iequal = [](std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      char c = a[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != lower[i]) return false;
    }
    return true;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && letter(s[i + 1])) {
      size_t j = i + 2;
      while (j < s.size() && j - (i + 2) < 40 && name_byte(s[j], true)) ++j;
      if (j < s.size() && s[j] == '>') return true;
    } else if (s[i] == '&' && iequal(s.substr(i, 4), "&lt;")) {
      size_t j = i + 4;
      while (j < s.size() && j - (i + 4) < 40 && name_byte(s[j], false)) ++j;
      if (j > i + 4 && iequal(s.substr(j, 4), "&gt;")) return true;
    }
  }
  return false;
}
}  // namespace

bool IsPlaceholder(std::string_view secret, const std::unordered_set<std::string>& documented) {
  static const RE2 kPlaceholder(
      "(?i)example|placeholder|changeme|change_me|change-me|"
      "your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|"
      "\\$\\{[A-Za-z_][A-Za-z0-9_.]*(?:[}:?=|-]|$)|\\$\\([A-Za-z_][A-Za-z0-9_.]*\\)|\\{\\{[ "
      "A-Za-z_.]|%\\([a-z_]+\\)s|"
      "x{6,}|\\*{4,}|\\.{4,}|0123456789|1234567890|abcdefghij|dummy|redacted|insert[_-]|"
      "replace[_-]?me|sample[_-]?(?:key|token)|fake[_-]?(?:key|token|secret)|not[_ -]?(?:a|my|the|your)[_ "
      "-]?real");
  if (documented.count(std::string(secret))) return true;
  if (secret.find('\n') != std::string_view::npos || secret.starts_with("-----BEGIN ")) {
    // A key block (also on one line, with \n escapes): only its encoded
    // body can be a placeholder; a comment line that says "example" does not
    // make the key fake, and DER's runs of zero bytes (AAAAAAAA) are no
    // sign of one.
    static const RE2 kHeaderLine(
        R"((?m)^(?:Comment|Proc-Type|DEK-Info|Encryption|PuTTY-User-Key-File-\d|Public-Lines|Private-Lines|Private-MAC|Version|Hash):[^\n]*$)");
    std::string body(secret);
    RE2::GlobalReplace(&body, kHeaderLine, "");
    return RE2::PartialMatch(body, kPlaceholder) || HasMarkupPlaceholder(body);
  }
  if (RE2::PartialMatch(re2::StringPiece(secret.data(), secret.size()), kPlaceholder) ||
      HasMarkupPlaceholder(secret))
    return true;
  size_t run = 1;
  for (size_t i = 1; i < secret.size(); ++i) {
    run = secret[i] == secret[i - 1] ? run + 1 : 1;
    if (run >= 8) return true;
  }
  // The decoded view: base64 of a placeholder ("ZXhhbXBsZS1rZXk=" is
  // "example-key") or of user:placeholder is a placeholder too.
  std::string decoded;
  if (Base64OfText(secret, &decoded)) {
    if (IsPlaceholder(decoded, documented)) return true;
    // Base64 of a sentence ("Hello from Google Cloud Platform") is a
    // documentation value: keys are random bytes, and encoded credentials
    // (user:password, JSON, PEM) are not words and spaces alone.
    static const RE2 kSentence("[A-Za-z][A-Za-z,.!'?]*(?: [A-Za-z,.!'?]+){2,}");
    if (RE2::FullMatch(decoded, kSentence)) return true;
    size_t colon = decoded.find(':');
    if (colon != std::string::npos && colon + 1 < decoded.size() &&
        (IsPlaceholder(std::string_view(decoded).substr(colon + 1), documented) ||
         IsStockPassword(std::string_view(decoded).substr(colon + 1))))
      return true;
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

bool UrlUserinfo(std::string_view whole, std::string* scheme, std::string* user) {
  size_t sep = whole.find("://");
  if (sep == std::string_view::npos) return false;
  size_t b = sep;
  auto scheme_char = [](char c) { return IsAsciiAlnum(c) || c == '+' || c == '.' || c == '-'; };
  while (b > 0 && scheme_char(whole[b - 1])) --b;
  if (b == sep) return false;
  scheme->clear();
  for (char c : whole.substr(b, sep - b)) scheme->push_back(AsciiToLower(c));
  std::string_view rest = whole.substr(sep + 3);
  *user = std::string(rest.substr(0, std::min(rest.find(':'), rest.find('@'))));
  return true;
}

bool DecodeBasicAuth(std::string_view token, std::map<std::string, std::string>* facts) {
  std::string raw;
  if (!DecodeBase64(token, &raw)) return false;
  size_t colon = raw.find(':');
  if (colon == std::string::npos || colon == 0 || raw.size() - colon - 1 < 3) return false;
  for (unsigned char ch : raw) {
    if (ch < 0x20 || ch == 0x7f) return false;
  }
  (void)facts;  // the user name may itself be a token (ghp_...:x-oauth-basic): never kept
  return true;
}

}  // namespace blastradius
