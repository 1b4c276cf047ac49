// Build-time pattern database: the Vectorscan database of the embedded
// signatures, compiled while building (tools/build_pattern_db) for a generic
// x86-64/arm64 target and linked into the binary, so that the first scan on
// a fresh machine skips the multi-second compile. The blob carries the same
// material the on-disk cache is keyed by (patterns, flags, library version),
// so it is used only when the loaded signatures are exactly the embedded
// ones; anything else (--signatures, disabled rules) falls back to the
// run-time cache. Loading compares the stored patterns, flags and library
// version with the loaded ones byte for byte (no hashing at start-up).
//
// Blob layout (little-endian, as written on the build machine):
//   "BRHSDB2\n"  magic (8 bytes)
//   key          64 hex characters: PrebuiltKey() of the pattern set
//   uint32 n     number of patterns
//   n x uint32   final Vectorscan flags (prefilter bits decided at build time)
//   n x uint32   confirmation windows
//   uint32 len + bytes                 hs_version() of the build
//   n x (uint32 flags, uint32 len + bytes)  requested flags and pattern
//   bytes        hs_serialize_database() output
#ifndef BLASTRADIUS_MATCH_PREBUILT_DB_H_
#define BLASTRADIUS_MATCH_PREBUILT_DB_H_

#include <hs/hs.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scanner/core/status.h"

namespace blastradius {

// The Vectorscan flags every signature pattern is compiled with (before any
// falls back to prefilter mode).
constexpr unsigned kPatternFlags = HS_FLAG_MULTILINE;
// Not a Vectorscan flag (never passed to it): set in a pattern's final flags
// when the database holds a gate derived for it (derived_gate.h) instead of
// the pattern.
constexpr unsigned kDerivedGateFlag = 1u << 31;

// SHA-256 (hex) of the patterns, their requested flags and the library
// version. Independent of the CPU: the prebuilt database targets a generic one.
std::string PrebuiltKey(const std::vector<std::string>& patterns, const std::vector<unsigned>& flags);

// The platform prebuilt databases are compiled for: no optional CPU
// features, generic tuning, so the database loads on any CPU of the
// architecture.
hs_platform_info_t GenericPlatform();

// Serializes `db` with its final flags and windows into the blob layout above.
Status SerializePrebuilt(const std::vector<std::string>& patterns,
                         const std::vector<unsigned>& requested_flags,
                         const std::vector<unsigned>& final_flags, const std::vector<size_t>& windows,
                         const hs_database_t* db, std::string* out);

// The database part of a blob, deserialized on a thread of its own from
// construction on, with a scratch space allocated for it, so that both
// overlap other start-up work (loading the signatures); the key is not
// checked here. Take() waits for them and hands the database over (caller
// frees; nullptr when the blob does not load, or after a first Take());
// TakeScratch() then hands over the scratch (nullptr before Take() took a
// database). The destructor waits and frees what nobody took. One thread
// uses an instance; the blob must outlive it.
class PrebuiltPrefetch {
 public:
  explicit PrebuiltPrefetch(std::string_view blob);
  ~PrebuiltPrefetch();
  PrebuiltPrefetch(const PrebuiltPrefetch&) = delete;
  PrebuiltPrefetch& operator=(const PrebuiltPrefetch&) = delete;

  std::string_view blob() const { return blob_; }
  hs_database_t* Take();
  hs_scratch_t* TakeScratch();

 private:
  void Wait();
  std::string_view blob_;
  // Written by thread_ until Wait() joins it.
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
  bool taken_ = false;
  std::thread thread_;
};

// Loads `blob` when its key matches `patterns` with `*flags` (the requested
// flags). On success replaces *flags and *windows with the stored ones and
// sets *db (caller frees). Returns false, leaving everything untouched, when
// the blob is empty, malformed, for other patterns, or the library refuses it
// (other version or platform). With a `prefetch` of this same blob, its
// database is taken instead of deserializing the blob again.
bool LoadPrebuilt(std::string_view blob, const std::vector<std::string>& patterns,
                  std::vector<unsigned>* flags, std::vector<size_t>* windows, hs_database_t** db,
                  PrebuiltPrefetch* prefetch = nullptr);

// A negative test that needs no signatures (the agent hook's fast path on an
// ordinary file): deserializes `blob` without checking its key, which holds
// for the blob built from the embedded signatures this binary carries, and
// sets *any when some pattern has a Vectorscan event in some text. Events
// are a superset of findings (prefilter patterns, no confirmation), so
// *any == false means no signature matches these texts. Errors (an empty or
// malformed blob, a library failure) return a non-ok status: the caller must
// then take the full path.
Status AnyPrebuiltEvent(std::string_view blob, const std::vector<std::string_view>& texts, bool* any);

// The key stored in `blob` ("" when it is not a prebuilt blob).
std::string PrebuiltBlobKey(std::string_view blob);

// The database linked into this binary (empty when built without one).
std::string_view EmbeddedPatternDatabase();

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_PREBUILT_DB_H_
