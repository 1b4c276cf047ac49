// ProviderIndex: names a provider for a value that only a fallback rule
// matched, from what surrounds it: a variable named like one of a
// signature's key names (HEROKU_API_KEY), a key name containing a provider's
// name (JEKYLL_GITHUB_TOKEN), or an API host on the same lines
// (Authorization: Bearer ... to api.particle.io). Built from a RuleSet on
// first use (std::call_once, so any thread may be first; a scan that finds
// no fallback value never builds it), then read-only and shared by every
// thread.
#ifndef BLASTRADIUS_MATCH_PROVIDER_INDEX_H_
#define BLASTRADIUS_MATCH_PROVIDER_INDEX_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "scanner/match/rule_set.h"

namespace blastradius {

struct ProviderMatch {
  int rule = -1;       // index into RuleSet::rules(); -1: none
  bool exact = false;  // a signature's own key name or host, not a provider word
  std::string why;     // "key name HEROKU_API_KEY", "host api.particle.io"
};

class ProviderIndex {
 public:
  // `rules` must outlive the index.
  explicit ProviderIndex(const RuleSet& rules) : rules_(rules) {}

  // By the variable or key the value is assigned to.
  ProviderMatch ForKey(std::string_view key_name) const;
  // By the first known API host named in `text` (a few lines around the
  // value). `host` receives the first host-looking name found, known or not.
  ProviderMatch ForHost(std::string_view text, std::string* host) const;

 private:
  void Build() const;
  const RuleSet& rules_;
  mutable std::once_flag built_;
  mutable std::map<std::string, int> by_key_;       // upper-case key name
  mutable std::map<std::string, int> by_host_;      // lower-case host
  mutable std::map<std::string, int> by_provider_;  // provider slug / name word
};

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_PROVIDER_INDEX_H_
