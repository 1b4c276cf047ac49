// Links the build-time signature form (BLASTRADIUS_SIGNATURE_BLOB, written
// by build_signature_blob; see signature_blob.h) into the binary with the
// assembler's .incbin, like the pattern database (prebuilt/embedded_db.cc).
#include <string_view>

#include "scanner/sig/signature_blob.h"

#ifdef BLASTRADIUS_SIGNATURE_BLOB
__asm__(
    ".pushsection .rodata.blastradius_sigblob,\"a\",@progbits\n"
    ".balign 16\n"
    ".globl blastradius_sigblob_begin\n"
    ".hidden blastradius_sigblob_begin\n"
    "blastradius_sigblob_begin:\n"
    ".incbin \"" BLASTRADIUS_SIGNATURE_BLOB
    "\"\n"
    ".globl blastradius_sigblob_end\n"
    ".hidden blastradius_sigblob_end\n"
    "blastradius_sigblob_end:\n"
    ".popsection\n");
extern "C" const char blastradius_sigblob_begin[];
extern "C" const char blastradius_sigblob_end[];
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
