// UTF-8 decoding as a browser, Node or a SARIF viewer does it (WHATWG
// Encoding Standard): each maximal ill-formed subsequence, and a sequence cut
// off by the end of the text, becomes one U+FFFD. One decoder for the code
// point columns (LineIndex) and GitHub's line hash (line_hash.h).
#ifndef BLASTRADIUS_CORE_UTF8_H_
#define BLASTRADIUS_CORE_UTF8_H_

#include <cstdint>
#include <string_view>

namespace blastradius {

inline constexpr uint32_t kReplacementCharacter = 0xFFFD;

// Calls sink(code_point) for every code point of `text`, in order.
template <typename Sink>
void DecodeUtf8(std::string_view text, Sink&& sink) {
  uint32_t cp = 0;
  int needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned b = static_cast<unsigned char>(text[i]);
    if (needed == 0) {
      ++i;
      if (b <= 0x7F) {
        sink(static_cast<uint32_t>(b));
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;
        needed = 2;
        cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;
        needed = 3;
        cp = b & 0x07;
      } else {
        sink(kReplacementCharacter);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // Ill-formed: replace what we have, then read this byte afresh.
      cp = 0;
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      sink(kReplacementCharacter);
      continue;
    }
    ++i;
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    if (++seen == needed) {
      sink(cp);
      cp = 0;
      needed = seen = 0;
    }
  }
  if (needed != 0) sink(kReplacementCharacter);
}

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_UTF8_H_
