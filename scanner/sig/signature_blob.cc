// Encoding and decoding of the build-time signature form (layout in
// signature_blob.h). Every field of RuleCard and Signature is written, in
// declaration order; signature_db_test checks that a decoded set equals the
// one loaded from the JSON sources, so a field added to either struct and
// forgotten here fails the test suite.
#include "scanner/sig/signature_blob.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace blastradius {
namespace {

constexpr std::string_view kMagic = "BRSIGS4\n";

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U32(uint32_t v) { out_->append(reinterpret_cast<const char*>(&v), sizeof(v)); }
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Double(double v) { out_->append(reinterpret_cast<const char*>(&v), sizeof(v)); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_->append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) Str(s);
  }
  void Raw(std::string_view s) { out_->append(s); }

 private:
  std::string* out_;
};

// Reads what Writer wrote; any overrun sets failed() and yields zeros.
class Reader {
 public:
  explicit Reader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}
  bool failed() const { return failed_; }
  bool at_end() const { return p_ == end_; }
  bool Take(size_t n) {
    if (failed_ || static_cast<size_t>(end_ - p_) < n) {
      failed_ = true;
      return false;
    }
    return true;
  }
  uint32_t U32() {
    uint32_t v = 0;
    if (Take(sizeof(v))) {
      std::memcpy(&v, p_, sizeof(v));
      p_ += sizeof(v);
    }
    return v;
  }
  uint8_t U8() {
    uint8_t v = 0;
    if (Take(1)) v = static_cast<uint8_t>(*p_++);
    return v;
  }
  bool Bool() {
    uint8_t v = U8();
    if (v > 1) failed_ = true;
    return v == 1;
  }
  // An enum stored as one byte, at most `max`.
  template <typename E>
  E Enum(uint8_t max) {
    uint8_t v = U8();
    if (v > max) failed_ = true;
    return static_cast<E>(failed_ ? 0 : v);
  }
  double Double() {
    double v = 0;
    if (Take(sizeof(v))) {
      std::memcpy(&v, p_, sizeof(v));
      p_ += sizeof(v);
    }
    return v;
  }
  void Str(std::string* out) {
    uint32_t n = U32();
    if (!Take(n)) return;
    out->assign(p_, n);
    p_ += n;
  }
  std::string Str() {
    std::string s;
    Str(&s);
    return s;
  }
  // A count of items that take at least `min_bytes` each: bounded by what
  // is left, so a corrupt count cannot reserve gigabytes.
  uint32_t Count(size_t min_bytes) {
    uint32_t n = U32();
    if (!failed_ && n > static_cast<size_t>(end_ - p_) / min_bytes) failed_ = true;
    return failed_ ? 0 : n;
  }
  void Strs(std::vector<std::string>* out) {
    uint32_t n = Count(sizeof(uint32_t));
    out->resize(n);
    for (auto& s : *out) Str(&s);
  }
  bool Magic() {
    if (!Take(kMagic.size()) || std::string_view(p_, kMagic.size()) != kMagic) {
      failed_ = true;
      return false;
    }
    p_ += kMagic.size();
    return true;
  }

 private:
  const char* p_;
  const char* end_;
  bool failed_ = false;
};

constexpr uint8_t kMaxSeverity = static_cast<uint8_t>(Severity::kCritical);
constexpr uint8_t kMaxChecksum = static_cast<uint8_t>(ChecksumKind::kCrc32Base62);
constexpr uint8_t kMaxDecode = static_cast<uint8_t>(DecodeKind::kK8sSecretData);

