// Pairs: credentials made of an identifier and a secret (AWS access key id +
// secret access key, Twilio Account SID + auth token). An identifier found in
// a file that also holds one of its companion secrets is folded into the
// secret's finding there; where it sits alone it keeps its own finding (with
// only those locations), which the scorer caps at low ("secret not found in
// the scanned files").
#ifndef BLASTRADIUS_SCORE_PAIRS_H_
#define BLASTRADIUS_SCORE_PAIRS_H_

#include <vector>

#include "scanner/core/finding.h"

namespace blastradius {

// Folds paired identifiers into their secrets' findings. The surviving
// finding gets facts["paired"] = the identifier's rule id and
// facts["paired_note"], the note (identifier name, redacted value, where it
// sits) the scorer adds to the finding's notes. Runs before scoring; order of `findings` is not kept.
void MergePairs(std::vector<Finding>* findings);

}  // namespace blastradius

#endif  // BLASTRADIUS_SCORE_PAIRS_H_
