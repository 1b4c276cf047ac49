#include "scanner/decode/byte_classes.h"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define BLASTRADIUS_HAVE_AVX2_PATH 1
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
  for (char c : std::string_view("CDIJKLMNOPQRSTUVWXYZabcdef"))
    t[static_cast<unsigned char>(c)] |= ClassBit(kBase64LeadByte);
  return t;
}
constexpr std::array<uint8_t, 256> kClassTable = MakeClassTable();

bool ByteOf(std::string_view blob, size_t pos, ByteClass c) {
  return pos < blob.size() && (kClassTable[static_cast<unsigned char>(blob[pos])] & ClassBit(c)) != 0;
}

__extension__ using Wide = unsigned __int128;

// Sets out->decodable_runs for block w of `blob` from the block's base64,
// lead and '=' masks and those of the bytes after it (bit 0 is byte 64 of
// the block; the rule reads up to byte 72).
void SetDecodableRuns(std::string_view blob, size_t w, uint64_t after_base64, uint64_t after_lead,
                      uint64_t after_equals, BlockMasks* out) {
  const auto& m = out->masks;
  const Wide base64 = m[kBase64Byte] | (static_cast<Wide>(after_base64) << 64);
  const Wide lead = m[kBase64LeadByte] | (static_cast<Wide>(after_lead) << 64);
  const Wide equals = m[kEqualsByte] | (static_cast<Wide>(after_equals) << 64);
  Wide octet = base64 & (base64 >> 1);
  octet &= octet >> 2;
  octet &= octet >> 4;
  const uint64_t b = m[kBase64Byte];
  const bool base64_before = w > 0 && ByteOf(blob, 64 * w - 1, kBase64Byte);
  const uint64_t starts = b & ~((b << 1) | (base64_before ? 1 : 0));
  out->decodable_runs = starts & static_cast<uint64_t>(lead & (lead >> 4) & octet & ((lead | equals) >> 8));
}

// Block w of `blob` and the `size` - 64 bytes after it: in the blob itself,
// or near its end copied into `buffer` and padded with zero bytes (of no
// class).
const char* BlockBytes(std::string_view blob, size_t w, char* buffer, size_t size) {
  const size_t base = 64 * w;
  if (base + size <= blob.size()) return blob.data() + base;
  std::memset(buffer, 0, size);
  if (base < blob.size()) std::memcpy(buffer, blob.data() + base, blob.size() - base);
  return buffer;
}

#if defined(__SSE2__)
__m128i Splat(int byte) { return _mm_set1_epi8(static_cast<char>(byte)); }

// Bytes of `v` in [lo, hi]: shifted so that lo becomes -128, then one
// signed comparison.
__m128i InRange(__m128i v, int lo, int hi) {
  return _mm_cmplt_epi8(_mm_sub_epi8(v, Splat(lo + 0x80)), Splat(hi - lo + 1 - 0x80));
}

__m128i Equals(__m128i v, int byte) { return _mm_cmpeq_epi8(v, Splat(byte)); }

uint64_t Bits(__m128i m) { return static_cast<uint16_t>(_mm_movemask_epi8(m)); }

__m128i Base64(__m128i v) {
  return _mm_or_si128(_mm_or_si128(InRange(_mm_or_si128(v, Splat(0x20)), 'a', 'z'), InRange(v, '0', '9')),
                      _mm_or_si128(_mm_or_si128(Equals(v, '+'), Equals(v, '/')),
                                   _mm_or_si128(Equals(v, '-'), Equals(v, '_'))));
}

__m128i Lead(__m128i v) {
  return _mm_or_si128(InRange(v, 'C', 'D'), _mm_or_si128(InRange(v, 'I', 'Z'), InRange(v, 'a', 'f')));
}

// The masks of 16 bytes, in bits [shift, shift + 16) of `out`.
void Classify16(__m128i v, unsigned shift, BlockMasks* out) {
  const __m128i quote = Equals(v, '"');
  // Separators in pairs one bit apart: ( ) by 0x01, < > by 0x02, [ { and
  // ] } by 0x20.
  const __m128i separator = _mm_or_si128(
      _mm_or_si128(_mm_or_si128(quote, Equals(v, '\'')), _mm_or_si128(Equals(v, '`'), Equals(v, ','))),
      _mm_or_si128(_mm_or_si128(Equals(v, ';'), Equals(_mm_or_si128(v, Splat(0x01)), ')')),
                   _mm_or_si128(Equals(_mm_and_si128(v, Splat(0xFD)), '<'),
                                _mm_or_si128(Equals(_mm_and_si128(v, Splat(0xDF)), '['),
                                             Equals(_mm_and_si128(v, Splat(0xDF)), ']')))));
  auto& m = out->masks;
  m[kBase64Byte] |= Bits(Base64(v)) << shift;
  m[kTokenByte] |= Bits(_mm_andnot_si128(separator, InRange(v, 0x21, 0x7e))) << shift;
  m[kQuoteByte] |= Bits(quote) << shift;
  m[kBackslashByte] |= Bits(Equals(v, '\\')) << shift;
  m[kPercentByte] |= Bits(Equals(v, '%')) << shift;
  m[kEqualsByte] |= Bits(Equals(v, '=')) << shift;
  m[kBase64LeadByte] |= Bits(Lead(v)) << shift;
}
#endif

