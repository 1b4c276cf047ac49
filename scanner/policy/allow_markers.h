// Inline allow markers: a comment that accepts the secret next to it.
//
//   key = "..."  # blastradius:allow test fixture     (same line, optional reason)
//   key = "..."  // gitleaks:allow                    (gitleaks' marker)
//   key = "..."  # pragma: allowlist secret           (detect-secrets' marker)
//   # pragma: allowlist nextline secret               (detect-secrets: next line)
//   # blastradius:allow rotated in 2024               (a comment line of its own:
//   key = "..."                                        applies to the next line)
//
// A marker on the secret's line always applies. On the line above, `pragma:
// allowlist nextline secret` applies, and so do the three other markers when
// that line is a comment of its own (only comment punctuation before the
// marker): a marker trailing another line's code accepts that line's secret,
// never the next line's as well.
#ifndef BLASTRADIUS_POLICY_ALLOW_MARKERS_H_
#define BLASTRADIUS_POLICY_ALLOW_MARKERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scanner/core/line_index.h"

namespace blastradius {

enum class AllowMarkerKind {
  kBlastradius,            // blastradius:allow [reason]
  kGitleaks,               // gitleaks:allow
  kDetectSecrets,          // pragma: allowlist secret
  kDetectSecretsNextLine,  // pragma: allowlist nextline secret
};
const char* AllowMarkerName(AllowMarkerKind kind);

struct AllowMarker {
  AllowMarkerKind kind = AllowMarkerKind::kBlastradius;
  uint32_t line = 0;   // 1-based line holding the marker
  std::string reason;  // blastradius:allow only; may be empty
};

// The marker that accepts a secret starting on the 1-based `line`, if any.
std::optional<AllowMarker> FindAllowMarker(const LineIndex& lines, uint32_t line);
std::optional<AllowMarker> FindAllowMarker(std::string_view text, uint32_t line);

inline bool IsAllowedByMarker(const LineIndex& lines, uint32_t line) {
  return FindAllowMarker(lines, line).has_value();
}

// The marker in one line of text, regardless of position rules (exposed
// for tests). `marker_at` receives the marker's byte offset.
std::optional<AllowMarker> FindMarkerInLine(std::string_view line_text, size_t* marker_at);

}  // namespace blastradius

#endif  // BLASTRADIUS_POLICY_ALLOW_MARKERS_H_
