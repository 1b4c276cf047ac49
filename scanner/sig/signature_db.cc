// Loading and validation of signature files. The rules mirror
// signatures/schema.json; the schema itself is also checked by the test suite.
#include "scanner/sig/signature_db.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "scanner/core/ascii.h"
#include "scanner/core/file_io.h"
#include "scanner/sig/signature_blob.h"

namespace blastradius {
namespace {

using json = nlohmann::json;

const std::set<std::string>& Scopes() {
  static const std::set<std::string> k{"organisation", "account",     "workspace",
                                       "project",      "environment", "resource"};
  return k;
}
const std::set<std::string>& Expiries() {
  static const std::set<std::string> k{"never", "hours", "days", "configurable"};
  return k;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& v : s) out += (out.empty() ? "" : "|") + v;
  return out;
}

// Collects problems for one signature object with its location prefix.
class Checker {
 public:
  Checker(std::vector<std::string>* errors, std::string file, std::string pointer, std::string id)
      : errors_(errors), file_(std::move(file)), pointer_(std::move(pointer)), id_(std::move(id)) {}

  void Fail(const std::string& field, const std::string& msg) {
    std::string where = file_ + ": " + pointer_ + (field.empty() ? "" : "/" + field);
    if (!id_.empty()) where += " (" + id_ + ")";
    errors_->push_back(where + ": " + msg);
    failed_ = true;
  }
  bool failed() const { return failed_; }

  bool String(const json& obj, const char* key, std::string* out, bool required, size_t min_len = 1) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Fail(key, "required string is missing");
      return false;
    }
    if (!it->is_string()) {
      Fail(key, "must be a string");
      return false;
    }
    *out = it->get<std::string>();
    if (out->size() < min_len) {
      Fail(key, "must not be empty");
      return false;
    }
    return true;
  }

  bool StringArray(const json& obj, const char* key, std::vector<std::string>* out, bool required,
                   size_t min_items) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Fail(key, "required array is missing");
      return false;
    }
    if (!it->is_array()) {
      Fail(key, "must be an array of strings");
      return false;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        Fail(std::string(key) + "/" + std::to_string(i), "must be a string");
        return false;
      }
      out->push_back((*it)[i].get<std::string>());
    }
    if (out->size() < min_items) {
      Fail(key, "needs at least " + std::to_string(min_items) + " item(s)");
      return false;
    }
    return true;
  }

  bool Examples(const json& obj, const char* key, std::vector<SignatureExample>* out, size_t min_items) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_array()) {
      Fail(key, "required array is missing");
      return false;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& e = (*it)[i];
      std::string field = std::string(key) + "/" + std::to_string(i);
      if (e.is_string() && !e.get<std::string>().empty()) {
        out->push_back({e.get<std::string>(), ""});
      } else if (e.is_object() && e.contains("text") && e["text"].is_string()) {
        SignatureExample ex{e["text"].get<std::string>(), ""};
        if (e.contains("path") && e["path"].is_string()) ex.path = e["path"].get<std::string>();
        for (auto& [k, v] : e.items()) {
          if (k != "text" && k != "path") Fail(field + "/" + k, "unknown key");
        }
        out->push_back(std::move(ex));
      } else {
        Fail(field, "must be a non-empty string or {\"text\", \"path\"}");
      }
    }
    if (out->size() < min_items) Fail(key, "needs at least " + std::to_string(min_items) + " item(s)");
    return true;
  }

 private:
  std::vector<std::string>* errors_;
  std::string file_, pointer_, id_;
  bool failed_ = false;
};

const std::set<std::string>& SignatureKeys() {
  static const std::set<std::string> k{
      "id",           "name",      "description",         "references",   "pattern",
      "gate",         "keywords",  "min_entropy",         "checksum",     "decode",
      "context",      "generic",   "pairs_with",          "scope",        "capabilities",
      "irreversible", "expires",   "base_severity",       "blast_radius", "worst_case",
      "remediation",  "examples",  "negative_examples",   "category",     "least_capabilities",
      "test_mode",    "pair_role", "blast_radius_reason", "keyed",        "structural",
      "paths"};
  return k;
}

