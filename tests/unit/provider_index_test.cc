// ProviderIndex on the repository's signatures: which key names anchor a
// provider and which are too generic to (issue 9: aws_secret_access_key was
// labelled Backblaze, key_id Apple, apikey IBM).
#include "scanner/match/provider_index.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace blastradius {
namespace {

struct Index {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<ProviderIndex> providers;
};

const Index& Repo() {
  static const std::unique_ptr<Index> index = [] {
    auto x = std::make_unique<Index>();
    x->db.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");
    REQUIRE(x->db.Finish().ok());
    REQUIRE(RuleSet::Compile(x->db, RuleSetOptions{DefaultCacheDir(), {}, nullptr}, &x->rules).ok());
    x->providers = std::make_unique<ProviderIndex>(*x->rules);
    return x;
  }();
  return *index;
}

// The provider (and, when given, the card) a key name anchors; "" for none.
struct KeyCase {
  const char* key;
  const char* provider;
  const char* card;  // nullptr: any card of the provider
};

TEST_CASE("a key name anchors only the provider it is specific to") {
  const KeyCase cases[] = {
      {"AWS_SECRET_ACCESS_KEY", "aws", nullptr},  // listed by Backblaze too; names AWS
      {"aws_secret_access_key", "aws", nullptr},
      {"KEY_ID", "", nullptr},  // generic words only
      {"key_id", "", nullptr},
      {"apikey", "", nullptr},
      {"APIKEY", "", nullptr},
      {"SECRET_KEY", "", nullptr},
      {"api_key", "", nullptr},
      {"client_secret", "", nullptr},
      {"HEROKU_API_KEY", "heroku", nullptr},
      {"JEKYLL_GITHUB_TOKEN", "github", nullptr},  // by provider name
      {"OPENAI_API_KEY", "openai", "openai.api_key.project"},
      // Off-format value under a provider's numbered variable: the card whose
      // own key name it holds, not the provider's most damaging one.
      {"OPENAI_API_KEY_3", "openai", "openai.api_key.project"},
      {"OPENAI_ADMIN_KEY_OLD", "openai", "openai.api_key.admin"},
      // Names only a public or id card lists: the value is not the
      // provider's secret, whatever the provider's other cards.
      {"PUSHER_APP_KEY", "", nullptr},
      {"PUSHER_KEY", "", nullptr},
      {"PUSHER_APP_SECRET", "pusher", "pusher.app_secret"},
      {"PUSHER_KEY_OLD", "pusher", nullptr},  // not listed: by provider name
      // Provider names with digits, in any case convention (core/key_words.h).
      {"auth0ClientSecret", "auth0", "auth0.client_secret"},
      {"neo4jToken", "neo4j", nullptr},
      {"SMTP2GO_API_KEY_2", "smtp2go", nullptr},
      // A provider name split into words by the key's convention: two or
      // three adjacent words joined.
      {"PROD_NEW_RELIC_LICENSE_KEY", "newrelic", nullptr},
      {"nasdaqDataLinkApiKey", "nasdaqdatalink", nullptr},
      {"IPinfoToken", "ipinfo", nullptr},
  };
  const Index& x = Repo();
  for (const auto& c : cases) {
    CAPTURE(c.key);
    ProviderMatch m = x.providers->ForKey(c.key);
    std::string provider = m.rule >= 0 ? x.rules->rules()[m.rule].signature->card.provider : "";
    CHECK(provider == c.provider);
    if (c.card && m.rule >= 0) CHECK(x.rules->rules()[m.rule].signature->card.id == c.card);
  }
}

TEST_CASE("generic key names that signatures list are reported as ambiguous") {
  const auto& amb = Repo().providers->ambiguous_keys();
  std::string list;
  for (const auto& [key, providers] : amb) {
    list += key + " (";
    for (size_t i = 0; i < providers.size(); ++i) list += (i ? ", " : "") + providers[i];
    list += ") ";
  }
  MESSAGE("ambiguous key names: " << list);
  for (const char* key : {"APIKEY", "SECRET_KEY", "SECRET_ACCESS_KEY", "CF_API_KEY"}) {
    CAPTURE(key);
    CHECK(amb.count(key) == 1);
  }
  CHECK(amb.count("AWS_SECRET_ACCESS_KEY") == 0);
  CHECK(amb.count("HEROKU_API_KEY") == 0);
  CHECK(amb.count("HEX_API_KEY") == 0);  // Hex.pm's own variable
}

}  // namespace
}  // namespace blastradius
