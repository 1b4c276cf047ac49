// Independent implementation of the published algorithm (see line_hash.h):
// h = 37 * h + c - 37^100 * c_leaving (mod 2^64) over a 100-unit window of
// UTF-16 code units, skipping spaces and tabs, CR and CRLF read as LF, then
// one 0xFFFF end marker and 100 zero units to flush the last lines.
#include "scanner/core/line_hash.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <unordered_map>

#include "scanner/core/utf8.h"

namespace blastradius {
namespace {

constexpr size_t kWindow = 100;
constexpr uint64_t kBase = 37;
constexpr uint32_t kEndOfFile = 0xFFFF;

class LineHasher {
 public:
  explicit LineHasher(size_t max_lines) : max_lines_(max_lines) {
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

  // Every line up to max_lines has its hash: the rest need not be read.
  bool done() const { return out_.size() >= max_lines_; }

  std::vector<std::string> Finish() {
    if (!done()) {
      Add(kEndOfFile);
      for (size_t i = 0; i < kWindow; ++i) {
        if (line_at_[index_] != 0) Emit();
        Roll(0);
      }
    }
    if (out_.size() > max_lines_) out_.resize(max_lines_);
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

  size_t max_lines_;
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

}  // namespace

std::vector<std::string> PrimaryLocationLineHashes(std::string_view text, size_t max_lines) {
  LineHasher hasher(max_lines);
  // The hash runs over UTF-16 code units, as in JavaScript.
  DecodeUtf8(text, [&](uint32_t cp) {
    if (hasher.done()) return;
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      hasher.Add(0xD800 + (cp >> 10));
      hasher.Add(0xDC00 + (cp & 0x3FF));
    } else {
      hasher.Add(cp);
    }
  });
  return hasher.Finish();
}

}  // namespace blastradius
