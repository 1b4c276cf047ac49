#include "scanner/match/rule_set.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scanner/core/file_io.h"
#include "scanner/core/secret_hash.h"
#include "scanner/match/derived_gate.h"
#include "scanner/match/line_local.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/vectorscan_syntax.h"

namespace blastradius {

RE2::Options Re2Options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

namespace {

constexpr unsigned kHsFlags = kPatternFlags;
constexpr size_t kUnboundedWindow = 16 * 1024;

std::string CacheKey(const std::vector<std::string>& patterns, const std::vector<unsigned>& flags) {
  std::string material =
      std::string("hsdb/v3\0", 8) + kGateDerivationVersion + kVectorscanSyntaxVersion + hs_version();
  hs_platform_info_t platform;
  if (hs_populate_platform(&platform) == HS_SUCCESS)
    material.append(reinterpret_cast<const char*>(&platform), sizeof(platform));
  for (size_t i = 0; i < patterns.size(); ++i) {
    material += std::to_string(flags[i]) + ":" + patterns[i];
    material.push_back('\0');
  }
  return Sha256Hex(material).substr(0, 24);
}

// Cache file: the magic "BRHSDB2\0", uint32 count, count x uint32 final
// flags (prefilter bits), count x uint32 confirmation windows, the
// serialized database, then the SHA-256 (64 hex digits) of everything
// before it. A file
// exists only for a pattern set that passed validation. The cache directory
// may be shared or writable by others, so an entry is read only when it is
// a regular file (no symlink, FIFO or device), within a size bound, and its
// checksum matches; anything else is recompiled and replaced.
constexpr char kCacheMagic[8] = {'B', 'R', 'H', 'S', 'D', 'B', '2', '\0'};
constexpr size_t kDigestBytes = 64;
constexpr uint64_t kMaxCacheEntry = uint64_t{256} << 20;

bool LoadCached(const std::string& path, std::vector<unsigned>* flags, std::vector<size_t>* windows,
                hs_database_t** db) {
  std::string bytes;
  ReadOptions ro;
  ro.max_size = kMaxCacheEntry;
  ro.follow_symlinks = false;
  if (!ReadWholeFile(path, &bytes, ro).ok()) return false;
  return ParsePatternCacheEntry(bytes, flags, windows, db);
}

void StoreCached(const std::string& dir, const std::string& path, const std::vector<unsigned>& flags,
                 const std::vector<size_t>& windows, const hs_database_t* db) {
  char* bytes = nullptr;
  size_t len = 0;
  if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto put = [](std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), sizeof(v)); };
  std::string file(kCacheMagic, sizeof(kCacheMagic));
  put(&file, static_cast<uint32_t>(flags.size()));
  for (unsigned f : flags) put(&file, f);
  for (size_t w : windows) put(&file, static_cast<uint32_t>(w));
  file.append(bytes, len);
  std::free(bytes);
  file += Sha256Hex(file);
  // A failed write only costs the next run a compile.
  WriteFileAtomically(path, file).ok();
}

}  // namespace

bool ParsePatternCacheEntry(std::string_view bytes, std::vector<unsigned>* flags,
                            std::vector<size_t>* windows, hs_database_t** db) {
  if (bytes.size() < sizeof(kCacheMagic) + sizeof(uint32_t) + kDigestBytes) return false;
  if (std::memcmp(bytes.data(), kCacheMagic, sizeof(kCacheMagic)) != 0) return false;
  std::string_view body = bytes.substr(0, bytes.size() - kDigestBytes);
  if (Sha256Hex(body) != bytes.substr(body.size())) return false;
  size_t at = sizeof(kCacheMagic);
  uint32_t n = 0;
  std::memcpy(&n, bytes.data() + at, sizeof(n));
  at += sizeof(n);
  if (n != flags->size()) return false;
  size_t header = at + 2 * size_t{n} * sizeof(uint32_t);
  if (body.size() <= header) return false;
  std::vector<unsigned> cached(n);
  std::vector<size_t> cached_windows(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t f, w;
    std::memcpy(&f, bytes.data() + at + i * sizeof(uint32_t), sizeof(f));
    std::memcpy(&w, bytes.data() + at + (n + i) * sizeof(uint32_t), sizeof(w));
    cached[i] = f;
    cached_windows[i] = w;
  }
  if (hs_deserialize_database(body.data() + header, body.size() - header, db) != HS_SUCCESS) return false;
  *flags = std::move(cached);
  *windows = std::move(cached_windows);
  return true;
}

