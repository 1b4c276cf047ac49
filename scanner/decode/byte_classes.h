// ByteClassIndex: where the bytes of the decoded view's classes lie in a
// blob (base64 alphabet, token bytes, double quotes, backslashes, percent
// signs), as bitmasks computed 64 bytes at a time (SSE2 where the target
// has it, a table otherwise) and kept for the last few blocks. It answers
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
  kByteClassCount,
};
constexpr unsigned ClassBit(ByteClass c) { return 1u << c; }

// Bit i of masks[c] is set when byte i of the block is of class c. Bytes
// past the block's length are of no class.
struct BlockMasks {
  std::array<uint64_t, kByteClassCount> masks{};
  bool operator==(const BlockMasks&) const = default;
};

// Classifies data[0, len), len <= 64: vector instructions where the target
// has them. ClassifyBlockScalar is the table-driven definition; the two
// agree on every input (tested).
BlockMasks ClassifyBlock(const char* data, size_t len);
BlockMasks ClassifyBlockScalar(const char* data, size_t len);

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
  // Start of the run of class `c` that ends at `pos`: the smallest s in
  // [floor, pos] with every byte of [s, pos) of class `c`.
  size_t RunStart(ByteClass c, size_t pos, size_t floor);
  // First position p in [from, limit) where a base64 run that may decode
  // begins or goes on: data[p, p + 12) all base64 (unpadded base64 decodes
  // from 12 characters), or data[p, p + 8) all base64 and then '=' (padded,
  // from 8), within [from, limit); `limit` when none. Every run that
  // DecodePrintableBase64 accepts holds such a position.
  size_t NextDecodableRun(size_t from, size_t limit) { return NextMarkOrDecodableRun(0, from, limit); }
  // The first of Next(classes, from, limit) and NextDecodableRun(from,
  // limit), in one pass over the blocks between.
  size_t NextMarkOrDecodableRun(unsigned classes, size_t from, size_t limit);

 private:
  static constexpr size_t kSlots = 8;
  // Block w's masks (zero past the blob's end).
  const BlockMasks& Block(size_t w);
  uint64_t Mask(size_t w, unsigned classes);
  // Positions of block w where a decodable run begins or goes on: 12
  // base64 bytes (unpadded) or 8 and a '=' (padded). Cached like blocks.
  struct Runs {
    uint64_t unpadded = 0, padded = 0;
  };
  const Runs& DecodableRuns(size_t w);

  std::string_view data_;
  size_t blocks_;
  std::array<size_t, kSlots> tags_;
  std::array<BlockMasks, kSlots> cache_;
  std::array<size_t, kSlots> run_tags_;
  std::array<Runs, kSlots> runs_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_DECODE_BYTE_CLASSES_H_