bool ParseSignature(const json& s, const std::string& file, const std::string& pointer,
                    const std::string& provider, const std::string& provider_name,
                    const std::string& file_category, bool require_examples, std::vector<std::string>* errors,
                    Signature* out) {
  std::string id = s.is_object() && s.contains("id") && s["id"].is_string() ? s["id"].get<std::string>() : "";
  Checker c(errors, file, pointer, id);
  if (!s.is_object()) {
    c.Fail("", "must be an object");
    return false;
  }
  for (auto& [k, v] : s.items()) {
    if (!SignatureKeys().count(k)) c.Fail(k, "unknown key");
  }
  RuleCard& card = out->card;
  card.provider = provider;
  card.provider_name = provider_name;
  card.source_file = file;
  if (c.String(s, "id", &card.id, true)) {
    bool ok = card.id.find('.') != std::string::npos;
    for (char ch : card.id) {
      if (!(IsAsciiLower(ch) || IsAsciiDigit(ch) || ch == '.' || ch == '_' || ch == '-')) ok = false;
    }
    if (!ok) c.Fail("id", "must be lower-case dotted, e.g. github.pat.classic");
  }
  c.String(s, "name", &card.name, true);
  c.String(s, "description", &card.description, false, 0);
  if (c.StringArray(s, "references", &card.references, true, 1)) {
    for (size_t i = 0; i < card.references.size(); ++i) {
      if (card.references[i].rfind("http://", 0) != 0 && card.references[i].rfind("https://", 0) != 0)
        c.Fail("references/" + std::to_string(i), "must be an http(s) URL");
    }
  }
  std::string pattern;
  if (c.String(s, "pattern", &pattern, true)) out->pattern = ExpandPatternMacros(pattern);
  std::string gate;
  if (c.String(s, "gate", &gate, false)) out->gate = ExpandPatternMacros(gate);
  if (c.StringArray(s, "keywords", &out->keywords, false, 0)) {
    for (auto& k : out->keywords) k = AsciiLower(k);
  }
  if (s.contains("min_entropy")) {
    if (!s["min_entropy"].is_number() || s["min_entropy"].get<double>() < 0 ||
        s["min_entropy"].get<double>() > 8)
      c.Fail("min_entropy", "must be a number from 0 to 8");
    else
      out->min_entropy = s["min_entropy"].get<double>();
  }
  std::string checksum;
  if (c.String(s, "checksum", &checksum, false)) {
    if (checksum == "crc32-base62") {
      out->checksum = ChecksumKind::kCrc32Base62;
      card.has_checksum = true;
    } else {
      c.Fail("checksum", "unknown checksum \"" + checksum + "\"; expected crc32-base62");
    }
  }
  if (s.contains("decode")) {
    const json& d = s["decode"];
    std::string kind =
        d.is_object() && d.contains("kind") && d["kind"].is_string() ? d["kind"].get<std::string>() : "";
    if (kind == "jwt")
      out->decode = DecodeKind::kJwt;
    else if (kind == "pypi-macaroon")
      out->decode = DecodeKind::kPypiMacaroon;
    else if (kind == "basic-auth")
      out->decode = DecodeKind::kBasicAuth;
    else if (kind == "fly-macaroon")
      out->decode = DecodeKind::kFlyMacaroon;
    else if (kind == "url-userinfo")
      out->decode = DecodeKind::kUrlUserinfo;
    else if (kind == "k8s-secret-data")
      out->decode = DecodeKind::kK8sSecretData;
    else
      c.Fail("decode/kind", "must be jwt|pypi-macaroon|basic-auth|fly-macaroon|url-userinfo|k8s-secret-data");
    if (d.is_object() && d.contains("require")) {
      if (!d["require"].is_object()) {
        c.Fail("decode/require", "must be an object of strings");
      } else {
        for (auto& [k, v] : d["require"].items()) {
          if (!v.is_string())
            c.Fail("decode/require/" + k, "must be a string");
          else
            out->decode_require[k] = v.get<std::string>();
        }
      }
    }
  }
  if (s.contains("context")) {
    if (!s["context"].is_object()) {
      c.Fail("context", "must be an object");
    } else {
      c.StringArray(s["context"], "key_names", &card.context_key_names, false, 0);
      c.StringArray(s["context"], "hosts", &card.context_hosts, false, 0);
    }
    card.context_required = true;
  }
  if (s.contains("keyed")) {
    if (!s["keyed"].is_boolean())
      c.Fail("keyed", "must be true or false");
    else
      card.keyed = s["keyed"].get<bool>();
  }
  if (s.contains("structural")) {
    if (!s["structural"].is_boolean())
      c.Fail("structural", "must be true or false");
    else
      card.structural = s["structural"].get<bool>();
  }
  if (s.contains("generic")) {
    if (!s["generic"].is_boolean())
      c.Fail("generic", "must be true or false");
    else
      card.generic = s["generic"].get<bool>();
  }
  c.StringArray(s, "paths", &out->paths, false, 1);
  c.StringArray(s, "pairs_with", &card.pairs_with, false, 0);
  card.category = file_category;
  c.String(s, "category", &card.category, false);
  if (c.String(s, "pair_role", &card.pair_role, false) && card.pair_role != "id" &&
      card.pair_role != "secret")
    c.Fail("pair_role", "must be id|secret");
  if (s.contains("test_mode")) {
    if (!s["test_mode"].is_boolean())
      c.Fail("test_mode", "must be true or false");
    else
      card.test_mode = s["test_mode"].get<bool>();
  }
  auto check_caps = [&](const char* key, const std::vector<std::string>& caps) {
    const auto& vocab = CapabilityVocabulary();
    for (size_t i = 0; i < caps.size(); ++i) {
      if (std::find(vocab.begin(), vocab.end(), caps[i]) == vocab.end())
        c.Fail(std::string(key) + "/" + std::to_string(i),
               "\"" + caps[i] + "\" is not in the capability vocabulary");
    }
  };
  // Card fields a signature may leave to its category.
  if (!s.contains("scope"))
    out->inherit.push_back("scope");
  else if (c.String(s, "scope", &card.scope, true) && !Scopes().count(card.scope))
    c.Fail("scope", "\"" + card.scope + "\" is not one of " + Join(Scopes()));
  if (!s.contains("capabilities"))
    out->inherit.push_back("capabilities");
  else if (c.StringArray(s, "capabilities", &card.capabilities, true, 1))
    check_caps("capabilities", card.capabilities);
  if (c.StringArray(s, "least_capabilities", &card.least_capabilities, false, 0))
    check_caps("least_capabilities", card.least_capabilities);
  if (!s.contains("irreversible"))
    out->inherit.push_back("irreversible");
  else
    c.StringArray(s, "irreversible", &card.irreversible, true, 0);
  if (!s.contains("expires"))
    out->inherit.push_back("expires");
  else if (c.String(s, "expires", &card.expires, true) && !Expiries().count(card.expires))
    c.Fail("expires", "\"" + card.expires + "\" is not one of " + Join(Expiries()));
  if (!s.contains("worst_case")) out->inherit.push_back("worst_case");
  // Base damage: derived by the damage model in Finish(), unless overridden.
  card.base_blast_radius = -1;
  if (s.contains("blast_radius")) {
    if (!s["blast_radius"].is_number() || s["blast_radius"].get<double>() < 0 ||
        s["blast_radius"].get<double>() > 10)
      c.Fail("blast_radius", "must be a number from 0 to 10");
    else
      card.base_blast_radius = s["blast_radius"].get<double>();
  }
  c.String(s, "blast_radius_reason", &card.blast_radius_reason, false);
  std::string sev;
  if (c.String(s, "base_severity", &sev, false)) {
    if (!ParseSeverity(sev, &card.base_severity))
      c.Fail("base_severity", "\"" + sev + "\" is not one of critical|high|medium|low|info");
    else if (card.base_blast_radius >= 0 && SeverityForScore(card.base_blast_radius) != card.base_severity)
      c.Fail("base_severity", std::string("does not match blast_radius bucket (") +
                                  SeverityName(SeverityForScore(card.base_blast_radius)) + ")");
  }
  if (s.contains("worst_case")) c.String(s, "worst_case", &card.worst_case, true);
  if (!s.contains("remediation") || !s["remediation"].is_object()) {
    c.Fail("remediation", "required object {revoke, replace} is missing");
  } else {
    c.String(s["remediation"], "revoke", &card.revoke, true);
    c.String(s["remediation"], "replace", &card.replace, true);
  }
  if (require_examples || s.contains("examples")) c.Examples(s, "examples", &out->examples, 2);
  if (require_examples || s.contains("negative_examples"))
    c.Examples(s, "negative_examples", &out->negative_examples, 1);
  return !c.failed();
}

}  // namespace

