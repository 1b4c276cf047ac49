#include "scanner/match/line_local.h"

#include <cstddef>

#include "scanner/core/ascii.h"

namespace blastradius {
namespace {

constexpr int kLineFeedValue = 0x0A;

// What one escape (a backslash and what follows) stands for.
struct Escape {
  enum Kind {
    kByte,        // one byte: `value`
    kNoLineFeed,  // a class without 0x0A: \d \w \S
    kLineFeed,    // a class with 0x0A: \s \D \W
    kZeroWidth,   // \b \B \A \z
    kUnknown,     // anything else (\p, \Q, \C, octal, backreferences, ...)
  } kind = kUnknown;
  int value = -1;
  size_t length = 1;  // bytes of the pattern it takes
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The escape starting at p[i] == '\\'.
Escape ReadEscape(std::string_view p, size_t i) {
  Escape e;
  if (i + 1 >= p.size()) return e;
  const char d = p[i + 1];
  e.length = 2;
  auto byte = [&](int v) {
    e.kind = Escape::kByte;
    e.value = v;
    return e;
  };
  switch (d) {
    case 'n':
      return byte('\n');
    case 't':
      return byte('\t');
    case 'r':
      return byte('\r');
    case 'f':
      return byte('\f');
    case 'v':
      return byte('\v');
    case 'a':
      return byte('\a');
    case 'd':
    case 'w':
    case 'S':
      e.kind = Escape::kNoLineFeed;
      return e;
    case 's':
    case 'D':
    case 'W':
      e.kind = Escape::kLineFeed;
      return e;
    case 'b':
    case 'B':
    case 'A':
    case 'z':
      e.kind = Escape::kZeroWidth;
      return e;
    case 'x': {
      int v = 0;
      if (i + 2 < p.size() && p[i + 2] == '{') {
        size_t k = i + 3;
        for (; k < p.size() && p[k] != '}'; ++k) {
          if (HexValue(p[k]) < 0 || v > 0xFF) return e;
          v = v * 16 + HexValue(p[k]);
        }
        if (k >= p.size() || k == i + 3 || v > 0xFF) return e;
        e.length = k + 1 - i;
        return byte(v);
      }
      if (i + 3 < p.size() && HexValue(p[i + 2]) >= 0 && HexValue(p[i + 3]) >= 0) {
        e.length = 4;
        return byte(HexValue(p[i + 2]) * 16 + HexValue(p[i + 3]));
      }
      return e;
    }
    default:
      // Escaped punctuation is the character itself; letters and digits
      // not listed above are left unknown.
      if (IsAsciiAlnum(d)) return e;
      return byte(static_cast<unsigned char>(d));
  }
}

// Whether the class starting at p[i] == '[' cannot match a line feed; sets
// *end to the index after its closing ']'.
bool ClassExcludesLineFeed(std::string_view p, size_t i, size_t* end) {
  size_t j = i + 1;
  const bool negated = j < p.size() && p[j] == '^';
  if (negated) ++j;
  bool holds_line_feed = false;  // some item matches 0x0A
  bool unknown = false;          // some item is not understood
  // One item: an escape or a byte; sets kind and value as Escape does.
  auto item = [&](size_t at, Escape* out) {
    if (p[at] == '\\') {
      *out = ReadEscape(p, at);
    } else {
      out->kind = Escape::kByte;
      out->value = static_cast<unsigned char>(p[at]);
      out->length = 1;
    }
  };
  for (bool first = true; j < p.size(); first = false) {
    if (p[j] == ']' && !first) {
      *end = j + 1;
      if (unknown) return false;
      // A negated class matches a line feed unless it lists one.
      return negated ? holds_line_feed : !holds_line_feed;
    }
    if (p.substr(j, 2) == "[:") {
      const size_t close = p.find(":]", j + 2);
      if (close == std::string_view::npos) return false;
      const std::string_view name = p.substr(j + 2, close - j - 2);
      static constexpr std::string_view kWithout[] = {"alpha",  "digit", "alnum", "upper", "lower", "punct",
                                                      "xdigit", "word",  "graph", "print", "blank"};
      bool known = false;
      for (std::string_view w : kWithout) known = known || name == w;
      if (!known) unknown = true;
      j = close + 2;
      continue;
    }
    Escape lo;
    item(j, &lo);
    j += lo.length;
    if (j + 1 < p.size() && p[j] == '-' && p[j + 1] != ']') {
      Escape hi;
      item(j + 1, &hi);
      j += 1 + hi.length;
      if (lo.kind != Escape::kByte || hi.kind != Escape::kByte) {
        unknown = true;
      } else if (lo.value <= kLineFeedValue && kLineFeedValue <= hi.value) {
        holds_line_feed = true;
      }
      continue;
    }
    switch (lo.kind) {
      case Escape::kByte:
        if (lo.value == kLineFeedValue) holds_line_feed = true;
        break;
      case Escape::kNoLineFeed:
        break;
      case Escape::kLineFeed:
        holds_line_feed = true;
        break;
      default:
        unknown = true;
    }
  }
  return false;  // no closing ']'
}

// Whether a flag group anywhere sets s (`.` matches a line feed).
bool MayBeDotAll(std::string_view p) {
  for (size_t at = p.find("(?"); at != std::string_view::npos; at = p.find("(?", at + 2)) {
    size_t k = at + 2;
    bool s = false;
    for (; k < p.size() && (IsAsciiAlpha(p[k]) || p[k] == '-'); ++k) {
      s = s || p[k] == 's';
    }
    if (s && k < p.size() && (p[k] == ':' || p[k] == ')')) return true;
  }
  return false;
}

}  // namespace

bool CannotMatchLineFeed(std::string_view p) {
  const bool dot_all = MayBeDotAll(p);
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\') {
      const Escape e = ReadEscape(p, i);
      if (e.kind == Escape::kLineFeed || e.kind == Escape::kUnknown) return false;
      if (e.kind == Escape::kByte && e.value == kLineFeedValue) return false;
      i += e.length;
    } else if (c == '[') {
      size_t end = p.size();
      if (!ClassExcludesLineFeed(p, i, &end)) return false;
      i = end;
    } else if (c == '\n' || (c == '.' && dot_all)) {
      return false;
    } else {
      ++i;
    }
  }
  return true;
}

}  // namespace blastradius
