// ASCII character classes and case mapping. Key names, hosts, identifiers,
// file extensions and option words are ASCII, and no result may depend on
// the process's locale (std::tolower and std::isalnum consult it), so the
// scanner classifies and folds bytes with these: a byte of 0x80 or above is
// of no class and maps to itself.
#ifndef BLASTRADIUS_CORE_ASCII_H_
#define BLASTRADIUS_CORE_ASCII_H_

#include <string>
#include <string_view>

namespace blastradius {

constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || IsAsciiLower(c); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
// Space, tab, line feed, carriage return, form feed, vertical tab.
constexpr bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

constexpr char AsciiToLower(char c) { return IsAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char AsciiToUpper(char c) { return IsAsciiLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

// `s` with A-Z lowered (AsciiLower) or a-z raised (AsciiUpper).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiToLower(c);
  return out;
}
inline std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiToUpper(c);
  return out;
}

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_ASCII_H_
