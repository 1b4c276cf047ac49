#include "scanner/match/prebuilt_db.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>

#include "scanner/core/secret_hash.h"
#include "scanner/match/derived_gate.h"
#include "scanner/match/vectorscan_syntax.h"

namespace blastradius {
namespace {

constexpr std::string_view kMagic = "BRHSDB2\n";
constexpr size_t kKeyLen = 64;

void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), sizeof(v)); }

void PutString(std::string* out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

// A blob's parts, pointing into it (layout in prebuilt_db.h).
struct BlobView {
  uint32_t n = 0;
  std::string_view final_flags;  // n x uint32
  std::string_view windows;      // n x uint32
  std::string_view version;
  std::string_view patterns;  // n x (uint32 flags, uint32 len + bytes)
  std::string_view database;
};

uint32_t U32At(std::string_view bytes, size_t at) {
  uint32_t v;
  std::memcpy(&v, bytes.data() + at, sizeof(v));
  return v;
}

// Splits `blob`; false when it is not a whole blob of this layout.
bool Split(std::string_view blob, BlobView* v) {
  size_t at = kMagic.size() + kKeyLen;
  if (blob.size() < at + sizeof(uint32_t) || blob.substr(0, kMagic.size()) != kMagic) return false;
  v->n = U32At(blob, at);
  at += sizeof(uint32_t);
  const size_t table = size_t{v->n} * sizeof(uint32_t);
  if (blob.size() - at < 2 * table + sizeof(uint32_t)) return false;
  v->final_flags = blob.substr(at, table);
  v->windows = blob.substr(at + table, table);
  at += 2 * table;
  const uint32_t vlen = U32At(blob, at);
  at += sizeof(uint32_t);
  if (blob.size() - at < vlen) return false;
  v->version = blob.substr(at, vlen);
  at += vlen;
  const size_t patterns_at = at;
  for (uint32_t i = 0; i < v->n; ++i) {
    if (blob.size() - at < 2 * sizeof(uint32_t)) return false;
    const uint32_t len = U32At(blob, at + sizeof(uint32_t));
    at += 2 * sizeof(uint32_t);
    if (blob.size() - at < len) return false;
    at += len;
  }
  v->patterns = blob.substr(patterns_at, at - patterns_at);
  v->database = blob.substr(at);
  return !v->database.empty();
}

}  // namespace

std::string PrebuiltKey(const std::vector<std::string>& patterns, const std::vector<unsigned>& flags) {
  std::string material = std::string("prebuilt-hsdb/v1\0", 17) + kGateDerivationVersion +
                         kVectorscanSyntaxVersion + hs_version();
  material.push_back('\0');
  for (size_t i = 0; i < patterns.size(); ++i) {
    material += std::to_string(flags[i]) + ":" + patterns[i];
    material.push_back('\0');
  }
  return Sha256Hex(material);
}

hs_platform_info_t GenericPlatform() {
  hs_platform_info_t p;
  std::memset(&p, 0, sizeof(p));
  p.tune = HS_TUNE_FAMILY_GENERIC;
  p.cpu_features = 0;
  return p;
}

Status SerializePrebuilt(const std::vector<std::string>& patterns,
                         const std::vector<unsigned>& requested_flags,
                         const std::vector<unsigned>& final_flags, const std::vector<size_t>& windows,
                         const hs_database_t* db, std::string* out) {
  if (patterns.size() != requested_flags.size() || patterns.size() != final_flags.size() ||
      patterns.size() != windows.size())
    return Status::InvalidArgument("prebuilt database: inconsistent pattern tables");
  char* bytes = nullptr;
  size_t len = 0;
  if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
    return Status::Internal("prebuilt database: hs_serialize_database failed");
  std::string blob(kMagic);
  blob += PrebuiltKey(patterns, requested_flags);
  PutU32(&blob, static_cast<uint32_t>(patterns.size()));
  for (unsigned f : final_flags) PutU32(&blob, f);
  for (size_t w : windows) PutU32(&blob, static_cast<uint32_t>(w));
  PutString(&blob, hs_version());
  for (size_t i = 0; i < patterns.size(); ++i) {
    PutU32(&blob, requested_flags[i]);
    PutString(&blob, patterns[i]);
  }
  blob.append(bytes, len);
  std::free(bytes);
  *out = std::move(blob);
  return Status::Ok();
}

