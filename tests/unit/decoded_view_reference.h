// The decoded view's first implementation, a byte-at-a-time tokenizer,
// kept as the reference the faster DecodedView::Build must equal
// (decoded_view_test): the same text, the same decoded runs, the same
// source ranges.
#ifndef BLASTRADIUS_TESTS_UNIT_DECODED_VIEW_REFERENCE_H_
#define BLASTRADIUS_TESTS_UNIT_DECODED_VIEW_REFERENCE_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/span.h"
#include "scanner/decode/decoded_view.h"

namespace blastradius::testing {

struct ReferencePiece {
  Span view, source;
  bool decoded = false;
};

struct ReferenceView {
  bool built = false;
  std::string text;
  std::vector<ReferencePiece> pieces;  // cover text in order
  std::vector<Span> runs;
};

namespace reference_detail {
// Byte classes of the view's tokenizer, one table lookup per byte.
enum : uint8_t {
  kToken = 1,       // part of a token (printable ASCII but separators)
  kBase64 = 2,      // base64 alphabet, standard or URL-safe
  kBackslash = 4,   // an escape may start here
  kPercent = 8,     // percent encoding may start here
  kQueryMark = 16,  // '&' or '?': the token is URL-like
  kColon = 32,      // ':' (a "://" makes the token URL-like)
  // Can start printable base64: the first decoded byte, (value << 2) | ...,
  // is printable or a tab, CR or LF only for values 2, 3 and 8-31
  // ('C', 'D', 'I'-'Z', 'a'-'f').
  kBase64Lead = 64,
};

inline constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = kToken;
  for (char c : std::string_view(" \"'`<>()[]{},;")) t[static_cast<unsigned char>(c)] = 0;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kBase64;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kBase64;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kBase64;
  for (char c : std::string_view("+/-_")) t[static_cast<unsigned char>(c)] |= kBase64;
  t['\\'] |= kBackslash;
  t['%'] |= kPercent;
  t['&'] |= kQueryMark;
  t['?'] |= kQueryMark;
  t[':'] |= kColon;
  for (char c : std::string_view("CDIJKLMNOPQRSTUVWXYZabcdef"))
    t[static_cast<unsigned char>(c)] |= kBase64Lead;
  return t;
}
inline constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

inline bool IsBase64Char(unsigned char c) { return (kClasses[c] & kBase64) != 0; }

inline bool PrintableByte(unsigned char c) {
  return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
}

inline int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when DecodeEscapes or DecodePercent could succeed somewhere in
// `data`: each needs a backslash before / " ' \\ u or x, or a percent sign
// before two hex digits.
inline bool MayHoldEscapes(std::string_view data) {
  const char* p = data.data();
  const size_t n = data.size();
  for (const char* b = p; (b = static_cast<const char*>(std::memchr(b, '\\', n - (b - p)))) != nullptr; ++b) {
    if (b + 1 < p + n && std::strchr("/\"'\\ux", b[1]) != nullptr && b[1] != '\0') return true;
  }
  for (const char* b = p; (b = static_cast<const char*>(std::memchr(b, '%', n - (b - p)))) != nullptr; ++b) {
    if (b + 2 < p + n && HexValue(b[1]) >= 0 && HexValue(b[2]) >= 0) return true;
  }
  return false;
}

// Longest double-quoted string decoded as one run.
constexpr size_t kMaxQuoted = 4096;

inline bool Printable(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!PrintableByte(c)) return false;
  }
  return true;
}

}  // namespace reference_detail