std::string DamageDisagreement(const RuleCard& card, double tolerance) {
  if (std::abs(card.base_blast_radius - card.model_blast_radius) <= tolerance ||
      !card.blast_radius_reason.empty())
    return "";
  return card.source_file + ": " + card.id + ": blast_radius " +
         fmt::format("{:.1f}", card.base_blast_radius) + " differs from the damage model's " +
         fmt::format("{:.2f}", card.model_blast_radius) + " (" + card.damage_derivation + ") by more than " +
         fmt::format("{:.1f}", tolerance) + ": fix the card or give blast_radius_reason";
}

const std::vector<std::string>& CapabilityVocabulary() {
  static const std::vector<std::string> k{
      "data:read",        "data:write",     "data:delete",      "infra:read",     "infra:write",
      "infra:delete",     "backups:delete", "deploy:write",     "code:read",      "code:write",
      "ci:write",         "secrets:read",   "secrets:write",    "identity:admin", "identity:impersonate",
      "account:admin",    "billing:read",   "billing:spend",    "payments:read",  "payments:move-money",
      "messaging:send",   "messaging:read", "packages:publish", "dns:write",      "logs:read",
      "monitoring:write", "webhooks:forge", "public:identify"};
  return k;
}

std::string ExpandPatternMacros(const std::string& pattern) {
  static const std::vector<std::pair<std::string, std::string>> kMacros{
      {"{{assign}}",
       R"((?:[A-Za-z0-9_.\-]{0,40}["'\x60]?\]?[ \t]{0,5}(?:=|:=|=>|:|,)[ \t]{0,5}["'\x60(]?[ \t]{0,2}))"},
      {"{{uuid}}", "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"},
  };
  std::string out = pattern;
  for (const auto& [name, body] : kMacros) {
    for (size_t pos = out.find(name); pos != std::string::npos; pos = out.find(name, pos + body.size()))
      out.replace(pos, name.size(), body);
  }
  return out;
}

