// Base64Encode: standard base64 (RFC 4648, padded) for building test
// fixtures that hold encoded values (Kubernetes Secret data, macaroons).
#ifndef BLASTRADIUS_TESTS_TESTUTIL_BASE64_H_
#define BLASTRADIUS_TESTS_TESTUTIL_BASE64_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace blastradius::testing {

inline std::string Base64Encode(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t v = uint32_t(uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) v |= uint32_t(uint8_t(in[i + 1])) << 8;
    if (i + 2 < in.size()) v |= uint8_t(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

}  // namespace blastradius::testing

#endif  // BLASTRADIUS_TESTS_TESTUTIL_BASE64_H_
