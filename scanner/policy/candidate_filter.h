// CandidateFilterChain: the policy's say over each confirmed candidate, as
// an ordered list of small filters, each with one job:
//
//   added-lines   scan --staged / --diff: the secret touches no added line
//   net-diff      scan --diff, one commit of the range: the range's last
//                 version still holds it (the net diff reports it)
//   allow-marker  an allow marker accepts it            (counts by_marker)
//   baseline      the baseline holds its key            (counts by_baseline);
//                 with a `seen` baseline, also records the key of every
//                 candidate that reaches it
//
// The first filter that drops a candidate decides; later ones never see it
// (a candidate an allow marker accepts is not recorded in `seen`). A filter
// reads only what it is given: the blob's text, line index and provenance
// (FilterBlob) and one candidate's location, rule id and secret
// (FilterCandidate); per-worker counts go to a FilterTally, so the chain is
// shared read-only by every thread.
#ifndef BLASTRADIUS_POLICY_CANDIDATE_FILTER_H_
#define BLASTRADIUS_POLICY_CANDIDATE_FILTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/line_index.h"
#include "scanner/core/span.h"

namespace blastradius {

class AddedLines;
class Baseline;

// What the filters read of one blob. `data` and `lines` must outlive it.
// Not thread-safe (it memoises per line): one per blob and thread.
struct FilterBlob {
  FilterBlob(std::string_view text, const LineIndex& line_index, const AddedLines* added,
             const std::string* head);
  std::string_view data;
  const LineIndex& lines;  // the reported lines (LF, CRLF or a lone CR)
  // Diff sources: the lines the change added (null: every line counts).
  const AddedLines* added_lines = nullptr;
  // scan --diff, commit by commit: the range's last version of this path.
  const std::string* head_text = nullptr;
  // Diff hunks number lines by LF only: set when the blob has added lines
  // and a CR, where the two numberings can differ.
  std::optional<LineIndex> lf_lines;
  // The allow-marker answer for the last line asked about: a line holding
  // thousands of candidates is searched for a marker once, not once each.
  mutable uint32_t marker_line = 0;
  mutable bool marker_allows = false;
};

// One candidate as the filters see it.
struct FilterCandidate {
  Span span;                 // the secret's text in FilterBlob::data (encoded form)
  uint32_t line = 0;         // reported line of span.begin
  uint32_t end_line = 0;     // reported line of span.end
  std::string_view rule_id;  // the card it is reported under (after anchoring)
  std::string_view secret;   // the credential (decoded form when it was encoded)
};

// The counter a filter's drop increments.
enum class Suppression { kNone, kByMarker, kByBaseline };

// One worker's counts and recorded keys; summed after the walk.
struct FilterTally {
  uint64_t by_marker = 0;
  uint64_t by_baseline = 0;
  std::vector<std::string> seen_keys;  // FilterPolicy::seen, in the order met
  void Count(Suppression s);
};

// Which filters a scan runs (from ScanOptions).
struct FilterPolicy {
  bool allow_markers = true;
  const Baseline* baseline = nullptr;  // drop candidates whose key it holds
  Baseline* seen = nullptr;            // record keys (shares baseline's salt)
};

struct CandidateFilter {
  const char* name;     // "added-lines", "net-diff", "allow-marker", "baseline"
  Suppression counter;  // what a drop by this filter counts as
  // True to keep the candidate. May record into the tally (seen keys), never
  // count: the chain counts drops.
  bool (*keep)(const FilterPolicy& policy, const FilterBlob& blob, const FilterCandidate& c,
               FilterTally* tally);
};

class CandidateFilterChain {
 public:
  // The filters `policy` turns on, in the order above. The policy's
  // baselines must outlive the chain.
  explicit CandidateFilterChain(const FilterPolicy& policy);

  // Null when every filter keeps `c`; else the filter that dropped it, whose
  // counter has been incremented in *tally.
  const CandidateFilter* Drop(const FilterBlob& blob, const FilterCandidate& c, FilterTally* tally) const;

  const std::vector<const CandidateFilter*>& filters() const { return filters_; }

 private:
  FilterPolicy policy_;
  std::vector<const CandidateFilter*> filters_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_POLICY_CANDIDATE_FILTER_H_
