// History locations of a finding (scan --history): one per path, from the
// earliest commit, and the history-only verdict.
#ifndef BLASTRADIUS_PIPELINE_HISTORY_FOLD_H_
#define BLASTRADIUS_PIPELINE_HISTORY_FOLD_H_

#include "scanner/core/finding.h"

namespace blastradius {

// After scan --history (`history_scan`): per finding, the history locations of one path collapse to those of
// the earliest commit (at_head when any copy at that path is still at HEAD). A finding whose every location
// is in history and none at HEAD becomes history-only (Exposure::kHistoryOnly) with a note saying so; a
// finding with a --diff location (any scan) a later commit removed gets the "removed later in this range"
// note. Findings without history locations are left alone.
void FoldHistoryLocations(Finding* finding, bool history_scan);

}  // namespace blastradius

#endif  // BLASTRADIUS_PIPELINE_HISTORY_FOLD_H_
