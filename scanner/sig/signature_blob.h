// Build-time form of the built-in signature set: the signatures, already
// validated and finished (category defaults inherited, damage derived) with
// the built-in damage model and categories, plus those models and the
// documented example values, in a flat binary layout that loads without a
// JSON parser. Written while building by build_signature_blob (from the
// embedded JSON sources, which must load and finish without an error) and
// linked into the binary; SignatureDb::AddBuiltin() decodes it.
//
// Layout (little-endian, as written on the build machine): the magic
// "BRSIGS4\n", then sections in this order, each value as
//   string  uint32 length + bytes;   strings  uint32 count + count strings
//   double  8 bytes (IEEE 754);      bool / enum  1 byte
//   1. damage model: three maps (uint32 count + count x (string, double)),
//      then breadth_per_weight, breadth_max, irreversible_bonus,
//      test_mode_adjust, public_cap, tolerance;
//   2. categories: uint32 count + count x (id, name, scope, expires,
//      worst_case, capabilities, irreversible);
//   3. documented examples: strings;
//   4. signatures: uint32 count + count x Signature (every field of the card
//      and of the signature, in declaration order, see signature_blob.cc)
//      followed by its Prefinished state;
//   5. the magic again (a truncated blob never decodes).
// Nothing in it is ever secret: examples are not stored.
#ifndef BLASTRADIUS_SIG_SIGNATURE_BLOB_H_
#define BLASTRADIUS_SIG_SIGNATURE_BLOB_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "scanner/core/status.h"
#include "scanner/sig/damage_model.h"
#include "scanner/sig/signature.h"

namespace blastradius {

struct SignatureBlobContents {
  DamageModel damage;
  ProviderCategories categories;
  std::unordered_set<std::string> documented;
  std::vector<Signature> signatures;  // each with `prefinished` set
};

// Encodes `contents` (signatures without `prefinished` are refused).
Status EncodeSignatureBlob(const SignatureBlobContents& contents, std::string* out);

// Decodes a whole blob. A malformed one (wrong magic, truncated, trailing
// bytes, an out-of-range enum) returns kCorrupt and leaves *out unspecified.
Status DecodeSignatureBlob(std::string_view blob, SignatureBlobContents* out);

// Decodes sections 1 and 2 only (Finish() of a database that holds no
// built-in signature still inherits from the built-in models).
Status DecodeSignatureBlobModels(std::string_view blob, DamageModel* damage, ProviderCategories* categories);

// The blob linked into this binary; empty in a build without one
// (BLASTRADIUS_PREBUILT_SIGNATURES=OFF), which loads the JSON sources.
std::string_view EmbeddedSignatureBlob();

}  // namespace blastradius

#endif  // BLASTRADIUS_SIG_SIGNATURE_BLOB_H_
