// Small text helpers shared by the report writers (internal to reports/).
#ifndef BLASTRADIUS_REPORTS_FORMAT_UTIL_H_
#define BLASTRADIUS_REPORTS_FORMAT_UTIL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/finding.h"

namespace blastradius {

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);

// Makes control characters visible ("\x1b"), so text from scanned files
// cannot move the cursor, recolour or retitle a terminal: C0 controls, DEL
// and C1 controls (U+0080-U+009F, e.g. the 8-bit CSI). Tabs become spaces.
std::string EscapeControls(std::string_view s);

// At most `max_bytes` bytes of `s`, cut on a UTF-8 code point boundary; a
// cut string ends with "…" (counted in max_bytes).
std::string TruncateUtf8(std::string_view s, size_t max_bytes);

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or
// code points above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// A lossless, readable form of a byte string that is not valid UTF-8 (a
// file name): every byte outside a well-formed UTF-8 sequence, and every
// '%', becomes %XX. Decodes with any percent-decoder (Python:
// urllib.parse.unquote_to_bytes). JSON output carries it as "path_bytes"
// next to "path", whose bad bytes show as U+FFFD and so may collide.
std::string PercentEncodeInvalidUtf8(std::string_view s);

// "1,234,567".
std::string GroupThousands(uint64_t n);

// "5.7 MB", "812 KB", "12 B" (decimal units, like the text report).
std::string HumanBytes(uint64_t bytes);

// "812 ms", "4.3 s", "2 min 5 s".
std::string HumanDuration(uint64_t ms);

// Findings per severity, indexed by static_cast<int>(Severity).
std::array<size_t, 5> SeverityCounts(const std::vector<Finding>& findings);

// Parses a UTC time "YYYY-MM-DDTHH:MM:SS" (optional fraction, optional "Z"
// or "+00:00") into seconds since 1970-01-01T00:00:00. False if malformed.
bool ParseUtcTime(std::string_view s, int64_t* seconds);

// "YYYY-MM-DDTHH:MM:SS" for seconds since the epoch.
std::string FormatUtcTime(int64_t seconds);

// Agent exposure (issue 15): whether the post-scan stage assessed any
// location, and the agents that can read at least one location (sorted).
bool AgentsAssessed(const Finding& f);
std::vector<std::string> ReadableAgents(const Finding& f);
// Text cell: "N/M" agents that can read the most exposed location, with
// " ctx" when a location is loaded into an agent's context by design.
std::string AgentsCell(const Finding& f);

}  // namespace blastradius

#endif  // BLASTRADIUS_REPORTS_FORMAT_UTIL_H_
