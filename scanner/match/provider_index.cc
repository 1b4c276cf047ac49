#include "scanner/match/provider_index.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <unordered_set>
#include <vector>

#include "scanner/core/ascii.h"
#include "scanner/core/key_words.h"

namespace blastradius {
namespace {

// Provider words too common to name a provider on their own.
const std::unordered_set<std::string_view>& CommonWords() {
  static const std::unordered_set<std::string_view> k{
      "cloud",  "api",   "secret", "token",  "password", "generic", "http",    "database", "auth",   "data",
      "mail",   "email", "chat",   "search", "private",  "keys",    "config",  "server",   "client", "app",
      "apps",   "line",  "box",    "front",  "close",    "drip",    "loops",   "plain",    "unit",   "matrix",
      "signal", "daily", "radar",  "make",   "wise",     "ramp",    "mercury", "modal",    "writer", "scale",
      "comet",  "split", "runway", "lambda", "together", "segment", "render",  "railway"};
  return k;
}

// Words that name no provider: a key name made of these only (API_KEY,
// KEY_ID, apikey, SECRET_KEY, client_secret, S3_SECRET_KEY) is used by many.
bool GenericKeyWord(const std::string& w) {
  static const std::unordered_set<std::string_view> k{
      "api",        "apikey",      "key",          "keys",      "id",          "secret",
      "secrets",    "token",       "tokens",       "access",    "accesskey",   "auth",
      "client",     "password",    "passwd",       "pass",      "pwd",         "private",
      "public",     "app",         "application",  "account",   "user",        "username",
      "oauth",      "bearer",      "session",      "signing",   "sign",        "master",
      "admin",      "service",     "consumer",     "refresh",   "bot",         "webhook",
      "url",        "uri",         "endpoint",     "host",      "server",      "config",
      "credential", "credentials", "cred",         "creds",     "license",     "login",
      "code",       "hash",        "salt",         "value",     "env",         "prod",
      "production", "dev",         "test",         "live",      "sk",          "pk",
      "s3",         "read",        "write",        "only",      "org",         "organization",
      "project",    "workspace",   "team",         "default",   "global",      "personal",
      "pat",        "integration", "management",   "mgmt",      "root",        "base",
      "encryption", "jwt",         "hmac",         "cert",      "certificate", "ssh",
      "deploy",     "ci",          "db",           "database",  "region",      "instance",
      "tenant",     "connection",  "string",       "conn",      "mail",        "smtp",
      "email",      "secretkey",   "apitoken",     "authtoken", "accesstoken", "clientsecret",
      "clientid",   "keyid",       "appkey",       "appid",     "appsecret",   "webhooks",
      "signature",  "verify",      "verification", "storage",   "cloud",       "sdk",
      "dsn",        "aes",         "rsa",          "b64",       "base64",      "new",
      "old",        "my",          "the",          "x",         "v1",          "v2"};
  if (k.count(w)) return true;
  return std::all_of(w.begin(), w.end(), IsAsciiDigit);
}

// The names a provider goes by, lower case, without separators: its slug
// (digitalocean) and its display name joined (DigitalOcean, "MongoDB Atlas"
// -> mongodbatlas) and word by word where a word is distinctive (atlas,
// "Hex.pm" -> hex).
std::vector<std::string> BrandNames(const RuleCard& c) {
  std::vector<std::string> out;
  if (c.provider.size() >= 2) out.push_back(AsciiLower(c.provider));
  std::vector<std::string> words = KeyWords(c.provider_name);
  std::string joined;
  for (const auto& w : words) joined += w;
  if (joined.size() >= 2) out.push_back(joined);
  for (const auto& w : words)
    if (w.size() >= 3 && !GenericKeyWord(w) && !CommonWords().count(w)) out.push_back(w);
  return out;
}

// How long a brand name `key_words` holds (0: none): one of its words, or
// two or three adjacent words joined (DIGITAL_OCEAN_TOKEN), equal to a brand
// name; or a word starting with a brand name of 5 letters or more
// (GITHUBTOKEN).
size_t BrandInKey(const std::vector<std::string>& key_words, const std::vector<std::string>& brands) {
  size_t best = 0;
  for (const auto& b : brands) {
    const std::string_view brand(b);
    for (size_t i = 0; i < key_words.size(); ++i) {
      // Words i, i+1, i+2 joined equal the brand: match them in place.
      std::string_view rest = brand;
      for (size_t n = 0; n < 3 && i + n < key_words.size(); ++n) {
        const std::string& w = key_words[i + n];
        if (rest.substr(0, w.size()) != w) break;
        rest.remove_prefix(w.size());
        if (rest.empty()) {
          best = std::max(best, brand.size());
          break;
        }
      }
      if (brand.size() >= 5 && key_words[i].rfind(brand, 0) == 0) best = std::max(best, brand.size());
    }
  }
  return best;
}

}  // namespace

void ProviderIndex::Build() const {
  std::call_once(built_, [this] {
    const RuleSet& rules = rules_;
    const auto& all = rules.rules();
    auto card = [&](int i) -> const RuleCard& { return all[i].signature->card; };
    auto better = [&](int a, int b) { return card(a).base_blast_radius > card(b).base_blast_radius; };
    auto put = [&](std::unordered_map<std::string, int>& m, const std::string& k, int i) {
      auto [it, inserted] = m.try_emplace(k, i);
      if (!inserted && better(i, it->second)) it->second = i;
    };
    std::unordered_map<std::string, std::vector<int>> listed;  // key name -> rules listing it
    // BrandNames of each rule that lists key names, computed once: a rule
    // lists several.
    std::vector<std::vector<std::string>> brands(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      const RuleCard& c = all[i].signature->card;
      if (c.generic) continue;
      if (c.base_blast_radius <= 0 || c.pair_role == "id") {
        for (const auto& k : c.context_key_names) public_keys_.insert(AsciiUpper(k));
        continue;
      }
      int idx = static_cast<int>(i);
      Card entry{idx, c.base_blast_radius, {}};
      if (!c.context_key_names.empty()) brands[i] = BrandNames(c);
      for (const auto& k : c.context_key_names) {
        listed[AsciiUpper(k)].push_back(idx);
        entry.key_words.push_back(KeyWords(k));
      }
      cards_[c.provider].push_back(std::move(entry));
      for (const auto& h : c.context_hosts) put(by_host_, AsciiLower(h), idx);
      if (c.provider.size() >= 4 && !CommonWords().count(c.provider)) by_provider_[c.provider] = c.provider;
    }
    for (const auto& [key, idxs] : listed) {
      std::vector<std::string> words = KeyWords(key);
      // The providers whose brand the name holds, longest brand first.
      size_t longest = 0;
      std::set<std::string> branded, providers;
      for (int i : idxs) {
        providers.insert(card(i).provider);
        size_t n = BrandInKey(words, brands[i]);
        if (n == 0 || n < longest) continue;
        if (n > longest) branded.clear();
        longest = n;
        branded.insert(card(i).provider);
      }
      bool own_word =
          std::any_of(words.begin(), words.end(), [](const std::string& w) { return !GenericKeyWord(w); });
      std::string owner;
      if (branded.size() == 1)
        owner = *branded.begin();
      else if (branded.empty() && providers.size() == 1 && own_word)
        owner = *providers.begin();
      if (owner.empty()) {
        ambiguous_[key].assign(providers.begin(), providers.end());
        continue;
      }
      for (int i : idxs)
        if (card(i).provider == owner) put(by_key_, key, i);
    }
    for (const auto& [key, rule] : by_key_) public_keys_.erase(key);
  });
}

ProviderMatch ProviderIndex::ForKey(std::string_view key_name) const {
  Build();
  ProviderMatch m;
  if (key_name.empty()) return m;
  if (auto it = by_key_.find(AsciiUpper(key_name)); it != by_key_.end()) {
    m.rule = it->second;
    m.exact = true;
    m.why = "key name " + std::string(key_name);
    return m;
  }
  if (public_keys_.count(AsciiUpper(key_name))) return m;
  std::vector<std::string> words = KeyWords(key_name);
  std::set<std::string> in_key(words.begin(), words.end());
  // The provider's card whose own key name the key contains (most words
  // first), else its most damaging card; then by blast radius.
  auto best_card = [&](const std::vector<Card>& cards) {
    const Card* best = nullptr;
    size_t best_words = 0;
    double best_radius = -1;
    for (const Card& c : cards) {
      size_t n = 0;
      for (const auto& kw : c.key_words) {
        bool all = !kw.empty() && std::all_of(kw.begin(), kw.end(),
                                              [&](const std::string& x) { return in_key.count(x) > 0; });
        if (all) n = std::max(n, kw.size());
      }
      if (!best || n > best_words || (n == best_words && c.radius > best_radius)) {
        best = &c;
        best_words = n;
        best_radius = c.radius;
      }
    }
    return best;
  };
  // A provider named by a word, or by two or three adjacent words joined
  // (GIT_HUB_TOKEN, IPinfoToken: i pinfo token), earliest first.
  for (size_t i = 0; i < words.size(); ++i) {
    std::string name;
    for (size_t n = 0; n < 3 && i + n < words.size(); ++n) {
      name += words[i + n];
      auto it = by_provider_.find(name);
      if (it == by_provider_.end()) continue;
      if (const Card* best = best_card(cards_.at(it->second))) {
        m.rule = best->rule;
        m.why = "key name " + std::string(key_name) + " names " + name;
        return m;
      }
    }
  }
  return m;
}

ProviderMatch ProviderIndex::ForHost(std::string_view text, std::string* host) const {
  Build();
  static const RE2 kHost(R"((?i)(?:https?://|\b)((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b)");
  ProviderMatch m;
  re2::StringPiece in(text.data(), text.size());
  std::string h;
  while (RE2::FindAndConsume(&in, kHost, &h)) {
    std::string lh = AsciiLower(h);
    if (lh.find('.') == std::string::npos) continue;
    if (host && host->empty()) *host = lh;
    // The host or any parent domain (eu.api.example.io -> api.example.io).
    for (std::string_view d = lh; !d.empty();) {
      if (auto it = by_host_.find(std::string(d)); it != by_host_.end()) {
        m.rule = it->second;
        m.exact = true;
        m.why = "host " + lh;
        if (host) *host = lh;
        return m;
      }
      size_t dot = d.find('.');
      if (dot == std::string_view::npos) break;
      d.remove_prefix(dot + 1);
      if (d.find('.') == std::string_view::npos) break;  // never a bare TLD+1 like "io"
    }
  }
  return m;
}

ProviderMatch HostsNearCredentials::Find(Span credential, std::string* host) {
  const size_t b = lines_.LineStart(credential.begin), e = lines_.LineEnd(credential.end);
  if (!valid_ || b != begin_ || e != end_) {
    begin_ = b;
    end_ = e;
    valid_ = true;
    host_.clear();
    match_ = index_.ForHost(data_.substr(b, e - b), &host_);
    if (match_.rule < 0 && host_.empty()) {
      size_t wb = b, we = e;
      for (int n = 0; n < 2; ++n) {
        if (wb > 0) wb = LineStartAt(data_, wb - 1);
        if (we < data_.size()) we = std::min(data_.find('\n', we + 1), data_.size());
      }
      match_ = index_.ForHost(data_.substr(wb, we - wb), &host_);
    }
  }
  *host = host_;
  return match_;
}

}  // namespace blastradius