#if defined(BLASTRADIUS_HAVE_AVX2_PATH)
#define BLASTRADIUS_AVX2 __attribute__((target("avx2"), always_inline)) inline

// Set membership by nibble lookup: a byte's bits in the low-nibble table
// and in the high-nibble table are ANDed; a class holds the byte when any
// of its bits survives. High nibbles 8-F map to 0 (no class holds a byte
// over 0x7F).
//   bit 0: + - / (high 2)        bit 1: 0-9 (high 3)
//   bit 2: A-O a-o (high 4, 6)   bit 3: P-Z p-z (high 5, 7)
//   bit 4: _ (high 5)            -> base64: bits 0-4
//   bit 5: C D I-O (high 4)      bit 6: P-Z (high 5)
//   bit 7: a-f (high 6)          -> leads: bits 5-7
BLASTRADIUS_AVX2 __m256i Lut(const int8_t (&t)[16]) {
  const __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t));
  return _mm256_broadcastsi128_si256(half);
}
constexpr int8_t kClassLow[16] = {0x4A, -0x32, -0x32, -0x12, -0x12, -0x32, -0x32, 0x4E,
                                  0x4E, 0x6E,  0x6C,  0x25,  0x24,  0x25,  0x24,  0x35};
constexpr int8_t kClassHigh[16] = {0, 0, 0x01, 0x02, 0x24, 0x58, -0x7C, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};
// Separators (space " ' ( ) , ; < > [ ] ` { }) the same way:
//   bit 0: high 2   bit 1: high 3   bit 2: high 5   bit 3: high 6   bit 4: high 7
constexpr int8_t kSeparatorLow[16] = {0x09, 0,    0x01, 0,    0,    0,    0,    0x01,
                                      0x01, 0x01, 0,    0x16, 0x03, 0x14, 0x02, 0};
constexpr int8_t kSeparatorHigh[16] = {0, 0, 0x01, 0x02, 0, 0x04, 0x08, 0x10, 0, 0, 0, 0, 0, 0, 0, 0};

BLASTRADIUS_AVX2 uint64_t Bits32(__m256i m) { return static_cast<uint32_t>(_mm256_movemask_epi8(m)); }

// Bytes of `v` with any bit of `bits` set.
BLASTRADIUS_AVX2 uint64_t AnyBits(__m256i v, int bits) {
  const __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(v, _mm256_set1_epi8(static_cast<char>(bits))),
                                         _mm256_setzero_si256());
  return ~Bits32(none) & 0xFFFFFFFFu;
}

BLASTRADIUS_AVX2 uint64_t Equal32(__m256i v, char byte) {
  return Bits32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(byte)));
}

// The class bits of 32 bytes (the base64 and lead table).
BLASTRADIUS_AVX2 __m256i ClassBits(__m256i v, __m256i* low, __m256i* high) {
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  *low = _mm256_and_si256(v, nibble);
  // High nibbles; bytes over 0x7F get 8-F, which the tables map to 0.
  *high = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
  return _mm256_and_si256(_mm256_shuffle_epi8(Lut(kClassLow), *low),
                          _mm256_shuffle_epi8(Lut(kClassHigh), *high));
}

BLASTRADIUS_AVX2 void Classify32(__m256i v, unsigned shift, BlockMasks* out) {
  __m256i low, high;
  const __m256i classes = ClassBits(v, &low, &high);
  const __m256i separators = _mm256_and_si256(_mm256_shuffle_epi8(Lut(kSeparatorLow), low),
                                              _mm256_shuffle_epi8(Lut(kSeparatorHigh), high));
  // 0x21-0x7E: greater than 0x20 as a signed byte, and not 0x7F.
  const __m256i printable = _mm256_andnot_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x7F)),
                                                _mm256_cmpgt_epi8(v, _mm256_set1_epi8(0x20)));
  const __m256i token = _mm256_and_si256(printable, _mm256_cmpeq_epi8(separators, _mm256_setzero_si256()));
  auto& m = out->masks;
  m[kBase64Byte] |= AnyBits(classes, 0x1F) << shift;
  m[kBase64LeadByte] |= AnyBits(classes, 0xE0) << shift;
  m[kTokenByte] |= Bits32(token) << shift;
  m[kQuoteByte] |= Equal32(v, '"') << shift;
  m[kBackslashByte] |= Equal32(v, '\\') << shift;
  m[kPercentByte] |= Equal32(v, '%') << shift;
  m[kEqualsByte] |= Equal32(v, '=') << shift;
}

