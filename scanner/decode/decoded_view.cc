#include "scanner/decode/decoded_view.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "scanner/decode/byte_classes.h"

namespace blastradius {
namespace {

bool PrintableByte(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r'; }

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when DecodeEscapes or DecodePercent could succeed somewhere in
// `data`: each needs a backslash before / " ' \\ u or x, or a percent sign
// before two hex digits.
bool MayHoldEscapes(std::string_view data) {
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

// Where the walk of a double-quoted string's bytes from `j` stops: at the
// first double quote or line feed that no backslash escapes (a backslash
// skips the byte after it), or at `limit` when there is none before it,
// or one past `limit` when a backslash there skips it. The same position
// as stepping byte by byte, found with memchr.
size_t WalkQuoted(const char* p, size_t j, size_t limit) {
  auto next = [&](char c, size_t from) {
    const void* hit = from < limit ? std::memchr(p + from, c, limit - from) : nullptr;
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - p) : limit;
  };
  size_t quote = next('"', j), newline = next('\n', j), backslash = next('\\', j);
  while (j < limit) {
    const size_t end = std::min(quote, newline);
    if (backslash >= end) return end;
    j = backslash + 2;
    if (quote < j) quote = next('"', j);
    if (newline < j) newline = next('\n', j);
    backslash = next('\\', j);
  }
  return j;
}

bool Printable(std::string_view s) {
  return !s.empty() && LastUnprintable(s.data(), 0, s.size(), SIZE_MAX) == SIZE_MAX;
}

}  // namespace

bool DecodePrintableBase64(std::string_view in, std::string* out) {
  out->clear();
  size_t n = in.size();
  out->reserve(n * 3 / 4);
  while (n > 0 && in[n - 1] == '=') --n;
  // Unpadded runs need 12 characters; padded ones (a short password's
  // base64, "cGFzc3dvcmQ=") 8.
  if (n < (in.size() > n ? 8u : 12u) || n % 4 == 1 || in.size() - n > 2) return false;
  bool lower = false, upper = false, digit_or_symbol = false;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char ch = static_cast<unsigned char>(in[i]);
    int v;
    if (ch >= 'A' && ch <= 'Z') {
      v = ch - 'A';
      upper = true;
    } else if (ch >= 'a' && ch <= 'z') {
      v = ch - 'a' + 26;
      lower = true;
    } else if (ch >= '0' && ch <= '9') {
      v = ch - '0' + 52;
      digit_or_symbol = true;
    } else if (ch == '+' || ch == '-') {
      v = 62;
      digit_or_symbol = true;
    } else if (ch == '/' || ch == '_') {
      v = 63;
      digit_or_symbol = true;
    } else {
      return false;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const unsigned char byte = static_cast<unsigned char>((acc >> bits) & 0xFF);
      // Most base64-alphabet runs (identifiers, paths) fail here, within
      // their first few characters.
      if (!PrintableByte(byte)) return false;
      out->push_back(static_cast<char>(byte));
    }
  }
  // Words and identifiers are not base64 worth decoding: real encodings mix
  // cases and digits.
  if (!(lower && upper) && !digit_or_symbol) return false;
  return out->size() >= 6 && Printable(*out);
}

bool DecodePercent(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && (i + 2 >= in.size() || HexValue(in[i + 1]) < 0 || HexValue(in[i + 2]) < 0))
      return false;
  }
  bool any = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out->push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
      any = true;
    } else {
      out->push_back(in[i]);
    }
  }
  return any && Printable(*out);
}

bool DecodeEscapes(std::string_view in, std::string* out) {
  out->clear();
  bool any = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 >= in.size()) {
      out->push_back(in[i]);
      continue;
    }
    char e = in[i + 1];
    if (e == '/' || e == '"' || e == '\'' || e == '\\') {
      out->push_back(e);
      ++i;
      any = true;
    } else if (e == 'u' && i + 5 < in.size()) {
      int v = 0;
      bool ok = true;
      for (size_t k = 2; k < 6; ++k) {
        int h = HexValue(in[i + k]);
        if (h < 0) ok = false;
        v = v * 16 + std::max(h, 0);
      }
      if (!ok || v < 0x20 || v >= 0x7f) {
        out->push_back(in[i]);
        continue;
      }
      out->push_back(static_cast<char>(v));
      i += 5;
      any = true;
    } else if (e == 'x' && i + 3 < in.size() && HexValue(in[i + 2]) >= 0 && HexValue(in[i + 3]) >= 0) {
      int v = HexValue(in[i + 2]) * 16 + HexValue(in[i + 3]);
      if (v < 0x20 || v >= 0x7f) {
        out->push_back(in[i]);
        continue;
      }
      out->push_back(static_cast<char>(v));
      i += 3;
      any = true;
    } else {
      out->push_back(in[i]);
    }
  }
  return any && Printable(*out);
}

