// Links the build-time pattern database (BLASTRADIUS_PREBUILT_BLOB, written
// by build_pattern_db) into the binary with the assembler's .incbin, which
// copes with a multi-megabyte file where a generated C array would not.
#include <string_view>

#include "scanner/core/incbin.h"
#include "scanner/match/prebuilt_db.h"

#ifdef BLASTRADIUS_PREBUILT_BLOB
BLASTRADIUS_INCBIN(blastradius_hsdb, BLASTRADIUS_PREBUILT_BLOB, 64);
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
