// RuleSet: the compiled, immutable form of a SignatureDb, shared read-only by
// every scanning thread.
//
//   * one Vectorscan block-mode database holding every signature pattern;
//     it reports (signature index, end offset) events in a single pass;
//   * one RE2 per signature, anchored at the end ("(?:pattern)\z"), that
//     confirms an event inside a bounded window ending at that offset and
//     extracts the secret capture group.
//
// Patterns Vectorscan cannot compile exactly are added in prefilter mode and
// confirmed by a forward RE2 search of the whole blob instead. Signatures
// limited to some paths are not in the database at all (path_searched). A
// signature with a `gate` (a part every match contains) puts the gate in the
// database instead of its pattern; the pattern is searched forward (RE2)
// only in the windows around the gate's hits, which hold every match (its
// width is bounded, see kMaxGatedWidth).
// The serialized Vectorscan database is cached on disk, keyed by a hash of
// the patterns, the library version and the CPU platform.
#ifndef BLASTRADIUS_MATCH_RULE_SET_H_
#define BLASTRADIUS_MATCH_RULE_SET_H_

#include <hs/hs.h>
#include <re2/re2.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/status.h"
#include "scanner/sig/signature_db.h"

namespace blastradius {

// One signature's compiled form. Each RE2 program is built on its first use
// (std::call_once: thread-safe, then immutable): a pre-commit run touching
// two files needs a handful of the 1,000+ programs, and building all of them
// costs seconds. An exact rule needs only end_anchored(); forward() serves
// prefilter rules and the slow reference; a rule without `paths` never
// builds a path program.
class CompiledRule {
 public:
  explicit CompiledRule(const Signature* sig) : signature(sig) {}
  CompiledRule(const CompiledRule&) = delete;
  CompiledRule& operator=(const CompiledRule&) = delete;

  // (?m)(?:pattern)\z, for the windowed confirmation of an event.
  const RE2& end_anchored() const;
  // (?m)pattern, for prefilter rules and the slow reference.
  const RE2& forward() const;
  // The same program as forward(), for finding where a match is once
  // forward() has said there is one: compiled with the smallest memory
  // budget it compiles under (doubling from 16 KB), so that RE2 has no room
  // for its lazy DFA and runs its NFA (or BitState) directly. For a wide
  // pattern (counted repetitions), the DFA that finds a match's bounds
  // builds new states at almost every byte of each match, which costs ten
  // times the NFA; deciding *whether* a window matches stops at the
  // earliest match and stays cheap in the DFA. Same pattern and options
  // but the budget, so the same matches: RE2's engines agree by contract.
  // forward() itself when no budget below Re2Options()'s compiles it.
  const RE2& capture() const;
  // Whether the signature applies to a file at `path` (its `paths`, if any).
  bool AppliesToPath(std::string_view path) const;
  // Gated, and the pattern cannot match a line feed (CannotMatchLineFeed):
  // every match lies on the line of one of its gate's hits. Worked out on
  // first use (std::call_once), like the programs: reading every gated
  // pattern's syntax at start-up cost a small file's scan a fifteenth of its
  // instructions.
  bool line_local() const;

  const Signature* signature = nullptr;
  size_t window = 0;           // bytes looked back from an event's end; for a
                               // gated rule, the pattern's maximum width
  bool prefilter = false;      // Vectorscan ran the pattern in prefilter mode
  bool gated = false;          // Vectorscan ran the signature's gate (events are
                               // the gate's hits, not matches)
  bool path_searched = false;  // limited to some paths (Signature::paths)
                               // and left out of the database: the matcher
                               // searches it (RE2, whole blob) only in blobs
                               // whose path it applies to. A path-limited
                               // pattern (a bare 32-hex line) need not have
                               // a literal, and in the database it would run
                               // over every byte of every file.
  unsigned final_flags = 0;    // what the database was compiled with for it:
                               // Vectorscan flags, plus kDerivedGateFlag