inline ReferenceView BuildReferenceView(std::string_view data, size_t max_bytes = 4u << 20) {
  using namespace reference_detail;
  ReferenceView out;
  if (data.size() > max_bytes) return out;
  size_t copied = 0;  // source offset up to which out.text holds a verbatim copy
  std::string decoded;
  // Replaces source [begin, end) by `replacement`: a decoded run, or (not
  // decoded) a same-length substitute such as a changed quote character.
  auto emit = [&](size_t begin, size_t end, std::string_view replacement, bool is_decoded = true) {
    if (out.pieces.empty()) out.text.reserve(data.size() + data.size() / 8);
    if (begin > copied) {
      out.pieces.push_back(
          {Span(out.text.size(), out.text.size() + (begin - copied)), Span(copied, begin), false});
      out.text.append(data.substr(copied, begin - copied));
    }
    Span view(out.text.size(), out.text.size() + replacement.size());
    out.pieces.push_back({view, Span(begin, end), is_decoded});
    if (is_decoded) out.runs.push_back(view);
    out.text += replacement;
    copied = end;
  };
  const size_t n = data.size();
  const char* p = data.data();
  // Decodes the base64 runs of data[from, to) (a token, or the whole blob).
  // Base64 characters are token characters, so a token's runs are the
  // blob's runs: the two scopes find the same ones.
  auto base64_runs = [&](size_t from, size_t to) {
    size_t k = from;
    while (k < to) {
      if (!IsBase64Char(static_cast<unsigned char>(p[k]))) {
        ++k;
        continue;
      }
      size_t run = k;
      while (k < to && IsBase64Char(static_cast<unsigned char>(p[k]))) ++k;
      size_t end = k;
      while (end < to && p[end] == '=' && end - k < 2) ++end;
      if (end - run >= 9 && (kClasses[static_cast<unsigned char>(p[run])] & kBase64Lead) &&
          DecodePrintableBase64(data.substr(run, end - run), &decoded)) {
        emit(run, end, decoded);
      }
      k = end;
    }
  };
  // Without an escape that decodes (a backslash before / " ' \\ u x) or a
  // percent sign before two hex digits, only base64 can decode: no string or
  // token needs the tokenizer, and the runs are found in one pass.
  const bool tokenize = MayHoldEscapes(data);
  if (!tokenize) base64_runs(0, n);
  // Next position at or after `from` of byte `c` (n when none), cached: the
  // tokenizer only moves forward, so each byte is searched once per kind.
  auto next_of = [&](char c, size_t from, size_t* cached) {
    if (*cached < from) {
      const void* hit = std::memchr(p + from, c, n - from);
      *cached = hit ? static_cast<size_t>(static_cast<const char*>(hit) - p) : n;
    }
    return *cached;
  };
  // 0: not searched yet (every search starts after a quote, at 1 or later).
  size_t next_backslash = 0, next_quote = 0, next_newline = 0;
  // The last walk of an escaped string: from the quote at walk_from, the
  // positions it visited before walk_stop are neither quotes nor line
  // breaks; last_bad is the last byte in (walk_from, walk_stop) that is not
  // printable (0: none; a string's bytes start at 1 or later).
  size_t walk_from = n, walk_stop = 0, last_bad = 0;
  size_t i = tokenize ? 0 : n;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    // A double-quoted string with escapes ("p\"ss", "{\"key\": ...}") is
    // decoded whole. When its decoded text holds a double quote, the view
    // quotes it with single quotes instead, so a pattern still sees one
    // quoted value ('p"ss').
    if (c == '"') {
      // The string has an escape when a backslash comes before its end (a
      // quote or a line break) and within kMaxQuoted bytes: checked with
      // the cached positions, and only then is the string walked.
      size_t bs = next_of('\\', i + 1, &next_backslash);
      bool escaped = bs < n && bs - i <= kMaxQuoted && next_of('"', i + 1, &next_quote) > bs &&
                     next_of('\n', i + 1, &next_newline) > bs;
      if (escaped) {
        // Walk to the string's end, skipping escaped characters. A quote
        // inside the previous walk's string was escaped there, so its walk
        // visits the same positions: it resumes where that one stopped
        // (long JSON strings full of \" cost one walk, not one per quote).
        size_t j = i + 1;
        if (walk_from < i && i < walk_stop && walk_stop - i <= kMaxQuoted) {
          j = walk_stop;
          if (last_bad <= i) last_bad = 0;
        } else {
          last_bad = 0;
        }
        const size_t fresh = j;
        while (j < n && j - i <= kMaxQuoted && p[j] != '"' && p[j] != '\n') {
          if (p[j] == '\\') ++j;
          ++j;
        }
        // DecodeEscapes fails on any byte that is not printable (escapes
        // only decode to printable text): remember the last one.
        for (size_t k = fresh, e = std::min(j, n); k < e; ++k) {
          if (!PrintableByte(static_cast<unsigned char>(p[k]))) last_bad = k;
        }
        walk_from = i;
        walk_stop = std::min(j, n);
        if (j < n && p[j] == '"' && last_bad == 0 && DecodeEscapes(data.substr(i + 1, j - i - 1), &decoded)) {
          bool requote = decoded.find('"') != std::string::npos && decoded.find('\'') == std::string::npos;
          if (requote) emit(i, i + 1, "'", false);
          emit(i + 1, j, decoded);
          if (requote) emit(j, j + 1, "'", false);
          i = j + 1;
          continue;
        }
      }
      ++i;  // a quote is not part of a token
      continue;
    }
    if (!(kClasses[c] & kToken)) {
      ++i;
      continue;
    }
    size_t start = i;
    uint8_t seen = 0;
    // Length of the base64 run ending here, and whether one reached 8 (the
    // shortest that DecodePrintableBase64 takes, padded).
    size_t b64_run = 0;
    bool long_run = false;
    while (i < n) {
      const uint8_t cls = kClasses[static_cast<unsigned char>(p[i])];
      if (!(cls & kToken)) break;
      seen |= cls;
      b64_run = (cls & kBase64) ? b64_run + 1 : 0;
      long_run |= b64_run >= 8;
      ++i;
    }
    std::string_view token = data.substr(start, i - start);
    if (token.size() < 6) continue;
    // Escapes and percent encoding decode the whole token.
    if ((seen & kBackslash) && DecodeEscapes(token, &decoded)) {
      emit(start, i, decoded);
      continue;
    }
    // Percent encoding only in URL-like tokens (a scheme, a query), so a
    // random key with a '%' in it is left alone.
    if (seen & kPercent) {
      bool url_like = (seen & kQueryMark) || ((seen & kColon) && token.find("://") != std::string_view::npos);
      if (url_like && DecodePercent(token, &decoded)) {
        emit(start, i, decoded);
        continue;
      }
    }
    // Base64 runs inside the token (KEY=<base64>, Basic <base64>).
    if (long_run) base64_runs(start, i);
  }
  if (out.runs.empty()) {
    out.text.clear();
    out.pieces.clear();
    return out;
  }
  if (copied < data.size()) {
    out.pieces.push_back(
        {Span(out.text.size(), out.text.size() + (data.size() - copied)), Span(copied, data.size()), false});
    out.text.append(data.substr(copied));
  }
  out.built = true;
  return out;
}

}  // namespace blastradius::testing

#endif  // BLASTRADIUS_TESTS_UNIT_DECODED_VIEW_REFERENCE_H_
