// ByteClassIndex: where the bytes of the decoded view's classes lie in a
// blob (base64 alphabet, token bytes, double quotes, backslashes, percent
// signs), as bitmasks computed 64 bytes at a time (AVX2 or SSE2 where the
// CPU has it, a table otherwise) and kept for the last few blocks. It answers
// "next byte of these classes", "end and start of a run of one class" and
// "next base64 run long enough to decode" without a loop over every byte,
// so the view's tokenizer visits only the places where something may
// decode.
#ifndef BLASTRADIUS_DECODE_BYTE_CLASSES_H_
#define BLASTRADIUS_DECODE_BYTE_CLASSES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace blastradius {

enum ByteClass : unsigned {
  kBase64Byte = 0,  // A-Z a-z 0-9 + / - _ (standard and URL-safe base64)
  kTokenByte,       // printable ASCII but space and " ' ` < > ( ) [ ] { } , ;
  kQuoteByte,       // "
  kBackslashByte,   // a backslash
  kPercentByte,     // %
  kEqualsByte,      // = (base64 padding)
  // Base64 characters whose value (2, 3, 8-31: C D I-Z a-f) makes the
  // first byte of a decoded group printable or a tab, CR or LF.
  kBase64LeadByte,
  kByteClassCount,
};
constexpr unsigned ClassBit(ByteClass c) { return 1u << c; }

// One 64-byte block of a blob: bit i of masks[c] is set when byte i is of
// class c (bytes past the blob's end are of no class), and bit i of
// decodable_runs when a base64 run that may decode starts at byte i:
//   - byte i starts a run (the byte before is not base64, or i is the
//     blob's first byte), and bytes i .. i + 7 are base64;
//   - bytes i and i + 4 are leads, and byte i + 8 is a lead or '='.
// Every run DecodePrintableBase64 accepts passes: it has 8 characters and
// '=' or at least 10 (9 is never valid), and each group of 4 that decodes
// a byte starts with a lead.
struct BlockMasks {
  std::array<uint64_t, kByteClassCount> masks{};
  uint64_t decodable_runs = 0;
  bool operator==(const BlockMasks&) const = default;
};

// How a block is classified: byte at a time, position by position (the
// definition); byte at a time with one table lookup per byte and the runs
// from the masks (any CPU without the vector paths); or with SSE2 or AVX2
// vector instructions (AVX2 chosen at run time where the CPU has it). All
// give the same masks (tested on every path the machine has).
enum class ClassifyPath { kScalar, kTable, kSse2, kAvx2 };
bool ClassifyPathAvailable(ClassifyPath path);

// Classifies block w of `blob`, reading the byte before it and up to 32
// bytes after it: ClassifyBlock on the fastest path available.
BlockMasks ClassifyBlock(std::string_view blob, size_t w);
BlockMasks ClassifyBlockWith(ClassifyPath path, std::string_view blob, size_t w);

// Class membership of one byte (the scalar table).
bool IsOfClass(unsigned char byte, ByteClass c);

// Queries over one blob. Blocks are classified on demand and the last few
// kept, so queries that move forward (as a tokenizer does) classify each
// block about once. Holds a view of the blob: the data must outlive it.
// Not thread-safe (its cache changes on every query); one per thread.
class ByteClassIndex {
 public:
  explicit ByteClassIndex(std::string_view data);

  // First position in [from, limit) whose byte is of one of `classes` (a
  // set of ClassBit values); `limit` when none.
  size_t Next(unsigned classes, size_t from, size_t limit);
  // First position in [from, limit) whose byte is not of class `c`;
  // `limit` when none.
  size_t NextNot(ByteClass c, size_t from, size_t limit);
  // Last position in [floor, pos) whose byte is of one of `classes`; `pos`
  // when none.
  size_t Last(unsigned classes, size_t pos, size_t floor);
  // Start of the run of class `c` that ends at `pos`: the smallest s in
  // [floor, pos] with every byte of [s, pos) of class `c`.
  size_t RunStart(ByteClass c, size_t pos, size_t floor);
  // First position p in [from, limit) where a base64 run that may decode
  // starts (BlockMasks::decodable_runs) with the 9 bytes it was judged by
  // inside [from, limit); `limit` when none.
  size_t NextDecodableRun(size_t from, size_t limit) { return NextMarkOrDecodableRun(0, from, limit); }
  // The first of Next(classes, from, limit) and NextDecodableRun(from,
  // limit), in one pass over the blocks between.
  size_t NextMarkOrDecodableRun(unsigned classes, size_t from, size_t limit);

 private:
  static constexpr size_t kSlots = 8;
  // Block w's masks (zero past the blob's end).
  const BlockMasks& Block(size_t w);
  uint64_t Mask(size_t w, unsigned classes);
  // Last position in [floor, pos) whose bit is set in Mask(w, classes),
  // flipped when `invert`; `none` when there is none.
  size_t LastSet(unsigned classes, bool invert, size_t pos, size_t floor, size_t none);

  std::string_view data_;
  size_t blocks_;
  std::array<size_t, kSlots> tags_;
  std::array<BlockMasks, kSlots> cache_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_DECODE_BYTE_CLASSES_H_