bool SignatureDb::Mutable(const char* what) {
  if (!finished_) return true;
  errors_.push_back(std::string("SignatureDb::") + what + " after Finish(): the database is immutable");
  return false;
}

Status SignatureDb::Disable(const std::vector<std::string>& ids) {
  if (!Mutable("Disable")) return Status::Internal(errors_.back());
  disabled_.insert(ids.begin(), ids.end());
  return Status::Ok();
}

void SignatureDb::AddBuiltin() {
  if (!Mutable("AddBuiltin")) return;
#ifdef BLASTRADIUS_HAVE_SIGNATURE_BLOB
  if (!signatures_.empty() || damage_.loaded() || categories_.loaded()) {
    errors_.push_back("SignatureDb::AddBuiltin() must come before any other signature file");
    return;
  }
  SignatureBlobContents builtin;
  if (Status s = DecodeSignatureBlob(EmbeddedSignatureBlob(), &builtin); !s.ok()) {
    errors_.push_back(s.message());
    return;
  }
  damage_ = std::move(builtin.damage);
  categories_ = std::move(builtin.categories);
  damage_builtin_ = categories_builtin_ = true;
  documented_.merge(builtin.documented);
  signatures_ = std::move(builtin.signatures);
#else
  AddBuiltinSources();
#endif
  for (const auto& sig : signatures_) builtin_ids_.insert(sig.card.id);
  position_by_id_.reset();  // built when a file adds signatures
}

void SignatureDb::AddDirectory(const std::string& dir) {
  if (!Mutable("AddDirectory")) return;
  std::error_code ec;
  std::vector<std::filesystem::path> files, documented_files;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".json" && it->path().filename() != "schema.json")
      files.push_back(it->path());
    else if (it->path().filename() == "documented-examples.txt")
      documented_files.push_back(it->path());
  }
  if (ec) {
    errors_.push_back(dir + ": cannot read signature directory: " + ec.message());
    return;
  }
  std::sort(files.begin(), files.end());
  for (const auto& p : documented_files) {
    std::string text;
    if (Status s = ReadWholeFile(p.string(), &text); !s.ok()) {
      errors_.push_back(s.message());
      continue;
    }
    AddDocumentedExamples(text);
  }
  for (const auto& p : files) {
    std::string text;
    if (Status s = ReadWholeFile(p.string(), &text); !s.ok()) {
      errors_.push_back(s.message());
      continue;
    }
    if (!AddModelFile(p.string(), text)) AddFile(p.string(), text, /*may_replace=*/true);
  }
}

bool SignatureDb::AddModelFile(const std::string& name, std::string_view text) {
  std::string base = std::filesystem::path(name).filename().string();
  Status s;
  if (base == "damage.json") {
    s = DamageModel::Parse(text, name, &damage_);
    damage_builtin_ = false;
  } else if (base == "categories.json") {
    s = ProviderCategories::Parse(text, name, &categories_);
    categories_builtin_ = false;
  } else {
    return false;
  }
  if (!s.ok()) errors_.push_back(s.message());
  return true;
}

