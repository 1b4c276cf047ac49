// Scan(): the only place that knows the order of the stages; each stage's
// work lives with its owner. Per blob:
//
//   source     ContentSource: a blob and its provenance (UTF-16 as UTF-8)
//   match      CandidateFinder (candidate_finder.h): candidates of the text
//              and its decoded views; rules limited to some paths
//   context    context/: key name, comment, environment (tree or line)
//   generic    context/generic_filter: a fallback's value in its context
//   anchor     a fallback's provider by key name or API host (ProviderIndex)
//   account    the damage model's account of a URL user or key name
//   filters    policy/candidate_filter: added lines, net diff, allow
//              markers, baseline (with their counters)
//   sink       FindingSink (finding_sink.h): kept candidate -> Hit
//
// then, once: merge (MergeHits: one finding per rule and secret, with every
// location), pairs, score, history folding, scrubbing, sort.
//
// Threads: the source calls the visitor from its workers; each worker
// gathers its candidates in thread-local state (no lock on the per-candidate
// work: generic filter, markers, baseline key, fingerprint), and the
// per-thread results are merged once after the walk, sorted, so the output
// is byte for byte the same for any thread count.
#ifndef BLASTRADIUS_PIPELINE_SCAN_H_
#define BLASTRADIUS_PIPELINE_SCAN_H_

#include <atomic>
#include <cstdint>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/status.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/match/rule_set.h"
#include "scanner/source/blob.h"

namespace blastradius {

class Baseline;
class CandidateFinder;
class ProviderIndex;
class LanguageRegistry;

struct ScanOptions {
  bool show_secrets = false;
  // Syntax-aware context (key names, comments, environment); null turns the
  // context layer off (--no-context): generic signatures then rely on their
  // patterns alone.
  const LanguageRegistry* languages = nullptr;
  // Honour blastradius:allow, gitleaks:allow and pragma: allowlist secret.
  bool allow_markers = true;
  // --baseline: candidates whose key it holds are dropped.
  const Baseline* baseline = nullptr;
  // --write-baseline / --baseline-prune: collects the key of every candidate
  // that survives the added-lines and allow-marker checks. Must share the
  // baseline's salt (Baseline::SameSalt) when both are set.
  Baseline* seen = nullptr;
  // Names providers for fallback matches by key name or API host; null
  // turns anchoring off.
  const ProviderIndex* providers = nullptr;
  // How many layers of encoding (base64, percent, escapes) to look through;
  // 0 turns decoding off. Read by the RuleSet overload of Scan (its
  // MatcherFinder); a CandidateFinder given to Scan decodes as it was made.
  int max_decode_depth = 1;
  // Unix time against which a value's own expiry (JWT exp) is judged.
  int64_t now = 0;
  // Key of the published fingerprints (KeyedFingerprint); empty: a random
  // key for this process.
  std::string fingerprint_key;
  // Progress: when set, the number of secret locations found so far
  // (before they are merged into findings) is added here after each blob,
  // for a meter on another thread. Read-only for the scan's results.
  std::atomic<uint64_t>* findings_so_far = nullptr;
  // GitHub's primaryLocationLineHash for every location (Location::
  // line_hash, which only SARIF reports carry). It hashes each blob with a
  // finding up to the finding's line; off, line_hash stays empty.
  bool line_hashes = true;
};

struct ScanResult {
  ScanStats stats;
  std::vector<Finding> findings;        // by blast radius desc, then path, line
  uint64_t suppressed_by_marker = 0;    // locations dropped by an allow marker
  uint64_t suppressed_by_baseline = 0;  // locations dropped by the baseline
};

Status Scan(ContentSource& source, const RuleSet& rules, const ScanOptions& options, Diagnostics& diag,
            ScanResult* result);
// The same with any matching stage (a test's fixed candidates); `finder`
// is shared by every worker thread.
Status Scan(ContentSource& source, const CandidateFinder& finder, const ScanOptions& options,
            Diagnostics& diag, ScanResult* result);

// Deterministic order used by every report.
void SortFindings(std::vector<Finding>* findings);
// A total order on locations (path, position, then provenance): the order
// of a finding's locations, whatever thread found them.
bool LocationBefore(const Location& a, const Location& b);

}  // namespace blastradius

#endif  // BLASTRADIUS_PIPELINE_SCAN_H_
