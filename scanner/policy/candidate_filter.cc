// The candidate filters and their chain (see candidate_filter.h).
#include "scanner/policy/candidate_filter.h"

#include "scanner/git/added_lines.h"
#include "scanner/policy/allow_markers.h"
#include "scanner/policy/baseline.h"

namespace blastradius {
namespace {

// scan --staged / --diff: only what the change added. A secret spanning
// lines is kept when any of them was added.
bool KeepAddedLines(const FilterPolicy&, const FilterBlob& blob, const FilterCandidate& c, FilterTally*) {
  if (!blob.added_lines) return true;
  uint32_t first = c.line, last = c.end_line, column = 0;
  if (blob.lf_lines) {
    blob.lf_lines->Position(c.span.begin, &first, &column);
    blob.lf_lines->Position(c.span.end, &last, &column);
  }
  return blob.added_lines->Intersects(first, last);
}

// scan --diff, one commit of the range: what the range still has at its end
// is the net diff's to report.
bool KeepNetDiff(const FilterPolicy&, const FilterBlob& blob, const FilterCandidate& c, FilterTally*) {
  return !blob.head_text ||
         blob.head_text->find(blob.data.substr(c.span.begin, c.span.size())) == std::string::npos;
}

bool KeepAllowMarker(const FilterPolicy&, const FilterBlob& blob, const FilterCandidate& c, FilterTally*) {
  if (blob.marker_line != c.line) {  // 0: nothing asked yet (lines are 1-based)
    blob.marker_line = c.line;
    blob.marker_allows = IsAllowedByMarker(blob.lines, c.line);
  }
  return !blob.marker_allows;
}

// The key is made with the salt of `seen` when recording (it shares the
// baseline's, see ScanOptions::seen), else the baseline's.
bool KeepBaseline(const FilterPolicy& policy, const FilterBlob&, const FilterCandidate& c,
                  FilterTally* tally) {
  std::string key = BaselineKey(policy.seen ? *policy.seen : *policy.baseline, c.rule_id, c.secret);
  bool held = policy.baseline && policy.baseline->Contains(key);
  if (policy.seen) tally->seen_keys.push_back(std::move(key));
  return !held;
}

constexpr CandidateFilter kAddedLines{"added-lines", Suppression::kNone, KeepAddedLines};
constexpr CandidateFilter kNetDiff{"net-diff", Suppression::kNone, KeepNetDiff};
constexpr CandidateFilter kAllowMarker{"allow-marker", Suppression::kByMarker, KeepAllowMarker};
constexpr CandidateFilter kBaseline{"baseline", Suppression::kByBaseline, KeepBaseline};

}  // namespace

FilterBlob::FilterBlob(std::string_view text, const LineIndex& line_index, const AddedLines* added,
                       const std::string* head)
    : data(text), lines(line_index), added_lines(added), head_text(head) {
  if (added_lines && data.find('\r') != std::string_view::npos)
    lf_lines.emplace(data, LineIndex::Breaks::kLineFeed);
}

void FilterTally::Count(Suppression s) {
  if (s == Suppression::kByMarker) ++by_marker;
  if (s == Suppression::kByBaseline) ++by_baseline;
}

CandidateFilterChain::CandidateFilterChain(const FilterPolicy& policy) : policy_(policy) {
  filters_ = {&kAddedLines, &kNetDiff};
  if (policy_.allow_markers) filters_.push_back(&kAllowMarker);
  if (policy_.baseline || policy_.seen) filters_.push_back(&kBaseline);
}

const CandidateFilter* CandidateFilterChain::Drop(const FilterBlob& blob, const FilterCandidate& c,
                                                  FilterTally* tally) const {
  for (const CandidateFilter* f : filters_) {
    if (!f->keep(policy_, blob, c, tally)) {
      tally->Count(f->counter);
      return f;
    }
  }
  return nullptr;
}

}  // namespace blastradius