#ifdef BLASTRADIUS_HAVE_SIGNATURE_BLOB
void SignatureDb::LoadBuiltinModels() {
  if (damage_.loaded() && categories_.loaded()) return;
  DamageModel damage;
  ProviderCategories categories;
  if (Status s = DecodeSignatureBlobModels(EmbeddedSignatureBlob(), &damage, &categories); !s.ok()) {
    errors_.push_back(s.message());
    return;
  }
  if (!damage_.loaded()) {
    damage_ = std::move(damage);
    damage_builtin_ = true;
  }
  if (!categories_.loaded()) {
    categories_ = std::move(categories);
    categories_builtin_ = true;
  }
}
#endif  // else in builtin_sources.cc, from the JSON sources

void SignatureDb::AddDocumentedExamples(std::string_view text) {
  if (!Mutable("AddDocumentedExamples")) return;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(start, nl - start));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line[0] != '#') documented_.insert(line);
    start = nl + 1;
  }
}

void SignatureDb::AddFile(const std::string& name, std::string_view text, bool may_replace,
                          bool require_examples) {
  if (!Mutable("AddFile")) return;
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    errors_.push_back(name + ": invalid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    return;
  }
  if (!doc.is_object()) {
    errors_.push_back(name + ": /: must be an object {provider, name, signatures}");
    return;
  }
  for (auto& [k, v] : doc.items()) {
    if (k != "provider" && k != "name" && k != "signatures" && k != "$schema" && k != "category")
      errors_.push_back(name + ": /" + k + ": unknown key");
  }
  std::string provider, provider_name;
  if (!doc.contains("provider") || !doc["provider"].is_string() ||
      doc["provider"].get<std::string>().empty()) {
    errors_.push_back(name + ": /provider: required string is missing");
  } else {
    provider = doc["provider"].get<std::string>();
  }
  if (!doc.contains("name") || !doc["name"].is_string()) {
    errors_.push_back(name + ": /name: required string is missing");
  } else {
    provider_name = doc["name"].get<std::string>();
  }
  if (!doc.contains("signatures") || !doc["signatures"].is_array() || doc["signatures"].empty()) {
    errors_.push_back(name + ": /signatures: required non-empty array is missing");
    return;
  }
  std::string category;
  if (doc.contains("category")) {
    if (!doc["category"].is_string())
      errors_.push_back(name + ": /category: must be a string");
    else
      category = doc["category"].get<std::string>();
  }
  const json& sigs = doc["signatures"];
  for (size_t i = 0; i < sigs.size(); ++i) {
    Signature sig;
    std::string pointer = "/signatures/" + std::to_string(i);
    if (!ParseSignature(sigs[i], name, pointer, provider, provider_name, category, require_examples, &errors_,
                        &sig))
      continue;
    if (!position_by_id_) {
      position_by_id_.emplace();
      for (size_t k = 0; k < signatures_.size(); ++k) position_by_id_->emplace(signatures_[k].card.id, k);
    }
    auto known = position_by_id_->find(sig.card.id);
    if (known != position_by_id_->end()) {
      Signature* dup = &signatures_[known->second];
      if (may_replace) {
        // Allowed (a directory may override a built-in or an earlier
        // directory), but never silently: say which definition won.
        warnings_.push_back(name + ": " + pointer + "/id (" + sig.card.id + "): replaces the " +
                            (builtin_ids_.count(sig.card.id) ? "built-in signature" : "signature") +
                            " defined in " + dup->card.source_file + "; the one in " + name + " is used");
        builtin_ids_.erase(sig.card.id);
        *dup = std::move(sig);
      } else {
        errors_.push_back(name + ": " + pointer + "/id (" + sig.card.id +
                          "): duplicate id, first defined in " + dup->card.source_file);
      }
      continue;
    }
    position_by_id_->emplace(sig.card.id, signatures_.size());
    signatures_.push_back(std::move(sig));
  }
}

