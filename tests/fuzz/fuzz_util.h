// Helpers shared by the libFuzzer targets (tests/fuzz): a FuzzInput that
// hands out selector bytes from the front of the fuzzer's data.
#ifndef BLASTRADIUS_TESTS_FUZZ_FUZZ_UTIL_H_
#define BLASTRADIUS_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace blastradius::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}
  // One byte from the front (0 when empty).
  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  uint16_t Word() { return static_cast<uint16_t>(Byte() | (Byte() << 8)); }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace blastradius::fuzz

#endif  // BLASTRADIUS_TESTS_FUZZ_FUZZ_UTIL_H_