std::string DefaultCacheDir() {
  if (const char* d = std::getenv("BLASTRADIUS_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/blastradius";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/blastradius";
  return "";
}

namespace {
// The signature's path patterns as one alternation.
std::string PathsPattern(const Signature& sig) {
  std::string out;
  for (const auto& p : sig.paths) out += (out.empty() ? "(?:" : "|(?:") + p + ")";
  return out;
}
}  // namespace

std::string PatternKey(const Signature& sig) {
  std::string key = sig.pattern;
  if (!sig.gate.empty()) key += std::string("\0gate\0", 6) + sig.gate;
  if (!sig.paths.empty()) key += std::string("\0paths\0", 7);
  return key;
}

std::string VectorscanPattern(const Signature& sig) {
  return VectorscanExpression(sig.gate.empty() ? sig.pattern : sig.gate);
}

RuleSet::~RuleSet() {
  if (prototype_scratch_) hs_free_scratch(prototype_scratch_);
  if (database_) hs_free_database(database_);
}

bool CompiledRule::AppliesToPath(std::string_view path) const {
  if (signature->paths.empty()) return true;
  std::call_once(paths_once_,
                 [&] { paths_ = std::make_unique<RE2>(PathsPattern(*signature), Re2Options()); });
  return RE2::PartialMatch(path, *paths_);
}

bool CompiledRule::line_local() const {
  std::call_once(line_local_once_, [&] { line_local_ = gated && CannotMatchLineFeed(signature->pattern); });
  return line_local_;
}

const RE2& CompiledRule::end_anchored() const {
  std::call_once(end_anchored_once_, [&] {
    end_anchored_ = std::make_unique<RE2>("(?m)(?:" + signature->pattern + ")\\z", Re2Options());
  });
  return *end_anchored_;
}

const RE2& CompiledRule::forward() const {
  std::call_once(forward_once_,
                 [&] { forward_ = std::make_unique<RE2>("(?m)" + signature->pattern, Re2Options()); });
  return *forward_;
}

const RE2& CompiledRule::capture() const {
  std::call_once(capture_once_, [&] {
    const std::string pattern = "(?m)" + signature->pattern;
    RE2::Options options = Re2Options();
    const int64_t full_budget = options.max_mem();
    // RE2 compiles a program of n instructions under a budget of about
    // 96n bytes (its compiler gives instructions a quarter of two thirds of
    // the budget, 16 bytes each), and forward() is the same program: the
    // search starts two to three doublings below that estimate, where the
    // budget is still too small (the test of capture() checks that the one
    // found is the smallest), instead of retrying (and reparsing) from 16 KB.
    const int64_t estimate = static_cast<int64_t>(forward().ProgramSize()) * 96;
    int64_t first = int64_t{16} << 10;
    while (first * 8 <= estimate) first *= 2;
    for (int64_t budget = first; budget < full_budget; budget *= 2) {
      options.set_max_mem(budget);
      auto re = std::make_unique<RE2>(pattern, options);
      if (re->ok()) {
        capture_ = std::move(re);
        break;
      }
    }
  });
  return capture_ ? *capture_ : forward();
}

// Checks one pattern with both engines and computes its confirmation
// window. Appends problems to `errors`.
void ValidatePattern(const Signature& sig, std::vector<std::string>* errors, size_t* window) {
  std::string where = sig.card.source_file + ": " + sig.card.id;
  for (size_t i = 0; i < sig.paths.size(); ++i) {
    RE2 p(sig.paths[i], Re2Options());
    if (!p.ok()) errors->push_back(fmt::format("{}: /paths/{}: RE2 rejects it: {}", where, i, p.error()));
  }
  RE2 re("(?m)" + sig.pattern, Re2Options());
  if (!re.ok()) {
    errors->push_back(where + ": /pattern: RE2 rejects it: " + re.error());
    return;
  }
  if (re.NumberOfCapturingGroups() != 1) {
    errors->push_back(fmt::format("{}: /pattern: must have exactly one capturing group, has {}", where,
                                  re.NumberOfCapturingGroups()));
    return;
  }
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(VectorscanExpression(sig.pattern).c_str(), kHsFlags, &info, &err) != HS_SUCCESS) {
    // Not fatal yet: the database compile retries it in prefilter mode.
    hs_free_compile_error(err);
    *window = kUnboundedWindow;
    if (!sig.gate.empty())
      errors->push_back(where + ": /gate: the pattern must compile exactly in Vectorscan (bounded width)");
    return;
  }
  if (info->min_width == 0) errors->push_back(where + ": /pattern: can match the empty string");
  *window = info->max_width == UINT_MAX ? kUnboundedWindow : std::max<size_t>(info->max_width, 1);
  const bool bounded = info->max_width != UINT_MAX;
  std::free(info);
  if (sig.gate.empty()) return;
  // A gate stands for its pattern only if every match lies within the
  // pattern's width of a gate hit, and Vectorscan runs the gate exactly.
  if (!bounded || *window > kMaxGatedWidth)
    errors->push_back(fmt::format("{}: /gate: the pattern must have a bounded width of at most {} bytes",
                                  where, kMaxGatedWidth));
  RE2 gate("(?m)" + sig.gate, Re2Options());
  if (!gate.ok()) {
    errors->push_back(where + ": /gate: RE2 rejects it: " + gate.error());
    return;
  }
  if (hs_expression_info(VectorscanExpression(sig.gate).c_str(), kHsFlags, &info, &err) != HS_SUCCESS) {
    errors->push_back(where + ": /gate: Vectorscan cannot run it exactly: " +
                      (err && err->message ? err->message : "unknown error"));
    hs_free_compile_error(err);
    return;
  }
  if (info->min_width == 0) errors->push_back(where + ": /gate: can match the empty string");
  std::free(info);
}

Status RuleSet::Compile(const SignatureDb& db, const RuleSetOptions& options, std::unique_ptr<RuleSet>* out) {
  // Rules point into the database: only a finished (immutable) one.
  if (!db.finished()) return Status::Internal("RuleSet::Compile needs a finished SignatureDb");
  std::unique_ptr<RuleSet> set(new RuleSet());
  set->db_ = &db;
  const auto& sigs = db.signatures();
  if (sigs.empty()) return Status::InvalidArgument("no signatures loaded");
  for (const auto& sig : sigs) set->rules_.emplace_back(&sig);

  std::vector<std::string> patterns(sigs.size());  // keys (PatternKey)
  std::vector<unsigned> flags(sigs.size(), kHsFlags);
  std::vector<unsigned> ids(sigs.size());
  std::vector<size_t> windows(sigs.size(), kUnboundedWindow);
  for (size_t i = 0; i < sigs.size(); ++i) {
    patterns[i] = PatternKey(sigs[i]);
    ids[i] = static_cast<unsigned>(i);
  }
  // Path-limited rules stay out of the database (CompiledRule::path_searched)
  // unless no other rule would be left in it.
  std::vector<bool> in_database(sigs.size(), true);
  if (std::any_of(sigs.begin(), sigs.end(), [](const Signature& s) { return s.paths.empty(); }))
    for (size_t i = 0; i < sigs.size(); ++i) in_database[i] = sigs[i].paths.empty();
  // A cache entry exists only for a validated pattern set, so a hit skips
  // validation too. Its key (a hash of every pattern) is computed only when
  // the build-time database does not fit.
  std::vector<std::string> derived_gates(sigs.size());  // filled only when compiling
  const bool prebuilt =
      LoadPrebuilt(options.prebuilt, patterns, &flags, &windows, &set->database_, options.prebuilt_prefetch);
  const std::string cache_path = prebuilt || options.cache_dir.empty()
                                     ? ""
                                     : options.cache_dir + "/hsdb-" + CacheKey(patterns, flags) + ".bin";
  if (prebuilt) {
    set->loaded_from_cache_ = set->loaded_prebuilt_ = true;
  } else if (!cache_path.empty() && LoadCached(cache_path, &flags, &windows, &set->database_)) {
    set->loaded_from_cache_ = true;
  } else {
    std::vector<std::string> errors;
    for (size_t i = 0; i < sigs.size(); ++i) ValidatePattern(sigs[i], &errors, &windows[i]);
    if (!errors.empty()) {
      std::string msg;
      for (const auto& e : errors) msg += (msg.empty() ? "" : "\n") + e;
      return Status::InvalidArgument(msg);
    }
    // A signature without a gate gets a derived one when its pattern is
    // narrow enough (kMaxDerivedGateWidth) to search around each hit.
    std::vector<std::string> bare(sigs.size());
    std::vector<bool> eligible(sigs.size());
    for (size_t i = 0; i < sigs.size(); ++i) {
      bare[i] = sigs[i].pattern;
      eligible[i] = in_database[i] && sigs[i].gate.empty() && windows[i] <= kMaxDerivedGateWidth;
    }
    derived_gates = DeriveGates(bare, eligible, Re2Options());
    for (size_t i = 0; i < sigs.size(); ++i)
      if (!derived_gates[i].empty()) flags[i] |= kDerivedGateFlag;
  }

  // Compile the multi-pattern database; patterns Vectorscan rejects are
  // retried in prefilter mode, one at a time, until the set compiles.
  std::vector<std::string> expressions(sigs.size());
  if (!set->database_)
    for (size_t i = 0; i < sigs.size(); ++i) expressions[i] = VectorscanPattern(sigs[i]);
  for (size_t attempt = 0; !set->database_ && attempt <= 2 * sigs.size(); ++attempt) {
    std::vector<const char*> cpatterns;
    std::vector<unsigned> hs_flags;
    std::vector<unsigned> hs_ids;  // the rule index of each expression
    for (size_t i = 0; i < sigs.size(); ++i) {
      if (!in_database[i]) continue;
      const bool derived = flags[i] & kDerivedGateFlag;
      cpatterns.push_back(derived ? derived_gates[i].c_str() : expressions[i].c_str());
      hs_flags.push_back(flags[i] & ~kDerivedGateFlag);
      hs_ids.push_back(ids[i]);
    }
    hs_compile_error_t* err = nullptr;
    hs_error_t rc = hs_compile_multi(cpatterns.data(), hs_flags.data(), hs_ids.data(),
                                     static_cast<unsigned>(cpatterns.size()), HS_MODE_BLOCK, options.platform,
                                     &set->database_, &err);
    if (rc == HS_SUCCESS) {
      if (!cache_path.empty()) StoreCached(options.cache_dir, cache_path, flags, windows, set->database_);
      break;
    }
    set->database_ = nullptr;
    int bad = err && err->expression >= 0 && static_cast<size_t>(err->expression) < hs_ids.size()
                  ? static_cast<int>(hs_ids[static_cast<size_t>(err->expression)])
                  : -1;
    std::string what = err && err->message ? err->message : "unknown error";
    hs_free_compile_error(err);
    if (bad >= 0 && (flags[static_cast<size_t>(bad)] & kDerivedGateFlag)) {
      flags[static_cast<size_t>(bad)] &= ~kDerivedGateFlag;  // keep the pattern instead
      continue;
    }
    if (bad < 0 || (flags[static_cast<size_t>(bad)] & HS_FLAG_PREFILTER) ||
        !sigs[static_cast<size_t>(bad)].gate.empty()) {
      std::string id = bad >= 0 ? sigs[static_cast<size_t>(bad)].card.id : "?";
      return Status::InvalidArgument("Vectorscan cannot compile signature " + id + ": " + what);
    }
    flags[static_cast<size_t>(bad)] |= HS_FLAG_PREFILTER;
  }
  if (!set->database_) return Status::Internal("Vectorscan database was not built");
  // The prefetch allocated one beside the database it deserialized.
  if (prebuilt && options.prebuilt_prefetch)
    set->prototype_scratch_ = options.prebuilt_prefetch->TakeScratch();
  if (!set->prototype_scratch_ && hs_alloc_scratch(set->database_, &set->prototype_scratch_) != HS_SUCCESS)
    set->prototype_scratch_ = nullptr;  // MatchScratch allocates its own (and reports a failure)
  for (size_t i = 0; i < sigs.size(); ++i) {
    set->rules_[i].prefilter = (flags[i] & HS_FLAG_PREFILTER) != 0;
    set->rules_[i].gated = !sigs[i].gate.empty() || (flags[i] & kDerivedGateFlag);
    set->rules_[i].window = windows[i];
    set->rules_[i].final_flags = flags[i];
    set->rules_[i].path_searched = !in_database[i];
    if (!in_database[i]) {
      set->rules_[i].prefilter = set->rules_[i].gated = false;
      set->path_searched_rules_.push_back(static_cast<uint32_t>(i));
    }
  }
  *out = std::move(set);
  return Status::Ok();
}

}  // namespace blastradius
