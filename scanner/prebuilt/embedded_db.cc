// Links the build-time pattern database (BLASTRADIUS_PREBUILT_BLOB, written
// by build_pattern_db) into the binary with the assembler's .incbin, which
// copes with a multi-megabyte file where a generated C array would not.
#include <string_view>

#include "scanner/match/prebuilt_db.h"

#ifdef BLASTRADIUS_PREBUILT_BLOB
__asm__(
    ".pushsection .rodata.blastradius_hsdb,\"a\",@progbits\n"
    ".balign 64\n"
    ".globl blastradius_hsdb_begin\n"
    ".hidden blastradius_hsdb_begin\n"
    "blastradius_hsdb_begin:\n"
    ".incbin \"" BLASTRADIUS_PREBUILT_BLOB
    "\"\n"
    ".globl blastradius_hsdb_end\n"
    ".hidden blastradius_hsdb_end\n"
    "blastradius_hsdb_end:\n"
    ".popsection\n");
extern "C" const char blastradius_hsdb_begin[];
extern "C" const char blastradius_hsdb_end[];
#endif

namespace blastradius {

std::string_view EmbeddedPatternDatabase() {
#ifdef BLASTRADIUS_PREBUILT_BLOB
  return std::string_view(blastradius_hsdb_begin,
                          static_cast<size_t>(blastradius_hsdb_end - blastradius_hsdb_begin));
#else
  return {};
#endif
}

}  // namespace blastradius