std::string PrebuiltBlobKey(std::string_view blob) {
  if (blob.size() < kMagic.size() + kKeyLen || blob.substr(0, kMagic.size()) != kMagic) return "";
  return std::string(blob.substr(kMagic.size(), kKeyLen));
}

PrebuiltPrefetch::PrebuiltPrefetch(std::string_view blob) : blob_(blob) {
  BlobView v;
  if (!Split(blob_, &v)) return;
  auto deserialize = [this, database = v.database] {
    if (hs_deserialize_database(database.data(), database.size(), &db_) != HS_SUCCESS) {
      db_ = nullptr;
    } else if (hs_alloc_scratch(db_, &scratch_) != HS_SUCCESS) {
      scratch_ = nullptr;
    }
  };
  try {
    thread_ = std::thread(deserialize);
  } catch (const std::system_error&) {
    deserialize();  // no thread to spare (a process limit): here, now
  }
}

PrebuiltPrefetch::~PrebuiltPrefetch() {
  Wait();
  if (scratch_) hs_free_scratch(scratch_);
  if (db_) hs_free_database(db_);
}

void PrebuiltPrefetch::Wait() {
  if (thread_.joinable()) thread_.join();
}

hs_database_t* PrebuiltPrefetch::Take() {
  Wait();
  taken_ = taken_ || db_ != nullptr;
  return std::exchange(db_, nullptr);
}

hs_scratch_t* PrebuiltPrefetch::TakeScratch() {
  Wait();
  return taken_ ? std::exchange(scratch_, nullptr) : nullptr;
}

bool LoadPrebuilt(std::string_view blob, const std::vector<std::string>& patterns,
                  std::vector<unsigned>* flags, std::vector<size_t>* windows, hs_database_t** db,
                  PrebuiltPrefetch* prefetch) {
  BlobView v;
  if (!Split(blob, &v) || v.n != patterns.size() || flags->size() != patterns.size()) return false;
  // The key's material, compared as it is: same library version, same
  // requested flags and patterns in the same order.
  if (v.version != hs_version()) return false;
  size_t at = 0;
  for (uint32_t i = 0; i < v.n; ++i) {
    const uint32_t len = U32At(v.patterns, at + sizeof(uint32_t));
    if (U32At(v.patterns, at) != (*flags)[i] ||
        v.patterns.substr(at + 2 * sizeof(uint32_t), len) != patterns[i])
      return false;
    at += 2 * sizeof(uint32_t) + len;
  }
  const bool prefetched =
      prefetch && prefetch->blob().data() == blob.data() && prefetch->blob().size() == blob.size();
  hs_database_t* loaded = prefetched ? prefetch->Take() : nullptr;
  if (!loaded && hs_deserialize_database(v.database.data(), v.database.size(), &loaded) != HS_SUCCESS)
    return false;
  std::vector<unsigned> stored_flags(v.n);
  std::vector<size_t> stored_windows(v.n);
  for (uint32_t i = 0; i < v.n; ++i) {
    stored_flags[i] = U32At(v.final_flags, i * sizeof(uint32_t));
    stored_windows[i] = U32At(v.windows, i * sizeof(uint32_t));
  }
  *flags = std::move(stored_flags);
  *windows = std::move(stored_windows);
  *db = loaded;
  return true;
}

Status AnyPrebuiltEvent(std::string_view blob, const std::vector<std::string_view>& texts, bool* any) {
  *any = false;
  if (blob.size() < kMagic.size() || blob.substr(0, kMagic.size()) != kMagic)
    return Status::Internal("no build-time pattern database");
  BlobView v;
  if (!Split(blob, &v)) return Status::Corrupt("build-time pattern database is truncated");
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(v.database.data(), v.database.size(), &db) != HS_SUCCESS)
    return Status::Internal("build-time pattern database does not load");
  std::unique_ptr<hs_database_t, decltype(&hs_free_database)> owned_db(db, &hs_free_database);
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return Status::Internal("hs_alloc_scratch failed");
  std::unique_ptr<hs_scratch_t, decltype(&hs_free_scratch)> owned_scratch(scratch, &hs_free_scratch);
  auto on_event = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
    *static_cast<bool*>(ctx) = true;
    return 1;  // one event answers the question: stop
  };
  for (std::string_view text : texts) {
    if (text.size() > UINT32_MAX) return Status::Internal("text too large for the fast path");
    hs_error_t rc = hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_event, any);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) return Status::Internal("hs_scan failed");
    if (*any) break;
  }
  return Status::Ok();
}

}  // namespace blastradius
