// Links the build-time signature form (BLASTRADIUS_SIGNATURE_BLOB, written
// by build_signature_blob; see signature_blob.h) into the binary with the
// assembler's .incbin, like the pattern database (prebuilt/embedded_db.cc).
#include <string_view>

#include "scanner/core/incbin.h"
#include "scanner/sig/signature_blob.h"

#ifdef BLASTRADIUS_SIGNATURE_BLOB
BLASTRADIUS_INCBIN(blastradius_sigblob, BLASTRADIUS_SIGNATURE_BLOB, 16);
#endif

namespace blastradius {

std::string_view EmbeddedSignatureBlob() {
#ifdef BLASTRADIUS_SIGNATURE_BLOB
  return std::string_view(blastradius_sigblob_begin,
                          static_cast<size_t>(blastradius_sigblob_end - blastradius_sigblob_begin));
#else
  return {};
#endif
}

}  // namespace blastradius