// Eight bytes at a time: a word none of whose bytes is below 0x20 or above
// 0x7e (the test may flag more, never less) holds only printable bytes; a
// flagged word is checked byte by byte.
size_t LastUnprintable(const char* p, size_t begin, size_t end, size_t none) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t k = end;
  while (k > begin) {
    if (k - begin >= 8) {
      uint64_t w;
      std::memcpy(&w, p + k - 8, sizeof(w));
      // Bit 7 of a byte below 0x20 or above 0x9f is set in w - 0x20..,
      // of a byte from 0x7f to 0xfe in w + 0x01..; a borrow or a carry
      // crosses into the next byte only from a byte flagged itself.
      if ((((w - 0x2020202020202020ULL) | (w + 0x0101010101010101ULL)) & kHigh) != 0) {
        for (size_t b = k; b > k - 8; --b) {
          if (!PrintableByte(static_cast<unsigned char>(p[b - 1]))) return b - 1;
        }
      }
      k -= 8;
      continue;
    }
    --k;
    if (!PrintableByte(static_cast<unsigned char>(p[k]))) return k;
  }
  return none;
}

bool DecodedView::Build(std::string_view data, size_t max_bytes) {
  text_.clear();
  pieces_.clear();
  decoded_.clear();
  if (data.size() > max_bytes) return false;
  size_t copied = 0;  // source offset up to which text_ holds a verbatim copy
  std::string decoded;
  // Replaces source [begin, end) by `replacement`: a decoded run, or (not
  // decoded) a same-length substitute such as a changed quote character.
  auto emit = [&](size_t begin, size_t end, std::string_view replacement, bool is_decoded = true) {
    if (pieces_.empty()) text_.reserve(data.size() + data.size() / 8);
    if (begin > copied) {
      pieces_.push_back({Span(text_.size(), text_.size() + (begin - copied)), Span(copied, begin), false});
      text_.append(data.substr(copied, begin - copied));
    }
    Span view(text_.size(), text_.size() + replacement.size());
    pieces_.push_back({view, Span(begin, end), is_decoded});
    if (is_decoded) decoded_.push_back(view);
    text_ += replacement;
    copied = end;
  };
  const size_t n = data.size();
  const char* p = data.data();
  ByteClassIndex classes(data);
  // Decodes the base64 runs of data[from, to) (a token, or the whole blob).
  // Base64 characters are token characters, so a token's runs are the
  // blob's runs: the two scopes find the same ones. Only the runs that
  // may decode (NextDecodableRun: at least 9 characters with padding,
  // leads where base64 of printable text has them) are visited.
  auto base64_runs = [&](size_t from, size_t to) {
    size_t k = from;
    for (size_t run; (run = classes.NextDecodableRun(k, to)) < to;) {
      const size_t run_end = classes.NextNot(kBase64Byte, run + 8, to);
      size_t end = run_end;
      while (end < to && p[end] == '=' && end - run_end < 2) ++end;
      if (DecodePrintableBase64(data.substr(run, end - run), &decoded)) emit(run, end, decoded);
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
  // The string opened by the double quote at q has an escape when a
  // backslash comes before its end (a quote or a line break) and within
  // kMaxQuoted bytes: checked with the cached positions.
  auto escaped_string = [&](size_t q) {
    const size_t bs = next_of('\\', q + 1, &next_backslash);
    return bs < n && bs - q <= kMaxQuoted && next_of('"', q + 1, &next_quote) > bs &&
           next_of('\n', q + 1, &next_newline) > bs;
  };
  // The tokenizer visits what may decode, in order: double-quoted strings
  // with an escape, and the tokens (runs of token bytes) with a backslash
  // or a percent sign, or with a base64 run long enough to decode. Every
  // other string and token would decode nothing. Before the next such
  // token (or backslash), only the last double quote can open a string
  // with an escape: every earlier one closes before any backslash.
  constexpr unsigned kMarks = ClassBit(kBackslashByte) | ClassBit(kPercentByte);
  size_t i = tokenize ? 0 : n;
  while (i < n) {
    const size_t resume = i;
    const size_t event = classes.NextMarkOrDecodableRun(kMarks, i, n);
    if (event >= n) break;  // no backslash is left, so no escaped string
    const size_t quote = classes.Last(ClassBit(kQuoteByte), event, resume);
    // A double-quoted string with escapes ("p\"ss", "{\"key\": ...}") is
    // decoded whole. When its decoded text holds a double quote, the view
    // quotes it with single quotes instead, so a pattern still sees one
    // quoted value ('p"ss').
    if (quote < event && escaped_string(quote)) {
      i = quote;
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
      j = WalkQuoted(p, j, std::min(n, i + kMaxQuoted + 1));
      // DecodeEscapes fails on any byte that is not printable (escapes
      // only decode to printable text): remember the last one.
      last_bad = LastUnprintable(p, fresh, std::min(j, n), last_bad);
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
      ++i;  // a quote is not part of a token
      continue;
    }
    // The token holding the event. It starts at or after `resume`: the
    // byte before that is a quote or a separator (the end of the last token
    // or string), or `resume` is 0.
    const size_t start = classes.RunStart(kTokenByte, event, resume);
    i = classes.NextNot(kTokenByte, event, n);
    if (i - start < 6) continue;
    std::string_view token = data.substr(start, i - start);
    // Escapes and percent encoding decode the whole token.
    if (classes.Next(ClassBit(kBackslashByte), start, i) < i && DecodeEscapes(token, &decoded)) {
      emit(start, i, decoded);
      continue;
    }
    // Percent encoding only in URL-like tokens (a scheme, a query), so a
    // random key with a '%' in it is left alone.
    if (classes.Next(ClassBit(kPercentByte), start, i) < i) {
      bool url_like =
          token.find_first_of("&?") != std::string_view::npos || token.find("://") != std::string_view::npos;
      if (url_like && DecodePercent(token, &decoded)) {
        emit(start, i, decoded);
        continue;
      }
    }
    // Base64 runs inside the token (KEY=<base64>, Basic <base64>).
    base64_runs(start, i);
  }
  if (decoded_.empty()) {
    text_.clear();
    pieces_.clear();
    return false;
  }
  if (copied < data.size()) {
    pieces_.push_back(
        {Span(text_.size(), text_.size() + (data.size() - copied)), Span(copied, data.size()), false});
    text_.append(data.substr(copied));
  }
  return true;
}

std::vector<MatchWindow> DecodedView::MatchWindows(const MatchWindowOptions& o) const {
  std::vector<MatchWindow> out;
  const std::string_view text = text_;
  const size_t n = text.size();
  for (const Span& run : decoded_) {
    MatchWindow w;
    size_t b = run.begin > o.before ? run.begin - o.before : 0;
    size_t e = std::min(n, run.end + o.after);
    // Out to the line's start (the byte after a line feed) when close enough.
    // Both searches look at most max_line bytes away: a long minified line
    // with many runs costs no more than a short one.
    if (b > 0 && text[b - 1] != '\n') {
      const size_t from = b > o.max_line ? b - o.max_line : 0;
      const void* nl = memrchr(text.data() + from, '\n', b - from);
      if (nl) {
        b = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
      } else if (from == 0) {
        b = 0;
      } else {
        w.cut_begin = true;
      }
    }
    // Out to the line's end, its line feed included.
    if (e < n && (e == 0 || text[e - 1] != '\n')) {
      const size_t to = std::min(n, e + o.max_line);
      const void* nl = std::memchr(text.data() + e, '\n', to - e);
      if (nl) {
        e = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
      } else if (to == n) {
        e = n;
      } else {
        w.cut_end = true;
      }
    }
    w.span = Span(b, e);
    if (!out.empty() && b <= out.back().span.end + o.merge_gap) {
      MatchWindow& last = out.back();
      // Runs come in order, so windows begin in order; the later one's end
      // is the merged window's.
      if (e >= last.span.end) {
        last.span = Span(last.span.begin, e);
        last.cut_end = w.cut_end;
      }
      continue;
    }
    out.push_back(w);
  }
  return out;
}

bool DecodedView::TouchesDecoded(Span r) const {
  auto it = std::lower_bound(decoded_.begin(), decoded_.end(), r.begin,
                             [](const Span& s, size_t off) { return s.end <= off; });
  return it != decoded_.end() && it->begin < std::max(r.end, r.begin + 1);
}

bool DecodedView::WithinDecoded(Span r) const {
  auto it = std::lower_bound(decoded_.begin(), decoded_.end(), r.begin,
                             [](const Span& s, size_t off) { return s.end <= off; });
  return it != decoded_.end() && it->begin <= r.begin && r.end <= it->end;
}

size_t DecodedView::SourceOffset(size_t off, bool is_end) const {
  // The piece holding the byte at `off` (or, for an end offset, the byte
  // before it).
  size_t probe = is_end && off > 0 ? off - 1 : off;
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), probe,
                             [](size_t o, const Piece& p) { return o < p.view.begin; });
  if (it == pieces_.begin()) return 0;
  const Piece& p = *(it - 1);
  if (p.decoded) return is_end ? p.source.end : p.source.begin;
  return std::min(p.source.end, p.source.begin + (off - p.view.begin));
}

Span DecodedView::ToSource(Span r) const {
  size_t b = SourceOffset(r.begin, false);
  size_t e = SourceOffset(r.end, true);
  return Span(b, std::max(b, e));
}

}  // namespace blastradius