__attribute__((target("avx2"))) BlockMasks ClassifyBlockAvx2(std::string_view blob, size_t w) {
  alignas(32) char buffer[96];
  const char* data = BlockBytes(blob, w, buffer, sizeof buffer);
  BlockMasks out;
  Classify32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(data)), 0, &out);
  Classify32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 32)), 32, &out);
  const __m256i after = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 64));
  __m256i low, high;
  const __m256i classes = ClassBits(after, &low, &high);
  const uint64_t base64_after = AnyBits(classes, 0x1F), leads_after = AnyBits(classes, 0xE0);
  const uint64_t equals_after = Equal32(after, '=');
  // The upper halves of the vector registers are cleared before any other
  // code runs: g++ does not do it for a target("avx2") function in a
  // baseline file, and while they stay dirty every SSE instruction the
  // process executes afterwards (ours, the C library's, tree-sitter's) waits
  // on a merge with them. Measured: this function's share of a scan fell
  // from 17% to under 3% with it.
  _mm256_zeroupper();
  SetDecodableRuns(blob, w, base64_after, leads_after, equals_after, &out);
  return out;
}

bool CpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#endif

BlockMasks ClassifyBlockScalar(std::string_view blob, size_t w) {
  BlockMasks out;
  const size_t base = 64 * w;
  for (size_t i = 0; i < 64; ++i) {
    const size_t pos = base + i;
    for (unsigned c = 0; c < kByteClassCount; ++c) {
      if (ByteOf(blob, pos, static_cast<ByteClass>(c))) out.masks[c] |= uint64_t{1} << i;
    }
    bool run = ByteOf(blob, pos, kBase64Byte) && (pos == 0 || !ByteOf(blob, pos - 1, kBase64Byte));
    for (size_t k = 1; k < 8; ++k) run = run && ByteOf(blob, pos + k, kBase64Byte);
    run = run && ByteOf(blob, pos, kBase64LeadByte) && ByteOf(blob, pos + 4, kBase64LeadByte) &&
          (ByteOf(blob, pos + 8, kBase64LeadByte) || ByteOf(blob, pos + 8, kEqualsByte));
    if (run) out.decodable_runs |= uint64_t{1} << i;
  }
  return out;
}

BlockMasks ClassifyBlockTable(std::string_view blob, size_t w) {
  char buffer[80];
  const char* data = BlockBytes(blob, w, buffer, sizeof buffer);
  BlockMasks out;
  uint64_t after_base64 = 0, after_lead = 0, after_equals = 0;
  for (unsigned i = 0; i < 80; ++i) {
    const unsigned bits = kClassTable[static_cast<unsigned char>(data[i])];
    if (i < 64) {
      for (unsigned c = 0; c < kByteClassCount; ++c)
        out.masks[c] |= static_cast<uint64_t>((bits >> c) & 1) << i;
    } else {
      after_base64 |= static_cast<uint64_t>((bits >> kBase64Byte) & 1) << (i - 64);
      after_lead |= static_cast<uint64_t>((bits >> kBase64LeadByte) & 1) << (i - 64);
      after_equals |= static_cast<uint64_t>((bits >> kEqualsByte) & 1) << (i - 64);
    }
  }
  SetDecodableRuns(blob, w, after_base64, after_lead, after_equals, &out);
  return out;
}

#if defined(__SSE2__)
BlockMasks ClassifyBlockSse2(std::string_view blob, size_t w) {
  alignas(16) char buffer[80];
  const char* data = BlockBytes(blob, w, buffer, sizeof buffer);
  BlockMasks out;
  Classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data)), 0, &out);
  Classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16)), 16, &out);
  Classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 32)), 32, &out);
  Classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 48)), 48, &out);
  const __m128i after = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 64));
  SetDecodableRuns(blob, w, Bits(Base64(after)), Bits(Lead(after)), Bits(Equals(after, '=')), &out);
  return out;
}
#endif

}  // namespace

bool IsOfClass(unsigned char byte, ByteClass c) { return (kClassTable[byte] & ClassBit(c)) != 0; }

