#include "scanner/match/provider_index.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace blastradius {
namespace {

std::string Upper(std::string_view s) {
  std::string o(s);
  std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return std::toupper(c); });
  return o;
}
std::string Lower(std::string_view s) {
  std::string o(s);
  std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return std::tolower(c); });
  return o;
}

// Words of a key name: split on non-alphanumerics and camelCase.
std::vector<std::string> Words(std::string_view key) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < key.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    bool boundary = !std::isalnum(c) ||
                    (i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(key[i - 1])));
    if (boundary && !cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
    if (std::isalnum(c)) cur.push_back(static_cast<char>(std::tolower(c)));
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Provider words too common to name a provider on their own.
const std::set<std::string>& CommonWords() {
  static const std::set<std::string> k{
      "cloud",  "api",   "secret", "token",  "password", "generic", "http",    "database", "auth",   "data",
      "mail",   "email", "chat",   "search", "private",  "keys",    "config",  "server",   "client", "app",
      "apps",   "line",  "box",    "front",  "close",    "drip",    "loops",   "plain",    "unit",   "matrix",
      "signal", "daily", "radar",  "make",   "wise",     "ramp",    "mercury", "modal",    "writer", "scale",
      "comet",  "split", "runway", "lambda", "together", "segment", "render",  "railway"};
  return k;
}

}  // namespace

void ProviderIndex::Build() const {
  std::call_once(built_, [this] {
    const auto& all = rules_.rules();
    auto better = [&](int a, int b) {
      return all[a].signature->card.base_blast_radius > all[b].signature->card.base_blast_radius;
    };
    auto put = [&](std::map<std::string, int>& m, const std::string& k, int i) {
      auto it = m.find(k);
      if (it == m.end() || better(i, it->second)) m[k] = i;
    };
    for (size_t i = 0; i < all.size(); ++i) {
      const RuleCard& c = all[i].signature->card;
      if (c.generic || c.base_blast_radius <= 0 || c.pair_role == "id") continue;
      int idx = static_cast<int>(i);
      for (const auto& k : c.context_key_names) put(by_key_, Upper(k), idx);
      for (const auto& h : c.context_hosts) put(by_host_, Lower(h), idx);
      if (c.provider.size() >= 4 && !CommonWords().count(c.provider)) put(by_provider_, c.provider, idx);
    }
  });
}

ProviderMatch ProviderIndex::ForKey(std::string_view key_name) const {
  ProviderMatch m;
  if (key_name.empty()) return m;
  Build();
  if (auto it = by_key_.find(Upper(key_name)); it != by_key_.end()) {
    m.rule = it->second;
    m.exact = true;
    m.why = "key name " + std::string(key_name);
    return m;
  }
  for (const auto& w : Words(key_name)) {
    if (auto it = by_provider_.find(w); it != by_provider_.end()) {
      m.rule = it->second;
      m.why = "key name " + std::string(key_name) + " names " + w;
      return m;
    }
  }
  return m;
}

ProviderMatch ProviderIndex::ForHost(std::string_view text, std::string* host) const {
  static const RE2 kHost(R"((?i)(?:https?://|\b)((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b)");
  Build();
  ProviderMatch m;
  re2::StringPiece in(text.data(), text.size());
  std::string h;
  while (RE2::FindAndConsume(&in, kHost, &h)) {
    std::string lh = Lower(h);
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

}  // namespace blastradius
