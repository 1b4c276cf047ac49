// ProviderIndex: names a provider for a value that only a fallback rule
// matched, from what surrounds it: a variable named like one of a
// signature's key names (HEROKU_API_KEY), a key name containing a provider's
// name (JEKYLL_GITHUB_TOKEN), or an API host on the same lines
// (Authorization: Bearer ... to api.particle.io). Built from a RuleSet on
// first use (std::call_once, so any thread may be first; a scan that finds
// no fallback value never builds it), then read-only and shared by every
// thread.
//
// A signature's key name anchors its provider only when the name is that
// provider's own: it holds the provider's name or brand (AWS_SECRET_ACCESS_KEY
// for AWS, though Backblaze's S3 settings list it too), or no other provider
// lists it and it has a word of its own besides the generic vocabulary
// (GH_TOKEN). Names made of generic words only (KEY_ID, apikey, SECRET_KEY)
// and names several providers list without naming one are ambiguous: they
// anchor nothing.
#ifndef BLASTRADIUS_MATCH_PROVIDER_INDEX_H_
#define BLASTRADIUS_MATCH_PROVIDER_INDEX_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scanner/core/line_index.h"
#include "scanner/core/span.h"
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

  // By the variable or key the value is assigned to. A key that names a
  // provider without being one of its key names (OPENAI_API_KEY_3) takes the
  // provider's card whose own key names it contains (OPENAI_API_KEY), else
  // the provider's most damaging card.
  ProviderMatch ForKey(std::string_view key_name) const;
  // By the first known API host named in `text` (a few lines around the
  // value). `host` receives the first host-looking name found, known or not.
  ProviderMatch ForHost(std::string_view text, std::string* host) const;

  // Key names signatures list that anchor no provider (see above), upper
  // case, each with the providers listing it: for tests and review.
  const std::map<std::string, std::vector<std::string>>& ambiguous_keys() const {
    Build();
    return ambiguous_;
  }

 private:
  struct Card {
    int rule = -1;
    double radius = 0;                                // base blast radius
    std::vector<std::vector<std::string>> key_words;  // words of each of its key names
  };
  void Build() const;
  const RuleSet& rules_;
  mutable std::once_flag built_;
  // Hash maps: the index is built on the first fallback value of a run (a
  // pre-commit scan pays for it), and only looked up afterwards.
  mutable std::unordered_map<std::string, int> by_key_;               // upper-case key name
  mutable std::unordered_map<std::string, int> by_host_;              // lower-case host
  mutable std::unordered_map<std::string, std::string> by_provider_;  // provider slug / name word -> provider
  mutable std::unordered_map<std::string, std::vector<Card>> cards_;  // provider -> its anchorable cards
  mutable std::map<std::string, std::vector<std::string>> ambiguous_;
  // Upper-case key names that only public or id cards list (PUSHER_APP_KEY):
  // a value under them is not the provider's secret, so they anchor nothing.
  mutable std::unordered_set<std::string> public_keys_;
};

// ForHost for the HTTP credentials of one blob: the line(s) holding the
// credential first, then, when they name no host at all, two lines each side
// (curl commands continued with backslashes); the nearest host decides.
// Each distinct line is looked up once, so thousands of credentials on one
// long line cost that line once, not once each. Holds views: `index` and
// `data` must outlive it. Not thread-safe: one per blob and thread.
class HostsNearCredentials {
 public:
  HostsNearCredentials(const ProviderIndex& index, std::string_view data)
      : index_(index), data_(data), lines_(data) {}
  ProviderMatch Find(Span credential, std::string* host);

 private:
  const ProviderIndex& index_;
  std::string_view data_;
  LfLineCursor lines_;
  // The last answer, for the lines [begin_, end_).
  size_t begin_ = 0, end_ = 0;
  bool valid_ = false;
  ProviderMatch match_;
  std::string host_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_PROVIDER_INDEX_H_
