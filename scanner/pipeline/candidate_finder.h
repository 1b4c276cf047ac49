// CandidateFinder: the matching stage as Scan() sees it. Scan() asks it for
// one blob's candidates (in the blob's own text and in its decoded views)
// and reads the rules they name through it; it never touches the matcher or
// its Vectorscan database itself. MatcherFinder is the real one; a test can
// hand Scan() a finder that returns fixed candidates, with a rule table
// built from a SignatureDb alone (CompiledRule needs no Vectorscan).
#ifndef BLASTRADIUS_PIPELINE_CANDIDATE_FINDER_H_
#define BLASTRADIUS_PIPELINE_CANDIDATE_FINDER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>
#include <vector>

#include "scanner/core/status.h"
#include "scanner/match/matcher.h"
#include "scanner/match/rule_set.h"

namespace blastradius {

class DamageModel;

// One worker's matching state (the matcher's scratch space). Created once
// per thread by CandidateFinder::NewScratch.
class FinderScratch {
 public:
  virtual ~FinderScratch() = default;
  // Not OK when the state could not be allocated: Scan() then stops before
  // visiting any blob.
  virtual const Status& status() const = 0;
};

// A pattern the matching engines disagree about (EngineDisagreement), and
// whether it was seen in a decoded view of the blob.
struct FinderDisagreement {
  uint32_t rule = 0;  // index into CandidateFinder::rules()
  uint64_t end = 0;
  bool decoded_view = false;
};

class CandidateFinder {
 public:
  virtual ~CandidateFinder() = default;
  // The rules a candidate's `rule` indexes (RuleSet::rules() order), and
  // the damage model of the signatures they were compiled from.
  virtual const std::deque<CompiledRule>& rules() const = 0;
  virtual const DamageModel& damage_model() const = 0;
  virtual std::unique_ptr<FinderScratch> NewScratch() const = 0;
  // Appends the candidates of `data`, the blob at `path`, to *out, sorted
  // by secret offset, and the engine disagreements met to *disagreements
  // (those of the blob's text first). Rules limited to other paths may be
  // left out (Signature::paths). The status is non-OK when the blob was not
  // matched completely; what was found is still returned.
  virtual Status Find(std::string_view data, std::string_view path, FinderScratch& scratch,
                      std::vector<Candidate>* out, std::vector<FinderDisagreement>* disagreements) const = 0;
};

// The real finder: Matcher::Scan over the blob; then, up to
// `max_decode_depth` layers, values encoded where they stand (DecodeInPlace)
// and candidates found only in decoded views (base64, percent, escapes),
// mapped back to the blob's text. 0 turns decoding off.
class MatcherFinder final : public CandidateFinder {
 public:
  // `rules` must outlive the finder.
  MatcherFinder(const RuleSet& rules, int max_decode_depth);
  const std::deque<CompiledRule>& rules() const override { return rules_.rules(); }
  const DamageModel& damage_model() const override;
  std::unique_ptr<FinderScratch> NewScratch() const override;
  Status Find(std::string_view data, std::string_view path, FinderScratch& scratch,
              std::vector<Candidate>* out, std::vector<FinderDisagreement>* disagreements) const override;

 private:
  const RuleSet& rules_;
  Matcher matcher_;
  int max_decode_depth_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_PIPELINE_CANDIDATE_FINDER_H_