Status SignatureDb::Finish() {
  if (!Mutable("Finish")) return Status::Internal(errors_.back());
  finished_ = true;
  LoadBuiltinModels();
  // Built-in cards of the build-time form were finished while building,
  // with these very models unless a directory supplied its own.
  const bool keep_prefinished = damage_builtin_ && categories_builtin_;
  std::set<std::string> ids;  // built on first use: the built-in cards need none
  for (auto& s : signatures_) {
    RuleCard& card = s.card;
    if (s.prefinished) {
      if (keep_prefinished) {
        if (!s.prefinished->damage_disagreement.empty())
          damage_disagreements_.push_back(s.prefinished->damage_disagreement);
        continue;
      }
      // Other models: back to the card as its file set it, then as below.
      for (const auto& field : s.inherit) {
        if (field == "scope") card.scope.clear();
        if (field == "capabilities") card.capabilities.clear();
        if (field == "irreversible") card.irreversible.clear();
        if (field == "expires") card.expires.clear();
        if (field == "worst_case") card.worst_case.clear();
      }
      card.inferred_from_category = false;
      card.base_blast_radius = s.prefinished->base_blast_radius;
      card.base_severity = s.prefinished->base_severity;
      card.model_blast_radius = 0;
      card.damage_derivation.clear();
      s.prefinished.reset();
    }
    std::string where = card.source_file + ": " + card.id;
    if (!card.pairs_with.empty() && ids.empty()) {
      for (const auto& other : signatures_) ids.insert(other.card.id);
    }
    for (const auto& p : card.pairs_with) {
      if (!ids.count(p)) errors_.push_back(where + ": pairs_with names unknown id " + p);
    }
    const CategoryDefaults* cat = card.category.empty() ? nullptr : categories_.Find(card.category);
    if (!card.category.empty() && !cat) {
      errors_.push_back(where + ": unknown category \"" + card.category + "\"");
      continue;
    }
    for (const auto& field : s.inherit) {
      if (!cat) {
        errors_.push_back(where + ": no " + field + " and no category to inherit it from");
        continue;
      }
      if (field == "scope") card.scope = cat->scope;
      if (field == "capabilities") card.capabilities = cat->capabilities;
      if (field == "irreversible") card.irreversible = cat->irreversible;
      if (field == "expires") card.expires = cat->expires;
      if (field == "worst_case") card.worst_case = cat->worst_case;
      if (field == "scope" || field == "capabilities") card.inferred_from_category = true;
    }
    if (!damage_.loaded()) {
      errors_.push_back("signatures/damage.json: the damage model is missing");
      break;
    }
    card.model_blast_radius = damage_.Derive(card, &card.damage_derivation);
    if (s.decode == DecodeKind::kFlyMacaroon) {
      for (const char* scope :
           {"organisation", "account", "workspace", "project", "environment", "resource"}) {
        RuleCard narrowed = card;
        narrowed.scope = scope;
        card.narrowed_damage[scope] = damage_.Derive(narrowed, nullptr);
        if (card.least_capabilities.empty()) continue;
        narrowed.capabilities = card.least_capabilities;
        narrowed.irreversible.clear();
        card.narrowed_damage[std::string(scope) + "+read-only"] = damage_.Derive(narrowed, nullptr);
      }
    }
    // Findings that can name their account (a URL's user, a generic
    // password's key): the damage per account class.
    // Only URLs name a service and user; a key names a privileged account.
    if (s.decode == DecodeKind::kUrlUserinfo || card.generic) {
      for (const auto& k : damage_.account_classes()) {
        if (s.decode == DecodeKind::kUrlUserinfo ? k.rfind("key/", 0) == 0 : !damage_.IsKeyAccountClass(k))
          continue;
        AccountDamage a;
        if (damage_.DeriveAccount(card, k, &a)) card.account_damage[k] = std::move(a);
      }
    }
    if (card.base_blast_radius < 0) {
      card.base_blast_radius = card.model_blast_radius;
    } else if (std::string d = DamageDisagreement(card, damage_.tolerance()); !d.empty()) {
      damage_disagreements_.push_back(std::move(d));
    }
    card.base_severity = SeverityForScore(std::min(card.base_blast_radius, 10.0));
  }
  // Validated as a whole; the disabled signatures leave before anything can
  // point at the final set.
  if (!disabled_.empty()) {
    signatures_.erase(std::remove_if(signatures_.begin(), signatures_.end(),
                                     [&](const Signature& s) { return disabled_.count(s.card.id) != 0; }),
                      signatures_.end());
  }
  if (errors_.empty()) return Status::Ok();
  std::string msg;
  for (const auto& e : errors_) msg += (msg.empty() ? "" : "\n") + e;
  return Status::InvalidArgument(msg);
}

}  // namespace blastradius
