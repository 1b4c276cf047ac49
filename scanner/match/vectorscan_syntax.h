// VectorscanExpression: the Vectorscan expression that means what a
// signature pattern (RE2 syntax) means to RE2. The two engines read the
// same syntax almost alike; where they differ, a match one engine finds and
// the other does not is a credential lost without a trace (Vectorscan never
// reports it, so RE2 never confirms it). The one difference that reaches
// the built-in signatures: `\s` is [\t\n\f\r ] to RE2 but also holds the
// vertical tab (0x0B) to Vectorscan, as in PCRE; `\S` likewise. Both are
// spelled out as RE2's byte sets. Differences where Vectorscan matches more
// (`\v`, PCRE's vertical-space class, is the vertical tab alone to RE2) are
// left: RE2 confirms every event, and an exact event it does not confirm is
// counted and reported as an engine disagreement.
#ifndef BLASTRADIUS_MATCH_VECTORSCAN_SYNTAX_H_
#define BLASTRADIUS_MATCH_VECTORSCAN_SYNTAX_H_

#include <string>
#include <string_view>

namespace blastradius {

// Part of every pattern-cache and build-time database key: bump it when the
// rewriting changes, so that no stored database was compiled from another.
constexpr const char* kVectorscanSyntaxVersion = "vectorscan-syntax/v1";

// `pattern` with each `\s` and `\S` escape, inside a class or out, replaced
// by RE2's byte set; everything else, escaped backslashes and \Q...\E
// quotes included, is copied as it is.
std::string VectorscanExpression(std::string_view pattern);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_VECTORSCAN_SYNTAX_H_