void WriteCard(Writer& w, const RuleCard& c) {
  w.Str(c.id);
  w.Str(c.provider);
  w.Str(c.provider_name);
  w.Str(c.name);
  w.Str(c.description);
  w.Strs(c.references);
  w.Str(c.scope);
  w.Strs(c.capabilities);
  w.Strs(c.irreversible);
  w.Str(c.expires);
  w.U8(static_cast<uint8_t>(c.base_severity));
  w.Double(c.base_blast_radius);
  w.Double(c.model_blast_radius);
  w.Str(c.blast_radius_reason);
  w.Str(c.damage_derivation);
  w.Str(c.category);
  w.Bool(c.inferred_from_category);
  w.Strs(c.least_capabilities);
  w.U32(static_cast<uint32_t>(c.narrowed_damage.size()));
  for (const auto& [scope, damage] : c.narrowed_damage) {
    w.Str(scope);
    w.Double(damage);
  }
  w.U32(static_cast<uint32_t>(c.account_damage.size()));
  for (const auto& [account, a] : c.account_damage) {
    w.Str(account);
    w.Double(a.damage);
    w.Str(a.reason);
    w.Str(a.derivation);
  }
  w.Bool(c.test_mode);
  w.Str(c.pair_role);
  w.Strs(c.pairs_with);
  w.Str(c.worst_case);
  w.Str(c.revoke);
  w.Str(c.replace);
  w.Bool(c.generic);
  w.Bool(c.keyed);
  w.Bool(c.structural);
  w.Bool(c.context_required);
  w.Strs(c.context_key_names);
  w.Strs(c.context_hosts);
  w.Bool(c.has_checksum);
  w.Str(c.source_file);
}

void ReadCard(Reader& r, RuleCard* c) {
  r.Str(&c->id);
  r.Str(&c->provider);
  r.Str(&c->provider_name);
  r.Str(&c->name);
  r.Str(&c->description);
  r.Strs(&c->references);
  r.Str(&c->scope);
  r.Strs(&c->capabilities);
  r.Strs(&c->irreversible);
  r.Str(&c->expires);
  c->base_severity = r.Enum<Severity>(kMaxSeverity);
  c->base_blast_radius = r.Double();
  c->model_blast_radius = r.Double();
  r.Str(&c->blast_radius_reason);
  r.Str(&c->damage_derivation);
  r.Str(&c->category);
  c->inferred_from_category = r.Bool();
  r.Strs(&c->least_capabilities);
  c->narrowed_damage.clear();
  for (uint32_t i = 0, n = r.Count(sizeof(uint32_t) + sizeof(double)); i < n; ++i) {
    std::string scope;
    r.Str(&scope);
    c->narrowed_damage[scope] = r.Double();
  }
  c->account_damage.clear();
  for (uint32_t i = 0, n = r.Count(3 * sizeof(uint32_t) + sizeof(double)); i < n; ++i) {
    std::string account;
    r.Str(&account);
    AccountDamage& a = c->account_damage[account];
    a.damage = r.Double();
    r.Str(&a.reason);
    r.Str(&a.derivation);
  }
  c->test_mode = r.Bool();
  r.Str(&c->pair_role);
  r.Strs(&c->pairs_with);
  r.Str(&c->worst_case);
  r.Str(&c->revoke);
  r.Str(&c->replace);
  c->generic = r.Bool();
  c->keyed = r.Bool();
  c->structural = r.Bool();
  c->context_required = r.Bool();
  r.Strs(&c->context_key_names);
  r.Strs(&c->context_hosts);
  c->has_checksum = r.Bool();
  r.Str(&c->source_file);
}

void WriteExamples(Writer& w, const std::vector<SignatureExample>& v) {
  w.U32(static_cast<uint32_t>(v.size()));
  for (const auto& e : v) {
    w.Str(e.text);
    w.Str(e.path);
  }
}

void ReadExamples(Reader& r, std::vector<SignatureExample>* v) {
  v->resize(r.Count(2 * sizeof(uint32_t)));
  for (auto& e : *v) {
    r.Str(&e.text);
    r.Str(&e.path);
  }
}

