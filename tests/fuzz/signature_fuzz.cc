// Fuzz target: a signature file (user-supplied --signatures or a config's
// "signatures" directory) through the loader and the cross-file checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scanner/sig/signature_db.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  blastradius::SignatureDb db;
  db.AddFile("fuzz.json", text, /*may_replace=*/true);
  db.Finish().ok();
  return 0;
}
