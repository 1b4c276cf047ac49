// Fuzz target: .blastradius.json (read automatically from the scanned tree).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scanner/policy/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  blastradius::Config config;
  blastradius::ParseConfig(text, ".blastradius.json", "/nonexistent-fuzz-root", &config).ok();
  return 0;
}
