#include "scanner/pipeline/history_fold.h"

#include <algorithm>
#include <map>

namespace blastradius {

void FoldHistoryLocations(Finding* finding, bool history_scan) {
  auto& locs = finding->locations;
  if (std::any_of(locs.begin(), locs.end(), [](const Location& l) { return l.removed_later; }))
    finding->notes.push_back(
        "removed later in this range: the commit shown added it and a later one deleted it; it stays in the "
        "history every clone receives, so rotate it");
  if (!history_scan) return;
  // Earliest commit and at-HEAD per path, over the history locations.
  struct PathState {
    uint64_t earliest = UINT64_MAX;
    bool at_head = false;
  };
  std::map<std::string, PathState> paths;
  for (const auto& l : locs) {
    if (l.exposure != Exposure::kHistory) continue;
    PathState& p = paths[l.path];
    p.earliest = std::min(p.earliest, l.history_order);
    p.at_head = p.at_head || l.at_head;
  }
  std::vector<Location> kept;
  for (auto& l : locs) {
    if (l.exposure == Exposure::kHistory) {
      const PathState& p = paths[l.path];
      if (l.history_order != p.earliest) continue;
      l.at_head = p.at_head;
      // The same position in several parents of a merge: once.
      if (std::any_of(kept.begin(), kept.end(), [&](const Location& k) {
            return k.exposure == Exposure::kHistory && k.path == l.path && k.line == l.line &&
                   k.column == l.column && k.commit == l.commit;
          }))
        continue;
    }
    kept.push_back(std::move(l));
  }
  locs = std::move(kept);
  bool in_work_tree =
      std::any_of(locs.begin(), locs.end(), [](const Location& l) { return l.commit.empty(); });
  bool at_head = std::any_of(locs.begin(), locs.end(), [](const Location& l) { return l.at_head; });
  if (!in_work_tree && !at_head && !paths.empty()) {
    for (auto& l : locs) {
      if (l.exposure == Exposure::kHistory) l.exposure = Exposure::kHistoryOnly;
    }
    finding->notes.push_back(
        "history-only: no longer at HEAD or in the work tree, but every clone still has it (git log -p); "
        "rotate it, deleting the file does not revoke it");
  }
}

}  // namespace blastradius
