// Small helpers shared by the policy files' JSON readers.
#ifndef BLASTRADIUS_POLICY_JSON_UTIL_H_
#define BLASTRADIUS_POLICY_JSON_UTIL_H_

#include <string>
#include <string_view>

#include "scanner/core/status.h"

namespace blastradius::policy_internal {

// One JSON pointer reference token (RFC 6901: '~' -> "~0", '/' -> "~1").
std::string PointerToken(std::string_view key);

// nlohmann's parse error text without its "[json.exception...] " prefix.
std::string CleanJsonError(const std::string& what);

}  // namespace blastradius::policy_internal

#endif  // BLASTRADIUS_POLICY_JSON_UTIL_H_
