#include "scanner/match/prebuilt_db.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "scanner/core/secret_hash.h"

namespace blastradius {
namespace {

constexpr std::string_view kMagic = "BRHSDB1\n";
constexpr size_t kKeyLen = 64;

void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), sizeof(v)); }

uint32_t GetU32(std::string_view bytes, size_t at) {
  uint32_t v;
  std::memcpy(&v, bytes.data() + at, sizeof(v));
  return v;
}

}  // namespace

std::string PrebuiltKey(const std::vector<std::string>& patterns, const std::vector<unsigned>& flags) {
  std::string material = std::string("prebuilt-hsdb/v1\0", 17) + hs_version();
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
  blob.append(bytes, len);
  std::free(bytes);
  *out = std::move(blob);
  return Status::Ok();
}

std::string PrebuiltBlobKey(std::string_view blob) {
  if (blob.size() < kMagic.size() + kKeyLen || blob.substr(0, kMagic.size()) != kMagic) return "";
  return std::string(blob.substr(kMagic.size(), kKeyLen));
}

bool LoadPrebuilt(std::string_view blob, const std::vector<std::string>& patterns,
                  std::vector<unsigned>* flags, std::vector<size_t>* windows, hs_database_t** db) {
  const size_t fixed = kMagic.size() + kKeyLen + sizeof(uint32_t);
  if (blob.size() <= fixed || blob.substr(0, kMagic.size()) != kMagic) return false;
  if (blob.substr(kMagic.size(), kKeyLen) != PrebuiltKey(patterns, *flags)) return false;
  const uint32_t n = GetU32(blob, kMagic.size() + kKeyLen);
  const size_t header = fixed + 2 * size_t{n} * sizeof(uint32_t);
  if (n != patterns.size() || blob.size() <= header) return false;
  hs_database_t* loaded = nullptr;
  if (hs_deserialize_database(blob.data() + header, blob.size() - header, &loaded) != HS_SUCCESS)
    return false;
  std::vector<unsigned> stored_flags(n);
  std::vector<size_t> stored_windows(n);
  for (uint32_t i = 0; i < n; ++i) {
    stored_flags[i] = GetU32(blob, fixed + i * sizeof(uint32_t));
    stored_windows[i] = GetU32(blob, fixed + (n + i) * sizeof(uint32_t));
  }
  *flags = std::move(stored_flags);
  *windows = std::move(stored_windows);
  *db = loaded;
  return true;
}

Status AnyPrebuiltEvent(std::string_view blob, const std::vector<std::string_view>& texts, bool* any) {
  *any = false;
  const size_t fixed = kMagic.size() + kKeyLen + sizeof(uint32_t);
  if (blob.size() <= fixed || blob.substr(0, kMagic.size()) != kMagic)
    return Status::Internal("no build-time pattern database");
  const uint32_t n = GetU32(blob, kMagic.size() + kKeyLen);
  const size_t header = fixed + 2 * size_t{n} * sizeof(uint32_t);
  if (blob.size() <= header) return Status::Corrupt("build-time pattern database is truncated");
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(blob.data() + header, blob.size() - header, &db) != HS_SUCCESS)
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
