// Fuzz target: the on-disk pattern cache reader (the cache directory may be
// shared or writable by others). Each input is tried as it is, and once
// more with a valid magic and checksum so that the header parsing and the
// library's deserializer see arbitrary content too.
#include <hs/hs.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/secret_hash.h"
#include "scanner/match/rule_set.h"
#include "tests/fuzz/fuzz_util.h"

using namespace blastradius;

namespace {
void Try(std::string_view bytes, size_t patterns) {
  std::vector<unsigned> flags(patterns);
  std::vector<size_t> windows(patterns);
  hs_database_t* db = nullptr;
  if (ParsePatternCacheEntry(bytes, &flags, &windows, &db)) {
    if (db == nullptr || flags.size() != patterns || windows.size() != patterns) __builtin_trap();
    hs_free_database(db);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const size_t patterns = in.Byte() % 8;
  Try(in.rest(), patterns);
  std::string entry("BRHSDB2", 8);
  const auto n = static_cast<uint32_t>(patterns);
  entry.append(reinterpret_cast<const char*>(&n), sizeof(n));
  entry.append(in.rest());
  entry += Sha256Hex(entry);
  Try(entry, patterns);
  return 0;
}
