// FindingSink: where kept candidates become findings. Each worker owns one
// sink; a kept candidate becomes a Hit there (fingerprint, secret digest,
// location with the blob's provenance, GitHub line hash), and every
// confirmed secret, kept or suppressed, joins the sink's redaction set.
// After the walk, MergeHits turns every worker's hits into one finding per
// (rule, secret), in an order that does not depend on the threads.
#ifndef BLASTRADIUS_PIPELINE_FINDING_SINK_H_
#define BLASTRADIUS_PIPELINE_FINDING_SINK_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/context/context.h"
#include "scanner/core/finding.h"
#include "scanner/core/line_index.h"
#include "scanner/match/matcher.h"
#include "scanner/source/blob.h"

namespace blastradius {

// One kept candidate of one worker, before the merge.
struct Hit {
  std::string fp;      // Fingerprint(rule id, secret): internal, unkeyed
  std::string digest;  // Fingerprint("", secret): the same secret under any rule
  const RuleCard* card = nullptr;
  std::string secret;
  Confidence confidence = Confidence::kHigh;
  std::map<std::string, std::string> facts;
  std::vector<Location> locations;  // one, or one per history origin
};

// The sink's view of the blob being visited: its provenance, and its line
// hashes, computed on first use up to the last candidate's line. `blob`,
// `lines` and `candidates` must outlive it.
class SinkBlob {
 public:
  // `line_hashes` false: LineHash is always "" (nothing is hashed).
  SinkBlob(const Blob& blob, const LineIndex& lines, const std::vector<Candidate>& candidates,
           bool line_hashes = true)
      : blob_(blob), lines_(lines), candidates_(candidates), line_hashes_wanted_(line_hashes) {}
  const Blob& blob() const { return blob_; }
  // GitHub's primary-location line hash of the 1-based line ("" past the end).
  std::string LineHash(uint32_t line);

 private:
  const Blob& blob_;
  const LineIndex& lines_;
  const std::vector<Candidate>& candidates_;
  bool line_hashes_wanted_;
  std::vector<std::string> line_hashes_;
};

class FindingSink {
 public:
  // With `show_secrets` no redaction set is kept (nothing is scrubbed).
  explicit FindingSink(bool show_secrets = false) : show_secrets_(show_secrets) {}

  // A confirmed secret, whatever the filters then decide: scrubbed from the
  // report's other fields. `encoded` is its text in the blob when the
  // secret was decoded from it ("" otherwise): just as sensitive.
  void Confirmed(std::string_view secret, std::string_view encoded);
  // A kept candidate: `loc` holds its position (line, columns); the sink
  // adds the blob's provenance (path, root, exposure, commit, blob, one
  // location per history origin), key name, environment and line hash.
  void Emit(SinkBlob& blob, const RuleCard& card, std::string_view secret, Candidate&& c, const Context& ctx,
            Location loc);

  // Hits emitted since the last call (a progress meter's increment).
  uint64_t TakeNewHits();

  std::vector<Hit>& hits() { return hits_; }
  std::set<std::string>& secrets() { return secrets_; }

 private:
  bool show_secrets_;
  std::vector<Hit> hits_;
  std::set<std::string> secrets_;  // to scrub from the report's other fields
  size_t hits_reported_ = 0;
};

// One finding per (rule, secret) from every worker's hits: hits are sorted
// (fingerprint, then locations) so that the first one of each finding gives
// its per-finding fields; its published fingerprint is keyed with
// `fingerprint_key` (empty: a random key for this process). A secret that a
// format-specific rule matched somewhere and only a fallback elsewhere is one
// finding (the most damaging specific one holds every location). Findings
// come in fingerprint order, unscored.
std::vector<Finding> MergeHits(std::vector<Hit> hits, const std::string& fingerprint_key, bool show_secrets);

}  // namespace blastradius

#endif  // BLASTRADIUS_PIPELINE_FINDING_SINK_H_
