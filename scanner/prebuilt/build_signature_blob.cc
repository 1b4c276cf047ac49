// Build-time tool: validates the embedded signature sources (schema rules,
// duplicate ids, categories, damage model: any error fails the build) and
// writes their build-time form (scanner/sig/signature_blob.h), so that the
// binary loads the built-in set without parsing JSON.
// Usage: blastradius_build_signature_blob OUT
#include <cstdio>
#include <string>

#include "scanner/core/file_io.h"
#include "scanner/sig/signature_db.h"

int main(int argc, char** argv) {
  using blastradius::Status;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  std::string blob;
  if (Status s = blastradius::SignatureDb::BuildBuiltinBlob(&blob); !s.ok()) {
    std::fprintf(stderr, "build_signature_blob: %s\n", s.message().c_str());
    return 2;
  }
  if (Status s = blastradius::WriteFileAtomically(argv[1], blob); !s.ok()) {
    std::fprintf(stderr, "build_signature_blob: %s\n", s.message().c_str());
    return 2;
  }
  return 0;
}