void WriteSignature(Writer& w, const Signature& s) {
  WriteCard(w, s.card);
  w.Strs(s.inherit);
  w.Str(s.pattern);
  w.Str(s.gate);
  w.Strs(s.keywords);
  w.Double(s.min_entropy);
  w.U8(static_cast<uint8_t>(s.checksum));
  w.U8(static_cast<uint8_t>(s.decode));
  w.U32(static_cast<uint32_t>(s.decode_require.size()));
  for (const auto& [k, v] : s.decode_require) {
    w.Str(k);
    w.Str(v);
  }
  w.Strs(s.paths);
  WriteExamples(w, s.examples);
  WriteExamples(w, s.negative_examples);
  w.Double(s.prefinished->base_blast_radius);
  w.U8(static_cast<uint8_t>(s.prefinished->base_severity));
  w.Str(s.prefinished->damage_disagreement);
}

void ReadSignature(Reader& r, Signature* s) {
  ReadCard(r, &s->card);
  r.Strs(&s->inherit);
  r.Str(&s->pattern);
  r.Str(&s->gate);
  r.Strs(&s->keywords);
  s->min_entropy = r.Double();
  s->checksum = r.Enum<ChecksumKind>(kMaxChecksum);
  s->decode = r.Enum<DecodeKind>(kMaxDecode);
  for (uint32_t n = r.Count(sizeof(uint32_t) + sizeof(double)); n > 0 && !r.failed(); --n) {
    std::string k = r.Str();
    s->decode_require[std::move(k)] = r.Str();
  }
  r.Strs(&s->paths);
  ReadExamples(r, &s->examples);
  ReadExamples(r, &s->negative_examples);
  Signature::Prefinished& p = s->prefinished.emplace();
  p.base_blast_radius = r.Double();
  p.base_severity = r.Enum<Severity>(kMaxSeverity);
  r.Str(&p.damage_disagreement);
}

void WriteNumberMap(Writer& w, const std::map<std::string, double>& m) {
  w.U32(static_cast<uint32_t>(m.size()));
  for (const auto& [k, v] : m) {
    w.Str(k);
    w.Double(v);
  }
}

void ReadNumberMap(Reader& r, std::map<std::string, double>* m) {
  for (uint32_t n = r.Count(sizeof(uint32_t) + sizeof(double)); n > 0 && !r.failed(); --n) {
    std::string k = r.Str();
    (*m)[std::move(k)] = r.Double();
  }
}

Status Corrupt() { return Status::Corrupt("the built-in signature data is damaged (rebuild the binary)"); }

}  // namespace

// Friend of DamageModel and ProviderCategories: sections 1 and 2.
class SignatureBlobCodec {
 public:
  static void WriteModels(Writer& w, const DamageModel& d, const ProviderCategories& c) {
    WriteNumberMap(w, d.weights_);
    WriteNumberMap(w, d.scope_adjust_);
    WriteNumberMap(w, d.expiry_adjust_);
    for (double v : {d.breadth_per_weight_, d.breadth_max_, d.irreversible_bonus_, d.test_mode_adjust_,
                     d.public_cap_, d.tolerance_})
      w.Double(v);
    // Account factors.
    w.U32(static_cast<uint32_t>(d.service_of_scheme_.size()));
    for (const auto& [scheme, service] : d.service_of_scheme_) {
      w.Str(scheme);
      w.Str(service);
    }
    for (const auto* list :
         {&d.privileged_, &d.read_only_, &d.anonymous_, &d.password_words_, &d.account_order_})
      w.Strs(*list);
    w.U32(static_cast<uint32_t>(d.account_classes_.size()));
    for (const auto& [name, k] : d.account_classes_) {
      w.Str(name);
      w.Strs(k.capabilities);
      w.Str(k.scope);
      w.Str(k.reason);
      w.Bool(k.irreversible);
    }
    w.U32(static_cast<uint32_t>(c.by_id_.size()));
    for (const auto& [id, cat] : c.by_id_) {
      w.Str(id);
      w.Str(cat.id);
      w.Str(cat.name);
      w.Str(cat.scope);
      w.Str(cat.expires);
      w.Str(cat.worst_case);
      w.Strs(cat.capabilities);
      w.Strs(cat.irreversible);
    }
  }

