// Small helpers shared by the policy files' JSON readers.
#ifndef BLASTRADIUS_POLICY_JSON_UTIL_H_
#define BLASTRADIUS_POLICY_JSON_UTIL_H_

#include <string>
#include <string_view>

#include "scanner/core/status.h"

namespace blastradius::policy_internal {

// One JSON pointer reference token (RFC 6901: '~' -> "~0", '/' -> "~1").
std::string PointerToken(std::string_view key);

// Fails when arrays/objects in `text` nest deeper than `max_depth`, before
// any parser or recursive walk sees it ("NAME: JSON nested deeper than 64
// levels at byte N"). Strings are skipped, so brackets inside them do not
// count. Policy files are flat; a deep one is hostile or broken.
constexpr int kMaxJsonDepth = 64;
Status CheckJsonDepth(std::string_view text, const std::string& name, int max_depth = kMaxJsonDepth);

// nlohmann's parse error text without its "[json.exception...] " prefix.
std::string CleanJsonError(const std::string& what);

}  // namespace blastradius::policy_internal

#endif  // BLASTRADIUS_POLICY_JSON_UTIL_H_