 private:
  mutable std::once_flag end_anchored_once_, forward_once_, capture_once_, paths_once_, line_local_once_;
  mutable bool line_local_ = false;
  mutable std::unique_ptr<RE2> end_anchored_;
  mutable std::unique_ptr<RE2> forward_;
  mutable std::unique_ptr<RE2> capture_;  // null: capture() is forward()
  mutable std::unique_ptr<RE2> paths_;    // built only for a rule with `paths`
};

// The widest pattern a gate may stand for: each gate hit costs an RE2 search
// of twice this many bytes at most.
constexpr size_t kMaxGatedWidth = 4096;

// The options every signature pattern is compiled with in RE2: Latin-1
// (bytes, as Vectorscan sees them), no logging, 64 MB per program.
RE2::Options Re2Options();

// What the pattern cache and the build-time database key a signature's
// entry by: its pattern, its gate when it has one, and whether it is
// limited to some paths (then it is not in the database).
std::string PatternKey(const Signature& sig);
// The expression Vectorscan compiles for it: the gate, else the pattern,
// in Vectorscan's spelling of RE2's meaning (VectorscanExpression).
std::string VectorscanPattern(const Signature& sig);

class PrebuiltPrefetch;  // prebuilt_db.h

struct RuleSetOptions {
  std::string cache_dir;                          // empty: no on-disk cache
  std::string_view prebuilt;                      // build-time database (prebuilt_db.h); empty: none
  PrebuiltPrefetch* prebuilt_prefetch = nullptr;  // optional: `prebuilt` already deserializing
  const hs_platform_info_t* platform = nullptr;   // compile target; nullptr: this CPU
};

class RuleSet {
 public:
  // Compiles every signature of `db`, which must be finished (immutable,
  // see SignatureDb) and outlive the RuleSet. All pattern errors are
  // reported together, naming file and signature id.
  static Status Compile(const SignatureDb& db, const RuleSetOptions& options, std::unique_ptr<RuleSet>* out);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  const std::deque<CompiledRule>& rules() const { return rules_; }
  // Indexes (into rules()) of the path_searched rules, in order.
  const std::vector<uint32_t>& path_searched_rules() const { return path_searched_rules_; }
  const hs_database_t* database() const { return database_; }
  // A scratch space for database() that is never scanned with, only cloned
  // (MatchScratch): cloning skips the database check (a checksum of the
  // whole database) that each hs_alloc_scratch() makes. nullptr when it
  // could not be allocated. Read-only: any thread may clone it.
  const hs_scratch_t* prototype_scratch() const { return prototype_scratch_; }
  const SignatureDb& db() const { return *db_; }
  bool loaded_from_cache() const { return loaded_from_cache_; }
  bool loaded_prebuilt() const { return loaded_prebuilt_; }

 private:
  RuleSet() = default;
  const SignatureDb* db_ = nullptr;
  std::deque<CompiledRule> rules_;  // deque: elements never move
  std::vector<uint32_t> path_searched_rules_;
  hs_database_t* database_ = nullptr;
  hs_scratch_t* prototype_scratch_ = nullptr;
  bool loaded_from_cache_ = false;
  bool loaded_prebuilt_ = false;
};

// Reads one on-disk cache entry (a file's bytes; layout in rule_set.cc) for
// a pattern set of flags->size() patterns. On success replaces *flags and
// *windows with the stored ones and sets *db (caller frees); false, leaving
// them untouched, when the entry is malformed, fails its checksum or the
// library refuses it. Exposed for the fuzz target.
bool ParsePatternCacheEntry(std::string_view bytes, std::vector<unsigned>* flags,
                            std::vector<size_t>* windows, hs_database_t** db);

// Default cache directory: $BLASTRADIUS_CACHE_DIR, else $XDG_CACHE_HOME/blastradius,
// else ~/.cache/blastradius.
std::string DefaultCacheDir();

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_RULE_SET_H_
