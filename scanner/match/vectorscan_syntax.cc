#include "scanner/match/vectorscan_syntax.h"

namespace blastradius {
namespace {

// RE2's \s as class members, and its complement (\S) as byte ranges.
constexpr std::string_view kSpaceMembers = "\\t\\n\\f\\r\\x20";
constexpr std::string_view kNonSpaceMembers = "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\xff";

}  // namespace

std::string VectorscanExpression(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 16);
  bool in_class = false;
  size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char d = pattern[i + 1];
      if (d == 's' || d == 'S') {
        const std::string_view members = d == 's' ? kSpaceMembers : kNonSpaceMembers;
        if (in_class) {
          out += members;
        } else {
          out += "[";
          out += members;
          out += "]";
        }
        i += 2;
      } else if (d == 'Q' && !in_class) {
        // Quoted literal text up to \E (or the end): copied as it is.
        const size_t end = pattern.find("\\E", i + 2);
        const size_t stop = end == std::string_view::npos ? pattern.size() : end + 2;
        out += pattern.substr(i, stop - i);
        i = stop;
      } else {
        out += pattern.substr(i, 2);  // \\, \[, \], \x.., \d, \p, ...
        i += 2;
      }
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      ++i;
      if (i < pattern.size() && pattern[i] == '^') out += pattern[i++];
      if (i < pattern.size() && pattern[i] == ']') out += pattern[i++];  // a literal ] first
      continue;
    }
    if (in_class && c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
      // A POSIX class ([:alpha:]) inside the class: copied through ":]".
      const size_t end = pattern.find(":]", i + 2);
      const size_t stop = end == std::string_view::npos ? i + 1 : end + 2;
      out += pattern.substr(i, stop - i);
      i = stop;
      continue;
    }
    if (in_class && c == ']') in_class = false;
    out += c;
    ++i;
  }
  return out;
}

}  // namespace blastradius
