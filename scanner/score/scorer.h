// Scorer: turns a credential's base blast radius into the finding's score
// with named, explained factors. Pure functions; the formula lives only here
// and is documented in the README ("How the score is computed").
#ifndef BLASTRADIUS_SCORE_SCORER_H_
#define BLASTRADIUS_SCORE_SCORER_H_

#include <cstdint>
#include <string_view>

#include "scanner/core/finding.h"

namespace blastradius {

// Environment suggested by a path alone: "test", "development",
// "production", "staging" or "" (unknown).
std::string_view EnvironmentFromPath(std::string_view path);

// True for documentation (docs/, *.md) and vendored third-party paths
// (vendor/, third_party/, node_modules/): a secret there is less likely live.
bool IsDocumentationOrVendored(std::string_view path);

// Fills finding->factors, notes, blast_radius (damage), confidence_score and
// severity from finding->rule, confidence, facts and locations. `now` (Unix
// seconds) decides whether a value's own expiry (JWT exp) has passed.
void ScoreFinding(Finding* finding, int64_t now);

}  // namespace blastradius

#endif  // BLASTRADIUS_SCORE_SCORER_H_
