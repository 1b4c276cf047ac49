// "Did you mean": the known names closest to a mistyped one.
#ifndef BLASTRADIUS_CLI_SUGGEST_H_
#define BLASTRADIUS_CLI_SUGGEST_H_

#include <string>
#include <vector>

namespace blastradius {

// Levenshtein distance between two byte strings.
size_t EditDistance(const std::string& a, const std::string& b);

// Up to `max` of `known` closest to `query` (case-insensitive), closest
// first, within an edit distance of a third of the query's length (at least
// 2). A known name that starts with the query counts as close too.
std::vector<std::string> Closest(const std::string& query, const std::vector<std::string>& known,
                                 size_t max = 3);

// "; did you mean a, b?" or "" when there is nothing close.
std::string DidYouMean(const std::string& query, const std::vector<std::string>& known);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_SUGGEST_H_
