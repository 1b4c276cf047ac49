#include "scanner/cli/suggest.h"

#include <algorithm>
#include <set>

#include "scanner/core/ascii.h"

namespace blastradius {
namespace {}  // namespace

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> Closest(const std::string& query, const std::vector<std::string>& known,
                                 size_t max) {
  const std::string q = AsciiLower(query);
  if (q.empty()) return {};
  const size_t limit = std::max<size_t>(2, q.size() / 3);
  std::vector<std::pair<size_t, std::string>> near;
  std::set<std::string> seen;
  for (const auto& k : known) {
    if (!seen.insert(k).second) continue;
    const std::string lk = AsciiLower(k);
    size_t d = EditDistance(q, lk);
    // A prefix of a long name ("--max-file" for "--max-file-size") is close.
    if (d > limit && q.size() >= 4 && lk.rfind(q, 0) == 0) d = limit;
    if (d <= limit) near.emplace_back(d, k);
  }
  std::sort(near.begin(), near.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < near.size() && i < max; ++i) out.push_back(near[i].second);
  return out;
}

std::string DidYouMean(const std::string& query, const std::vector<std::string>& known) {
  const std::vector<std::string> near = Closest(query, known);
  if (near.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < near.size(); ++i) out += (i ? ", " : "") + near[i];
  return out + "?";
}

}  // namespace blastradius
