#include "scanner/decode/decoded_view.h"

#include <algorithm>
#include <cstdint>

namespace blastradius {
namespace {

bool IsTokenChar(unsigned char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '"':
    case '\'':
    case '`':
    case '<':
    case '>':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
    case ';':
      return false;
    default:
      return c >= 0x20 && c < 0x7f;
  }
}

bool IsBase64Char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
         c == '-' || c == '_';
}

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Longest double-quoted string decoded as one run.
constexpr size_t kMaxQuoted = 4096;

bool Printable(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r')) return false;
  }
  return true;
}

}  // namespace

bool DecodePrintableBase64(std::string_view in, std::string* out) {
  out->clear();
  size_t n = in.size();
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
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
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
  size_t i = 0;
  while (i < data.size()) {
    // A double-quoted string with escapes ("p\"ss", "{\"key\": ...}") is
    // decoded whole. When its decoded text holds a double quote, the view
    // quotes it with single quotes instead, so a pattern still sees one
    // quoted value ('p"ss').
    if (data[i] == '"') {
      size_t j = i + 1;
      bool escaped = false;
      while (j < data.size() && j - i <= kMaxQuoted && data[j] != '"' && data[j] != '\n') {
        if (data[j] == '\\') {
          escaped = true;
          ++j;
        }
        ++j;
      }
      if (escaped && j < data.size() && data[j] == '"' &&
          DecodeEscapes(data.substr(i + 1, j - i - 1), &decoded)) {
        bool requote = decoded.find('"') != std::string::npos && decoded.find('\'') == std::string::npos;
        if (requote) emit(i, i + 1, "'", false);
        emit(i + 1, j, decoded);
        if (requote) emit(j, j + 1, "'", false);
        i = j + 1;
        continue;
      }
    }
    if (!IsTokenChar(static_cast<unsigned char>(data[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < data.size() && IsTokenChar(static_cast<unsigned char>(data[i]))) ++i;
    std::string_view token = data.substr(start, i - start);
    if (token.size() < 6) continue;
    // Escapes and percent encoding decode the whole token.
    if (token.find('\\') != std::string_view::npos && DecodeEscapes(token, &decoded)) {
      emit(start, i, decoded);
      continue;
    }
    // Percent encoding only in URL-like tokens (a scheme, a query), so a
    // random key with a '%' in it is left alone.
    bool url_like = token.find("://") != std::string_view::npos ||
                    token.find('&') != std::string_view::npos || token.find('?') != std::string_view::npos;
    if (url_like && token.find('%') != std::string_view::npos && DecodePercent(token, &decoded)) {
      emit(start, i, decoded);
      continue;
    }
    // Base64 runs inside the token (KEY=<base64>, Basic <base64>).
    size_t k = 0;
    while (k < token.size()) {
      if (!IsBase64Char(static_cast<unsigned char>(token[k]))) {
        ++k;
        continue;
      }
      size_t run = k;
      while (k < token.size() && IsBase64Char(static_cast<unsigned char>(token[k]))) ++k;
      size_t end = k;
      while (end < token.size() && token[end] == '=' && end - k < 2) ++end;
      if (end - run >= 9 && DecodePrintableBase64(token.substr(run, end - run), &decoded)) {
        emit(start + run, start + end, decoded);
      }
      k = end;
    }
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
