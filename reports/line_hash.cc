// Independent implementation of the published algorithm (see line_hash.h):
// h = 37 * h + c - 37^100 * c_leaving (mod 2^64) over a 100-unit window of
// UTF-16 code units, skipping spaces and tabs, CR and CRLF read as LF, then
// one 0xFFFF end marker and 100 zero units to flush the last lines.
#include "reports/line_hash.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <unordered_map>

namespace blastradius {
namespace {

constexpr size_t kWindow = 100;
constexpr uint64_t kBase = 37;
constexpr uint32_t kEndOfFile = 0xFFFF;

class LineHasher {
 public:
  LineHasher() {
    for (size_t i = 0; i < kWindow; ++i) first_mod_ *= kBase;
    line_at_.fill(0);
    window_.fill(0);
  }

  void Add(uint32_t c) {
    if (c == ' ' || c == '\t' || (prev_cr_ && c == '\n')) {
      prev_cr_ = false;
      return;
    }
    if (c == '\r') {
      c = '\n';
      prev_cr_ = true;
    } else {
      prev_cr_ = false;
    }
    if (line_at_[index_] != 0) Emit();
    if (line_start_) {
      line_start_ = false;
      line_at_[index_] = ++line_;
    }
    if (c == '\n') line_start_ = true;
    Roll(c);
  }

  std::vector<std::string> Finish() {
    Add(kEndOfFile);
    for (size_t i = 0; i < kWindow; ++i) {
      if (line_at_[index_] != 0) Emit();
      Roll(0);
    }
    return std::move(out_);
  }

 private:
  void Roll(uint32_t c) {
    uint64_t leaving = window_[index_];
    window_[index_] = c;
    hash_ = kBase * hash_ + c - first_mod_ * leaving;  // wraps mod 2^64
    index_ = (index_ + 1) % kWindow;
  }

  void Emit() {
    // Lines complete in order, so line_at_[index_] == out_.size() + 1.
    size_t n = ++counts_[hash_];
    out_.push_back(fmt::format("{:x}:{}", hash_, n));
    line_at_[index_] = 0;
  }

  uint64_t first_mod_ = 1;
  uint64_t hash_ = 0;
  std::array<uint32_t, kWindow> window_;
  std::array<uint64_t, kWindow> line_at_;  // 0: no line starts here
  size_t index_ = 0;
  uint64_t line_ = 0;
  bool line_start_ = true;
  bool prev_cr_ = false;
  std::unordered_map<uint64_t, size_t> counts_;
  std::vector<std::string> out_;
};

// Feeds UTF-16 code units of UTF-8 `text` to `sink`, replacing each maximal
// ill-formed subsequence with U+FFFD (WHATWG decoder, as Node does).
template <typename Sink>
void DecodeUtf8ToUtf16(std::string_view text, Sink&& sink) {
  auto emit = [&](uint32_t cp) {
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      sink(0xD800 + (cp >> 10));
      sink(0xDC00 + (cp & 0x3FF));
    } else {
      sink(cp);
    }
  };
  uint32_t cp = 0;
  int needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  size_t i = 0;
  while (i < text.size()) {
    unsigned b = static_cast<unsigned char>(text[i]);
    if (needed == 0) {
      ++i;
      if (b <= 0x7F) {
        emit(b);
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
        emit(0xFFFD);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // Ill-formed: replace what we have, then read this byte afresh.
      cp = 0;
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      emit(0xFFFD);
      continue;
    }
    ++i;
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    if (++seen == needed) {
      emit(cp);
      cp = 0;
      needed = seen = 0;
    }
  }
  if (needed != 0) emit(0xFFFD);
}

}  // namespace

std::vector<std::string> PrimaryLocationLineHashes(std::string_view text) {
  LineHasher hasher;
  DecodeUtf8ToUtf16(text, [&](uint32_t unit) { hasher.Add(unit); });
  return hasher.Finish();
}

}  // namespace blastradius
