#include "scanner/decode/byte_classes.h"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace blastradius {
namespace {

constexpr std::array<uint8_t, 256> MakeClassTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0x21; c < 0x7f; ++c) t[c] = ClassBit(kTokenByte);
  for (char c : std::string_view("\"'`<>()[]{},;")) t[static_cast<unsigned char>(c)] = 0;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= ClassBit(kBase64Byte);
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= ClassBit(kBase64Byte);
  for (int c = '0'; c <= '9'; ++c) t[c] |= ClassBit(kBase64Byte);
  for (char c : std::string_view("+/-_")) t[static_cast<unsigned char>(c)] |= ClassBit(kBase64Byte);
  t['"'] |= ClassBit(kQuoteByte);
  t['\\'] |= ClassBit(kBackslashByte);
  t['%'] |= ClassBit(kPercentByte);
  t['='] |= ClassBit(kEqualsByte);
  return t;
}
constexpr std::array<uint8_t, 256> kClassTable = MakeClassTable();

#if defined(__SSE2__)
__m128i Splat(int byte) { return _mm_set1_epi8(static_cast<char>(byte)); }

// Bytes of `v` in [lo, hi]: shifted so that lo becomes -128, then one
// signed comparison.
__m128i InRange(__m128i v, int lo, int hi) {
  return _mm_cmplt_epi8(_mm_sub_epi8(v, Splat(lo + 0x80)), Splat(hi - lo + 1 - 0x80));
}

__m128i Equals(__m128i v, int byte) { return _mm_cmpeq_epi8(v, Splat(byte)); }

// The masks of 16 bytes, in bits [shift, shift + 16) of `out`.
void Classify16(__m128i v, unsigned shift, BlockMasks* out) {
  const __m128i base64 =
      _mm_or_si128(_mm_or_si128(InRange(_mm_or_si128(v, Splat(0x20)), 'a', 'z'), InRange(v, '0', '9')),
                   _mm_or_si128(_mm_or_si128(Equals(v, '+'), Equals(v, '/')),
                                _mm_or_si128(Equals(v, '-'), Equals(v, '_'))));
  const __m128i quote = Equals(v, '"');
  // Separators in pairs one bit apart: ( ) by 0x01, < > by 0x02, [ { and
  // ] } by 0x20.
  const __m128i separator = _mm_or_si128(
      _mm_or_si128(_mm_or_si128(quote, Equals(v, '\'')), _mm_or_si128(Equals(v, '`'), Equals(v, ','))),
      _mm_or_si128(_mm_or_si128(Equals(v, ';'), Equals(_mm_or_si128(v, Splat(0x01)), ')')),
                   _mm_or_si128(Equals(_mm_and_si128(v, Splat(0xFD)), '<'),
                                _mm_or_si128(Equals(_mm_and_si128(v, Splat(0xDF)), '['),
                                             Equals(_mm_and_si128(v, Splat(0xDF)), ']')))));
  const __m128i token = _mm_andnot_si128(separator, InRange(v, 0x21, 0x7e));
  auto put = [&](ByteClass c, __m128i m) {
    out->masks[c] |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(m))) << shift;
  };
  put(kBase64Byte, base64);
  put(kTokenByte, token);
  put(kQuoteByte, quote);
  put(kBackslashByte, Equals(v, '\\'));
  put(kPercentByte, Equals(v, '%'));
  put(kEqualsByte, Equals(v, '='));
}
#endif

}  // namespace

bool IsOfClass(unsigned char byte, ByteClass c) { return (kClassTable[byte] & ClassBit(c)) != 0; }

BlockMasks ClassifyBlockScalar(const char* data, size_t len) {
  BlockMasks out;
  for (size_t i = 0; i < len && i < 64; ++i) {
    const uint8_t bits = kClassTable[static_cast<unsigned char>(data[i])];
    for (unsigned c = 0; c < kByteClassCount; ++c) {
      if (bits & (1u << c)) out.masks[c] |= uint64_t{1} << i;
    }
  }
  return out;
}

BlockMasks ClassifyBlock(const char* data, size_t len) {
#if defined(__SSE2__)
  alignas(16) char padded[64];
  if (len < 64) {
    // Zero bytes are of no class.
    std::memset(padded, 0, sizeof padded);
    std::memcpy(padded, data, len);
    data = padded;
  }
  BlockMasks out;
  for (unsigned k = 0; k < 4; ++k) {
    Classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * k)), 16 * k, &out);
  }
  return out;
#else
  return ClassifyBlockScalar(data, len);
#endif
}

ByteClassIndex::ByteClassIndex(std::string_view data) : data_(data), blocks_((data.size() + 63) / 64) {
  tags_.fill(SIZE_MAX);
  run_tags_.fill(SIZE_MAX);
}