bool ClassifyPathAvailable(ClassifyPath path) {
  switch (path) {
    case ClassifyPath::kScalar:
    case ClassifyPath::kTable:
      return true;
    case ClassifyPath::kSse2:
#if defined(__SSE2__)
      return true;
#else
      return false;
#endif
    case ClassifyPath::kAvx2:
#if defined(BLASTRADIUS_HAVE_AVX2_PATH)
      return CpuHasAvx2();
#else
      return false;
#endif
  }
  return false;
}

BlockMasks ClassifyBlockWith(ClassifyPath path, std::string_view blob, size_t w) {
#if defined(BLASTRADIUS_HAVE_AVX2_PATH)
  if (path == ClassifyPath::kAvx2 && CpuHasAvx2()) return ClassifyBlockAvx2(blob, w);
#endif
#if defined(__SSE2__)
  if (path == ClassifyPath::kSse2 || path == ClassifyPath::kAvx2) return ClassifyBlockSse2(blob, w);
#endif
  if (path == ClassifyPath::kScalar) return ClassifyBlockScalar(blob, w);
  return ClassifyBlockTable(blob, w);
}

BlockMasks ClassifyBlock(std::string_view blob, size_t w) {
#if defined(BLASTRADIUS_HAVE_AVX2_PATH)
  if (CpuHasAvx2()) return ClassifyBlockAvx2(blob, w);
#endif
#if defined(__SSE2__)
  return ClassifyBlockSse2(blob, w);
#else
  return ClassifyBlockTable(blob, w);
#endif
}

ByteClassIndex::ByteClassIndex(std::string_view data) : data_(data), blocks_((data.size() + 63) / 64) {
  tags_.fill(SIZE_MAX);
}

const BlockMasks& ByteClassIndex::Block(size_t w) {
  const size_t slot = w % kSlots;
  if (tags_[slot] != w) {
    tags_[slot] = w;
    cache_[slot] = w < blocks_ ? ClassifyBlock(data_, w) : BlockMasks{};
  }
  return cache_[slot];
}

uint64_t ByteClassIndex::Mask(size_t w, unsigned classes) {
  const BlockMasks& b = Block(w);
  uint64_t m = 0;
  classes &= (1u << kByteClassCount) - 1;
  for (; classes != 0; classes &= classes - 1) m |= b.masks[static_cast<size_t>(std::countr_zero(classes))];
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

size_t ByteClassIndex::LastSet(unsigned classes, bool invert, size_t pos, size_t floor, size_t none) {
  pos = std::min(pos, data_.size());
  while (pos > floor) {
    // Bytes [64 * w, pos) of block w, the one holding byte pos - 1.
    const size_t w = (pos - 1) / 64;
    const unsigned used = static_cast<unsigned>(pos - 64 * w);  // 1..64
    const uint64_t below = used == 64 ? ~uint64_t{0} : (uint64_t{1} << used) - 1;
    const uint64_t mask = Mask(w, classes);
    const uint64_t bits = (invert ? ~mask : mask) & below;
    if (bits != 0) {
      const size_t last = 64 * w + 63 - static_cast<size_t>(std::countl_zero(bits));
      return last >= floor ? last : none;
    }
    pos = 64 * w;
  }
  return none;
}

size_t ByteClassIndex::Last(unsigned classes, size_t pos, size_t floor) {
  return LastSet(classes, false, pos, floor, pos);
}

size_t ByteClassIndex::RunStart(ByteClass c, size_t pos, size_t floor) {
  // The byte after the last one not of class c.
  const size_t other = LastSet(ClassBit(c), true, pos, floor, SIZE_MAX);
  return other == SIZE_MAX ? floor : other + 1;
}

size_t ByteClassIndex::NextMarkOrDecodableRun(unsigned classes, size_t from, size_t limit) {
  limit = std::min(limit, data_.size());
  for (size_t pos = from; pos < limit;) {
    const size_t w = pos / 64;
    const BlockMasks& block = Block(w);
    const uint64_t from_here = ~uint64_t{0} << (pos % 64);
    const uint64_t marks = Mask(w, classes) & from_here;
    const uint64_t runs = block.decodable_runs & from_here;
    if ((marks | runs) == 0) {
      pos = 64 * (w + 1);
      continue;
    }
    const unsigned at = static_cast<unsigned>(std::countr_zero(marks | runs));
    const size_t found = 64 * w + at;
    if (found >= limit) return limit;
    if ((marks >> at & 1) || found + 9 <= limit) return found;
    // A run whose 9 bytes do not fit: no later one fits either, so only
    // marks are left to find.
    return Next(classes, found + 1, limit);
  }
  return limit;
}

}  // namespace blastradius
