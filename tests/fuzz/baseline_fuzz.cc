// Fuzz target: a baseline file (committed to the scanned repository).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scanner/policy/baseline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  blastradius::Baseline b;
  if (blastradius::Baseline::Parse(text, "baseline.json", &b).ok()) {
    // A loaded baseline must serialize and load again to the same entries.
    blastradius::Baseline again;
    if (!blastradius::Baseline::Parse(b.Serialize(), "again", &again).ok() ||
        again.entries() != b.entries() || again.salt() != b.salt())
      __builtin_trap();
    b.Key("rule", std::string_view(text).substr(0, 16));
  }
  return 0;
}
