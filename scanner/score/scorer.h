// Scorer: turns a credential's base blast radius into the finding's score
// with named, explained factors. Pure functions; the formula lives only here
// and is documented in the README ("How the score is computed").
#ifndef BLASTRADIUS_SCORE_SCORER_H_
#define BLASTRADIUS_SCORE_SCORER_H_

#include <string_view>

#include "scanner/core/finding.h"

namespace blastradius {

// Environment suggested by a path alone: "test", "development",
// "production", "staging" or "" (unknown).
std::string_view EnvironmentFromPath(std::string_view path);

// Fills finding->factors, blast_radius and severity from finding->rule,
// confidence, facts and locations.
void ScoreFinding(Finding* finding);

}  // namespace blastradius

#endif  // BLASTRADIUS_SCORE_SCORER_H_
