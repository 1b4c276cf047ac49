#include "scanner/sig/damage_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "scanner/core/ascii.h"
#include "scanner/core/key_words.h"

namespace blastradius {
namespace {

using json = nlohmann::json;

Status ReadNumberMap(const json& doc, const char* key, const std::string& name,
                     std::map<std::string, double>* out) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_object())
    return Status::InvalidArgument(name + ": /" + key + ": required object");
  for (auto& [k, v] : it->items()) {
    if (!v.is_number()) return Status::InvalidArgument(name + ": /" + key + "/" + k + ": must be a number");
    (*out)[k] = v.get<double>();
  }
  return Status::Ok();
}

Status ReadNumber(const json& doc, const char* key, const std::string& name, double* out) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_number())
    return Status::InvalidArgument(name + ": /" + key + ": required number");
  *out = it->get<double>();
  return Status::Ok();
}

Status ReadStrings(const json& obj, const char* key, const std::string& where,
                   std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array())
    return Status::InvalidArgument(where + "/" + key + ": required array of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) return Status::InvalidArgument(where + "/" + key + ": must hold strings only");
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

bool AnyIn(const std::vector<std::string>& words, const std::vector<std::string>& set) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return std::find(set.begin(), set.end(), w) != set.end(); });
}

}  // namespace

Status DamageModel::Parse(std::string_view text, const std::string& name, DamageModel* out) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Status::InvalidArgument(name + ": not a JSON object");
  DamageModel m;
  for (auto [key, map] :
       {std::pair{"capability_weights", &m.weights_}, std::pair{"scope_adjust", &m.scope_adjust_},
        std::pair{"expiry_adjust", &m.expiry_adjust_}}) {
    if (Status s = ReadNumberMap(doc, key, name, map); !s.ok()) return s;
  }
  for (auto [key, value] :
       {std::pair{"breadth_per_weight", &m.breadth_per_weight_}, std::pair{"breadth_max", &m.breadth_max_},
        std::pair{"irreversible_bonus", &m.irreversible_bonus_},
        std::pair{"test_mode_adjust", &m.test_mode_adjust_}, std::pair{"public_cap", &m.public_cap_},
        std::pair{"tolerance", &m.tolerance_}}) {
    if (Status s = ReadNumber(doc, key, name, value); !s.ok()) return s;
  }
  // Account factors: optional (a model without them applies none).
  if (auto acc = doc.find("accounts"); acc != doc.end()) {
    const std::string where = name + ": /accounts";
    if (!acc->is_object()) return Status::InvalidArgument(where + ": must be an object");
    auto services = acc->find("services");
    if (services == acc->end() || !services->is_object())
      return Status::InvalidArgument(where + "/services: required object");
    for (auto& [service, schemes] : services->items()) {
      std::vector<std::string> list;
      if (Status s = ReadStrings(*services, service.c_str(), where + "/services", &list); !s.ok()) return s;
      for (auto& scheme : list) m.service_of_scheme_[scheme] = service;
    }
    for (auto [key, list] :
         {std::pair{"privileged_users", &m.privileged_}, std::pair{"read_only_users", &m.read_only_},
          std::pair{"anonymous_users", &m.anonymous_}, std::pair{"password_key_words", &m.password_words_}}) {
      if (Status s = ReadStrings(*acc, key, where, list); !s.ok()) return s;
    }
    auto classes = acc->find("classes");
    if (classes == acc->end() || !classes->is_object())
      return Status::InvalidArgument(where + "/classes: required object");
    for (auto& [id, c] : classes->items()) {
      const std::string at = where + "/classes/" + id;
      AccountClass k;
      if (!c.is_object()) return Status::InvalidArgument(at + ": must be an object");
      if (Status s = ReadStrings(c, "capabilities", at, &k.capabilities); !s.ok()) return s;
      for (const auto& cap : k.capabilities)
        if (!m.weights_.count(cap))
          return Status::InvalidArgument(at + "/capabilities: no weight for " + cap);
      if (!c.contains("scope") || !c["scope"].is_string() ||
          !m.scope_adjust_.count(c["scope"].get<std::string>()))
        return Status::InvalidArgument(at + "/scope: required, one of scope_adjust's keys");
      k.scope = c["scope"].get<std::string>();
      if (!c.contains("irreversible") || !c["irreversible"].is_boolean())
        return Status::InvalidArgument(at + "/irreversible: required boolean");
      k.irreversible = c["irreversible"].get<bool>();
      if (!c.contains("reason") || !c["reason"].is_string() || c["reason"].get<std::string>().empty())
        return Status::InvalidArgument(at + "/reason: required string");
      k.reason = c["reason"].get<std::string>();
      m.account_classes_[id] = std::move(k);
      m.account_order_.push_back(id);
    }
  }
  *out = std::move(m);
  return Status::Ok();
}