  static void ReadModels(Reader& r, DamageModel* d, ProviderCategories* c) {
    DamageModel dm;
    ReadNumberMap(r, &dm.weights_);
    ReadNumberMap(r, &dm.scope_adjust_);
    ReadNumberMap(r, &dm.expiry_adjust_);
    for (double* v : {&dm.breadth_per_weight_, &dm.breadth_max_, &dm.irreversible_bonus_,
                      &dm.test_mode_adjust_, &dm.public_cap_, &dm.tolerance_})
      *v = r.Double();
    for (uint32_t n = r.Count(2 * sizeof(uint32_t)); n > 0 && !r.failed(); --n) {
      std::string scheme = r.Str();
      dm.service_of_scheme_[std::move(scheme)] = r.Str();
    }
    for (auto* list :
         {&dm.privileged_, &dm.read_only_, &dm.anonymous_, &dm.password_words_, &dm.account_order_})
      r.Strs(list);
    for (uint32_t n = r.Count(4 * sizeof(uint32_t) + 1); n > 0 && !r.failed(); --n) {
      std::string name = r.Str();
      DamageModel::AccountClass& k = dm.account_classes_[std::move(name)];
      r.Strs(&k.capabilities);
      r.Str(&k.scope);
      r.Str(&k.reason);
      k.irreversible = r.Bool();
    }
    ProviderCategories pc;
    for (uint32_t n = r.Count(8 * sizeof(uint32_t)); n > 0 && !r.failed(); --n) {
      std::string key = r.Str();
      CategoryDefaults& cat = pc.by_id_[std::move(key)];
      r.Str(&cat.id);
      r.Str(&cat.name);
      r.Str(&cat.scope);
      r.Str(&cat.expires);
      r.Str(&cat.worst_case);
      r.Strs(&cat.capabilities);
      r.Strs(&cat.irreversible);
    }
    *d = std::move(dm);
    *c = std::move(pc);
  }
};

Status EncodeSignatureBlob(const SignatureBlobContents& contents, std::string* out) {
  for (const auto& s : contents.signatures) {
    if (!s.prefinished) return Status::Internal("signature blob: " + s.card.id + " is not finished");
  }
  std::string blob;
  Writer w(&blob);
  w.Raw(kMagic);
  SignatureBlobCodec::WriteModels(w, contents.damage, contents.categories);
  // Sorted, so that the same data always gives the same bytes.
  std::vector<std::string> documented(contents.documented.begin(), contents.documented.end());
  std::sort(documented.begin(), documented.end());
  w.Strs(documented);
  w.U32(static_cast<uint32_t>(contents.signatures.size()));
  for (const auto& s : contents.signatures) WriteSignature(w, s);
  w.Raw(kMagic);
  *out = std::move(blob);
  return Status::Ok();
}

Status DecodeSignatureBlobModels(std::string_view blob, DamageModel* damage, ProviderCategories* categories) {
  Reader r(blob);
  if (!r.Magic()) return Corrupt();
  DamageModel d;
  ProviderCategories c;
  SignatureBlobCodec::ReadModels(r, &d, &c);
  if (r.failed()) return Corrupt();
  *damage = std::move(d);
  *categories = std::move(c);
  return Status::Ok();
}

Status DecodeSignatureBlob(std::string_view blob, SignatureBlobContents* out) {
  Reader r(blob);
  if (!r.Magic()) return Corrupt();
  SignatureBlobCodec::ReadModels(r, &out->damage, &out->categories);
  std::vector<std::string> documented;
  r.Strs(&documented);
  out->documented = std::unordered_set<std::string>(documented.begin(), documented.end());
  // A signature takes far more than 64 bytes; the bound only guards reserve().
  out->signatures.clear();
  out->signatures.resize(r.Count(64));
  for (auto& s : out->signatures) {
    if (r.failed()) break;
    ReadSignature(r, &s);
  }
  if (r.failed() || !r.Magic() || !r.at_end()) return Corrupt();
  return Status::Ok();
}

}  // namespace blastradius
