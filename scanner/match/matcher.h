// Matcher: finds credential candidates in one blob.
//
//   1. one Vectorscan pass reports (rule, end offset) events;
//   2. events are walked backwards per rule; RE2 confirms each inside a
//      bounded window ending at the event and extracts the secret; events
//      inside an already confirmed span are skipped;
//   3. validators drop placeholders, low-entropy values, failed decodes and
//      unmet keywords; a failed checksum lowers confidence to low;
//   4. overlapping candidates of different rules are resolved: non-generic
//      beats generic, then the longer whole match (more context), then the
//      higher base blast radius, then the smaller id.
//
// A RuleSet is shared read-only; each thread owns a MatchScratch.
#ifndef BLASTRADIUS_MATCH_MATCHER_H_
#define BLASTRADIUS_MATCH_MATCHER_H_

#include <hs/hs.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/span.h"
#include "scanner/core/status.h"
#include "scanner/match/rule_set.h"

namespace blastradius {

struct RawMatch {
  uint32_t rule = 0;  // index into RuleSet::rules()
  Span whole;         // the full pattern match
  Span secret;        // the capture group
  friend bool operator==(const RawMatch&, const RawMatch&) = default;
};

struct Candidate {
  uint32_t rule = 0;
  Span whole;
  Span secret;
  Confidence confidence = Confidence::kHigh;
  std::map<std::string, std::string> facts;  // decoded facts
  // Set when the candidate was found in a decoded view of the blob: the
  // secret and whole match as decoded text. `secret` and `whole` then give
  // the encoded text's range in the blob.
  std::string decoded_secret;
  std::string decoded_whole;
  // Set when the matcher kept the value for what it decodes to (a
  // Kubernetes Secret entry holding a stock password, user:password): the
  // generic filter's shape tests, made for values read as they stand
  // (Dotted:Words looks like prose), do not apply to it.
  bool kept_for_decoded_value = false;
};

// An exact (non-prefilter) Vectorscan event that RE2 did not confirm: the two
// engines disagree about the pattern, so a credential may be missed. Never
// expected; counted and reported rather than skipped silently.
struct EngineDisagreement {
  uint32_t rule = 0;  // index into RuleSet::rules()
  uint64_t end = 0;   // Vectorscan's end offset in the scanned text
};

// Per-thread state. Not copyable; create one per worker.
class MatchScratch {
 public:
  explicit MatchScratch(const RuleSet& rules);
  ~MatchScratch();
  MatchScratch(const MatchScratch&) = delete;
  MatchScratch& operator=(const MatchScratch&) = delete;

  // Not OK when Vectorscan could not allocate the scratch space; every scan
  // with this scratch then returns this status.
  const Status& status() const { return status_; }
  // Disagreements found by scans with this scratch since the last call.
  std::vector<EngineDisagreement> TakeDisagreements() { return std::move(disagreements_); }

 private:
  friend class Matcher;
  hs_scratch_t* scratch_ = nullptr;
  Status status_;
  std::vector<std::pair<uint32_t, uint64_t>> events_;  // (rule, end offset)
  std::vector<EngineDisagreement> disagreements_;
};

class Matcher {
 public:
  // Upper bound of Vectorscan events kept per blob; beyond it the scan of
  // that blob stops and Scan returns a Status saying so.
  static constexpr size_t kMaxEvents = 1 << 20;

  // `rules` must outlive this Matcher.
  explicit Matcher(const RuleSet& rules) : rules_(rules) {}

  // Confirmed raw matches, sorted by (secret.begin, rule). No validators.
  // `path` is the blob's: a path-limited rule (CompiledRule::path_searched)
  // is searched only when it applies to it. Without a path, every
  // path-limited rule is searched, as if it applied (tests, the reference).
  Status FindRaw(std::string_view data, MatchScratch& scratch, std::vector<RawMatch>* out,
                 std::optional<std::string_view> path = std::nullopt) const;

  // Validated, overlap-resolved candidates sorted by secret offset. The
  // status is non-OK only when the blob was not scanned completely; the
  // candidates found so far are still returned. `path` as for FindRaw.
  Status Scan(std::string_view data, MatchScratch& scratch, std::vector<Candidate>* out,
              std::optional<std::string_view> path = std::nullopt) const;

  // Applies validators to raw matches (step 3 and 4 above).
  void Validate(std::string_view data, const std::vector<RawMatch>& raw, std::vector<Candidate>* out) const;

 private:
  const RuleSet& rules_;
};

// Slow reference for tests: every rule's forward RE2 over the whole blob,
// leftmost-first, non-overlapping (path-limited rules included, as FindRaw
// without a path; the Kubernetes Secret entry rule only in blobs that may
// hold a Secret, MayHoldK8sSecret, as in FindRaw). Same output order as
// FindRaw.
std::vector<RawMatch> FindRawReference(const RuleSet& rules, std::string_view data);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_MATCHER_H_