std::string DamageModel::ClassifyUrlAccount(std::string_view scheme, std::string_view user) const {
  // "postgresql+psycopg2" and "mongodb+srv" name their base scheme.
  std::string s;
  for (char ch : scheme.substr(0, scheme.find('+'))) s += AsciiToLower(ch);
  auto svc = service_of_scheme_.find(s);
  if (svc == service_of_scheme_.end() || user.empty()) return "";
  std::vector<std::string> words = KeyWords(user);
  std::string whole;
  for (char ch : user) whole += AsciiToLower(ch);
  if (std::find(anonymous_.begin(), anonymous_.end(), whole) != anonymous_.end()) return "";
  const char* account = AnyIn(words, read_only_)    ? "read-only"
                        : AnyIn(words, privileged_) ? "privileged"
                                                    : "user";
  for (const std::string& k : {svc->second + "/" + account, svc->second + "/user"})
    if (account_classes_.count(k)) return k;
  return "";
}

std::string DamageModel::ClassifyKeyAccount(std::string_view key_name) const {
  std::vector<std::string> words = KeyWords(key_name);
  if (!AnyIn(words, password_words_) || !AnyIn(words, privileged_)) return "";
  bool database = std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    auto it = service_of_scheme_.find(w);
    return it != service_of_scheme_.end() && it->second == "database";
  });
  std::string k = database ? "database/privileged" : "key/privileged";
  return account_classes_.count(k) ? k : "";
}

bool DamageModel::DeriveAccount(const RuleCard& card, const std::string& account_class,
                                AccountDamage* out) const {
  auto it = account_classes_.find(account_class);
  if (it == account_classes_.end()) return false;
  RuleCard c = card;
  c.capabilities = it->second.capabilities;
  c.scope = it->second.scope;
  c.irreversible.clear();
  if (it->second.irreversible) c.irreversible.push_back(it->second.reason);
  out->damage = Derive(c, &out->derivation);
  out->reason = it->second.reason;
  return true;
}

double DamageModel::Derive(const RuleCard& card, std::string* derivation) const {
  std::vector<std::pair<double, std::string>> w;
  bool is_public = false;
  for (const auto& cap : card.capabilities) {
    if (cap == "public:identify") {
      is_public = true;
      continue;
    }
    auto it = weights_.find(cap);
    w.emplace_back(it == weights_.end() ? 0.0 : it->second, cap);
  }
  if (w.empty()) {
    if (derivation) *derivation = "public:identify only: identifies, does not authorise";
    return 0;
  }
  std::sort(w.begin(), w.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  double rest = 0;
  for (size_t i = 1; i < w.size(); ++i) rest += w[i].first;
  double breadth = std::min(breadth_max_, breadth_per_weight_ * rest);
  auto adjust = [](const std::map<std::string, double>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? 0.0 : it->second;
  };
  double scope = adjust(scope_adjust_, card.scope);
  double irreversible = card.irreversible.empty() ? 0.0 : irreversible_bonus_;
  double expiry = adjust(expiry_adjust_, card.expires);
  double test = card.test_mode ? test_mode_adjust_ : 0.0;
  double raw = w[0].first + breadth + scope + irreversible + expiry + test;
  std::string text = fmt::format("{} {:.1f} + breadth {:.2f} ({} more) {:+.1f} scope {} ", w[0].second,
                                 w[0].first, breadth, w.size() - 1, scope, card.scope);
  if (irreversible != 0) text += fmt::format("{:+.1f} irreversible ", irreversible);
  text += fmt::format("{:+.1f} expires {}", expiry, card.expires);
  if (test != 0) text += fmt::format(" {:+.1f} test mode", test);
  if (is_public && raw > public_cap_) {
    raw = public_cap_;
    text += fmt::format(", capped at {:.1f}: public by design", public_cap_);
  }
  raw = std::max(raw, 0.1);
  if (derivation) *derivation = text + fmt::format(" = {:.2f}", raw);
  return raw;
}

Status ProviderCategories::Parse(std::string_view text, const std::string& name, ProviderCategories* out) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("categories") || !doc["categories"].is_object())
    return Status::InvalidArgument(name + ": /categories: required object");
  ProviderCategories cats;
  for (auto& [id, c] : doc["categories"].items()) {
    std::string where = name + ": /categories/" + id;
    if (!c.is_object()) return Status::InvalidArgument(where + ": must be an object");
    CategoryDefaults d;
    d.id = id;
    try {
      d.name = c.at("name").get<std::string>();
      d.scope = c.at("scope").get<std::string>();
      d.expires = c.at("expires").get<std::string>();
      d.worst_case = c.at("worst_case").get<std::string>();
      d.capabilities = c.at("capabilities").get<std::vector<std::string>>();
      d.irreversible = c.at("irreversible").get<std::vector<std::string>>();
    } catch (const json::exception& e) {
      return Status::InvalidArgument(where + ": " + e.what());
    }
    cats.by_id_[id] = std::move(d);
  }
  *out = std::move(cats);
  return Status::Ok();
}

const CategoryDefaults* ProviderCategories::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

}  // namespace blastradius
