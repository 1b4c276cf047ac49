#include "scanner/score/pairs.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace blastradius {

void MergePairs(std::vector<Finding>* findings) {
  // Where each finding sits: root-qualified file -> finding indexes.
  std::map<std::string, std::vector<size_t>> by_file;
  for (size_t i = 0; i < findings->size(); ++i) {
    if ((*findings)[i].rule->pairs_with.empty()) continue;
    std::set<std::string> files;
    for (const auto& l : (*findings)[i].locations) files.insert(RootedPath(l));
    for (const auto& p : files) by_file[p].push_back(i);
  }
  // Each location of an identifier that shares its file with a companion
  // secret is folded into the strongest such secret of that file; the
  // identifier keeps its other locations (the same key id alone in another
  // file is still reported), and is dropped only when none is left.
  std::vector<bool> folded(findings->size(), false);
  for (size_t i = 0; i < findings->size(); ++i) {
    Finding& id = (*findings)[i];
    if (id.rule->pair_role != "id") continue;
    std::vector<Location> alone;
    for (const auto& loc : id.locations) {
      Finding* secret = nullptr;
      for (size_t j : by_file[RootedPath(loc)]) {
        Finding& other = (*findings)[j];
        if (j == i || other.rule->pair_role == "id") continue;
        const auto& companions = id.rule->pairs_with;
        if (std::find(companions.begin(), companions.end(), other.rule->id) == companions.end()) continue;
        if (!secret || other.rule->base_blast_radius > secret->rule->base_blast_radius) secret = &other;
      }
      if (!secret) {
        alone.push_back(loc);
        continue;
      }
      if (secret->facts.count("paired")) continue;  // the first identifier beside it names the pair
      secret->facts["paired"] = id.rule->id;
      // The scorer turns this into the finding's "paired with" note.
      secret->facts["paired_note"] = fmt::format("paired with its {} ({}) at {}:{}", id.rule->name,
                                                 id.secret_redacted, RootedPath(loc), loc.line);
    }
    if (alone.empty())
      folded[i] = true;
    else
      id.locations = std::move(alone);
  }
  size_t out = 0;
  for (size_t i = 0; i < findings->size(); ++i) {
    if (folded[i]) continue;
    if (out != i) (*findings)[out] = std::move((*findings)[i]);
    ++out;
  }
  findings->resize(out);
}

}  // namespace blastradius
