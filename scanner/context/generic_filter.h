// Decides whether a candidate of a generic signature (a high-entropy literal
// assigned to a secret-like name) is worth reporting, using its context:
// lock files, checksums, hashes, ids, identifiers, base64 images, comments
// and non-secret key names are not findings.
#ifndef BLASTRADIUS_CONTEXT_GENERIC_FILTER_H_
#define BLASTRADIUS_CONTEXT_GENERIC_FILTER_H_

#include <string_view>

#include "scanner/context/context.h"

namespace blastradius {

// True for lock files and checksum manifests (package-lock.json, go.sum...).
bool IsLockOrChecksumFile(std::string_view path);

// True when the value looks like something other than a secret: a UUID, a
// version, a dotted/underscored identifier, a path or URL without userinfo,
// a data: URI or a plain word.
bool LooksLikeNonSecretValue(std::string_view value);

bool KeepGenericCandidate(std::string_view path, std::string_view value, const Context& ctx);

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_GENERIC_FILTER_H_