const BlockMasks& ByteClassIndex::Block(size_t w) {
  const size_t slot = w % kSlots;
  if (tags_[slot] != w) {
    tags_[slot] = w;
    cache_[slot] = w < blocks_
                       ? ClassifyBlock(data_.data() + 64 * w, std::min<size_t>(64, data_.size() - 64 * w))
                       : BlockMasks{};
  }
  return cache_[slot];
}

uint64_t ByteClassIndex::Mask(size_t w, unsigned classes) {
  const BlockMasks& b = Block(w);
  uint64_t m = 0;
  for (unsigned c = 0; c < kByteClassCount; ++c) {
    if (classes & (1u << c)) m |= b.masks[c];
  }
  return m;
}

size_t ByteClassIndex::Next(unsigned classes, size_t from, size_t limit) {
  limit = std::min(limit, data_.size());
  for (size_t pos = from; pos < limit;) {
    const size_t w = pos / 64;
    const uint64_t bits = Mask(w, classes) & (~uint64_t{0} << (pos % 64));
    if (bits != 0) return std::min(limit, 64 * w + static_cast<size_t>(std::countr_zero(bits)));
    pos = 64 * (w + 1);
  }
  return limit;
}

size_t ByteClassIndex::NextNot(ByteClass c, size_t from, size_t limit) {
  limit = std::min(limit, data_.size());
  for (size_t pos = from; pos < limit;) {
    const size_t w = pos / 64;
    const uint64_t bits = ~Block(w).masks[c] & (~uint64_t{0} << (pos % 64));
    if (bits != 0) return std::min(limit, 64 * w + static_cast<size_t>(std::countr_zero(bits)));
    pos = 64 * (w + 1);
  }
  return limit;
}

size_t ByteClassIndex::RunStart(ByteClass c, size_t pos, size_t floor) {
  pos = std::min(pos, data_.size());
  while (pos > floor) {
    // Bytes [64 * w, pos) of block w, the one holding byte pos - 1.
    const size_t w = (pos - 1) / 64;
    const unsigned used = static_cast<unsigned>(pos - 64 * w);  // 1..64
    const uint64_t below = used == 64 ? ~uint64_t{0} : (uint64_t{1} << used) - 1;
    const uint64_t others = ~Block(w).masks[c] & below;
    if (others != 0) return std::max(floor, 64 * w + 64 - static_cast<size_t>(std::countl_zero(others)));
    pos = 64 * w;
  }
  return floor;
}

const ByteClassIndex::Runs& ByteClassIndex::DecodableRuns(size_t w) {
  const size_t slot = w % kSlots;
  if (run_tags_[slot] == w) return runs_[slot];
  __extension__ using Wide = unsigned __int128;
  // Blocks w and w + 1 read as one 128-bit mask: bit i of `octet` is set
  // when bytes i .. i + 7 are all base64.
  const BlockMasks& here = Block(w);
  const BlockMasks& next = Block(w + 1);
  Wide octet = here.masks[kBase64Byte] | (static_cast<Wide>(next.masks[kBase64Byte]) << 64);
  octet &= octet >> 1;
  octet &= octet >> 2;
  octet &= octet >> 4;
  const Wide equals = here.masks[kEqualsByte] | (static_cast<Wide>(next.masks[kEqualsByte]) << 64);
  run_tags_[slot] = w;
  runs_[slot] = {static_cast<uint64_t>(octet & (octet >> 4)), static_cast<uint64_t>(octet & (equals >> 8))};
  return runs_[slot];
}

size_t ByteClassIndex::NextMarkOrDecodableRun(unsigned classes, size_t from, size_t limit) {
  limit = std::min(limit, data_.size());
  bool runs_may_fit = true;
  const Runs none;
  for (size_t pos = from; pos < limit;) {
    const size_t w = pos / 64;
    const uint64_t from_here = ~uint64_t{0} << (pos % 64);
    const uint64_t marks = Mask(w, classes) & from_here;
    const Runs& block_runs = runs_may_fit ? DecodableRuns(w) : none;
    const uint64_t unpadded = block_runs.unpadded, padded = block_runs.padded;
    const uint64_t runs = (unpadded | padded) & from_here;
    if ((marks | runs) == 0) {
      pos = 64 * (w + 1);
      continue;
    }
    const unsigned at = static_cast<unsigned>(std::countr_zero(marks | runs));
    const size_t found = 64 * w + at;
    if (found >= limit) return limit;
    if (marks >> at & 1) return found;
    if (((unpadded >> at & 1) && found + 12 <= limit) || ((padded >> at & 1) && found + 9 <= limit))
      return found;
    // Past `limit`, no later run fits either: a later one would end later,
    // and a padded one within the next three bytes would need its '='
    // inside this run.
    runs_may_fit = false;
    pos = found + 1;
  }
  return limit;
}

}  // namespace blastradius
