// Scorer v2: two axes. Damage = the card's base damage (damage model) plus
// damage factors that depend on where and what the value is (environment,
// value-derived expiry). Confidence = how likely the match is a live, usable
// credential (match kind, checksum, documentation/vendored paths, exposure,
// sprawl). Severity is the damage bucket, lowered for weak confidence.
#include "scanner/score/scorer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>
#include <string>

#include "scanner/agents/agents.h"
#include "scanner/core/ascii.h"

namespace blastradius {
namespace {

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool IsControlPlaneScope(const std::string& scope) {
  return scope == "organisation" || scope == "account" || scope == "workspace";
}

Severity AsciiLower(Severity s) {
  return s > Severity::kLow ? static_cast<Severity>(static_cast<int>(s) - 1) : s;
}

std::string IsoDate(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace

std::string_view EnvironmentFromPath(std::string_view raw) {
  std::string path = AsciiLower(raw);
  std::vector<std::string> parts = Components(path);
  if (parts.empty()) return "";
  const std::string& base = parts.back();
  static const std::set<std::string> kTestDirs{"test",     "tests",   "__tests__", "spec",      "specs",
                                               "fixtures", "fixture", "testdata",  "test_data", "mocks",
                                               "examples", "example", "samples",   "sample"};
  // A directory named like an environment counts, except a home directory's
  // user name (home/dev/.aws/credentials belongs to a person, not to dev).
  auto dir_named = [&](std::initializer_list<std::string_view> names) {
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (i > 0 && (parts[i - 1] == "home" || parts[i - 1] == "users")) continue;
      for (auto n : names)
        if (parts[i] == n) return true;
    }
    return false;
  };
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (kTestDirs.count(parts[i]) && !(i > 0 && (parts[i - 1] == "home" || parts[i - 1] == "users")))
      return "test";
  }
  std::string stem = base.substr(0, base.find('.') == 0 ? base.size() : base.find('.'));
  if (base.find(".test.") != std::string::npos || base.find("_test.") != std::string::npos ||
      base.find(".spec.") != std::string::npos || base.rfind("test_", 0) == 0 || base == ".env.test" ||
      base.find(".example") != std::string::npos || base.find(".sample") != std::string::npos)
    return "test";
  if (base == ".env.development" || base == ".env.dev" || stem == "development" || stem == "dev" ||
      dir_named({"dev", "development"}))
    return "development";
  if (base == ".env.staging" || stem == "staging" || dir_named({"staging", "stage", "qa"})) return "staging";
  if (base == ".env.production" || base == ".env.prod" || base.find("production") != std::string::npos ||
      dir_named({"prod", "production", "live"}))
    return "production";
  return "";
}

bool IsDocumentationOrVendored(std::string_view raw) {
  std::string path = AsciiLower(raw);
  std::vector<std::string> parts = Components(path);
  static const std::set<std::string> kDirs{"docs",     "doc",          "documentation",   "vendor",
                                           "vendored", "third_party",  "third-party",     "thirdparty",
                                           "external", "node_modules", "bower_components"};
  for (size_t i = 0; i + 1 < parts.size(); ++i)
    if (kDirs.count(parts[i])) return true;
  if (parts.empty()) return false;
  const std::string& base = parts.back();
  for (std::string_view ext : {".md", ".markdown", ".rst", ".adoc", ".txt"}) {
    if (base.size() > ext.size() && base.compare(base.size() - ext.size(), ext.size(), ext) == 0) return true;
  }
  return false;
}

void ScoreFinding(Finding* f, int64_t now) {
  const RuleCard& rule = *f->rule;
  f->factors.clear();
  f->notes.clear();
  double damage = rule.base_blast_radius;
  f->factors.push_back(
      {"base", damage,
       fmt::format("{} ({} scope{})", rule.name, rule.scope,
                   rule.inferred_from_category ? "; capabilities inferred from its category" : "")});
  auto add = [&](const char* name, double effect, std::string evidence) {
    f->factors.push_back({name, effect, std::move(evidence)});
    damage += effect;
  };
  // Account factor (damage.json "accounts"): the URL's user and scheme, or a
  // generic password's key, name the account the value logs in as.
  auto fact = [&](const char* k) { return f->facts.count(k) ? f->facts.at(k) : std::string(); };
  const AccountDamage* account = nullptr;
  if (auto it = f->facts.find("account"); it != f->facts.end()) {
    auto d = rule.account_damage.find(it->second);
    if (d != rule.account_damage.end()) account = &d->second;
  }
  // A user:password@host URL for a login protocol (sftp, postgres, ...) is
  // a credential by its own shape, unlike a password that is only named so.
  const bool login_url = account != nullptr && rule.generic && f->facts.count("url_scheme") != 0;
  double confidence = 0.9;
  std::string confidence_why = "the value has the credential's own format";
  bool checksum_failed = f->facts.count("checksum") && f->facts.at("checksum") == "invalid";
  if (checksum_failed) {
    confidence = 0.05;
    confidence_why = "embedded checksum does not verify: not a live token";
  } else if (login_url) {
    confidence = 0.7;
    confidence_why = fmt::format("user:password@host URL of a login protocol ({})", fact("url_scheme"));
  } else if (f->confidence == Confidence::kLow) {
    confidence = 0.4;
    confidence_why = "generic pattern: shape and name only";
  } else if (f->confidence == Confidence::kMedium) {
    confidence = 0.7;
    confidence_why = "identified by context (variable, header or host name), not by format";
  } else if (rule.has_checksum) {
    confidence = 0.98;
    confidence_why = "embedded checksum verifies";
  }
  f->factors.push_back({"match", confidence, confidence_why, "confidence"});
  auto likely = [&](const char* name, double effect, std::string evidence) {
    f->factors.push_back({name, effect, std::move(evidence), "confidence"});
    confidence += effect;
  };
  Severity cap = Severity::kCritical;
  bool lower_band = f->confidence == Confidence::kLow && !checksum_failed && !login_url;
  if (checksum_failed) cap = Severity::kLow;
  if (auto it = f->facts.find("anchored_by"); it != f->facts.end())
    f->notes.push_back("identified by " + it->second + ", not by the value's format");
  if (auto it = f->facts.find("host"); it != f->facts.end()) {
    const std::string scheme = fact("url_scheme");
    f->notes.push_back((scheme.empty() || scheme.rfind("http", 0) == 0
                            ? std::string("HTTP credential sent to ")
                            : scheme + " credential for ") +
                       it->second + " (no known provider)");
  }

  if (rule.base_blast_radius > 0) {
    // The scope decoded from the value (Fly.io caveats) replaces the card's.
    const std::string scope = f->facts.count("caveat_scope") ? f->facts.at("caveat_scope") : rule.scope;
    // Environment: the most exposed location decides. Control-plane tokens
    // (organisation, account, workspace) reach production wherever the file
    // sits, so their damage never goes below the base.
    bool any_prod = false, all_test = !f->locations.empty();
    for (const auto& l : f->locations) {
      std::string_view env = l.environment.empty() ? EnvironmentFromPath(l.path) : l.environment;
      if (env == "production") any_prod = true;
      if (env != "test" && env != "development") all_test = false;
    }
    if (any_prod)
      add("environment", 0.3, "production configuration");
    else if (all_test && !IsControlPlaneScope(scope))
      add("environment", -1.5, "only in test, example or development files");
    // A secret in an agent instruction file or MCP config is loaded into the
    // model's context by design (issue 15).
    for (const auto& l : f->locations) {
      if (!IsAgentContextFile(l.path)) continue;
      add("agent context", 0.5, fmt::format("{}: loaded into the agent's context by design", l.path));
      f->notes.push_back("in an agent's context by design: " + l.path);
      break;
    }
    if (account) {
      const std::string who = f->facts.count("url_scheme")
                                  ? fmt::format("user \"{}\" over {}", fact("url_user"), fact("url_scheme"))
                                  : fmt::format("key {} names the account", fact("account_key"));
      add("account", account->damage - rule.model_blast_radius,
          fmt::format("{} ({}): {}; damage model {:.2f}", who, fact("account"), account->reason,
                      account->damage));
    }
    // Value-derived permissions (Fly.io macaroon caveats): the damage model's
    // figure for this card narrowed to the decoded scope and access, applied
    // as the difference to the card's own model figure.
    bool permissions_decoded = false;
    if (auto tok = f->facts.find("caveat_token"); tok != f->facts.end()) {
      permissions_decoded = true;
      const std::string caveats = fact("caveats");
      if (tok->second == "discharge") {
        add("caveats", std::min(0.0, 1.0 - damage),
            fmt::format("discharge token ({}): the authentication half of a FlyV1 bundle", caveats));
        f->notes.push_back(
            "discharge (authentication) token: grants nothing without the permission token it accompanies");
        cap = std::min(cap, Severity::kLow);
      } else {
        const bool read_only = fact("caveat_access") == "read-only";
        auto it = rule.narrowed_damage.find(read_only ? scope + "+read-only" : scope);
        const bool narrowed_access = read_only && it != rule.narrowed_damage.end();
        if (!narrowed_access) it = rule.narrowed_damage.find(scope);
        if (it != rule.narrowed_damage.end()) {
          add("caveats", it->second - rule.model_blast_radius,
              fmt::format("caveats decoded ({}): {} scope{}, damage model {:.2f}", caveats, scope,
                          narrowed_access ? ", read capabilities only" : "", it->second));
        }
        std::string reach = scope == "organisation" ? "organisation-wide"
                            : scope == "project"    ? "confined to the listed apps"
                                                    : "confined to the listed resources";
        f->notes.push_back(
            fmt::format("permissions decoded from the token's caveats: {}, {}{}", reach,
                        read_only ? "read-only" : "read-write",
                        scope == "organisation" && !read_only ? " (the worst case stands)" : ""));
      }
    }
    // Value-derived expiry (JWT exp, Fly.io validity window).
    if (auto it = f->facts.find("exp"); it != f->facts.end()) {
      char* end = nullptr;
      double exp = std::strtod(it->second.c_str(), &end);
      if (end != it->second.c_str() && std::isfinite(exp)) {
        int64_t e = static_cast<int64_t>(exp);
        if (e <= now) {
          add("expiry", -(damage - 0.2), fmt::format("expired on {}", IsoDate(e)));
          f->notes.push_back(fmt::format("expired on {}", IsoDate(e)));
          cap = Severity::kInfo;
        } else if (e - now < 30 * 86400) {
          add("expiry", -0.5, fmt::format("expires soon, on {}", IsoDate(e)));
        } else {
          add("expiry", 0, fmt::format("valid until {}", IsoDate(e)));
        }
      }
    }
    if (!rule.least_capabilities.empty() && !permissions_decoded)
      f->notes.push_back("permissions unknown: worst case shown (the format does not show its scopes)");
    // Likelihood.
    bool docs =
        !f->locations.empty() && std::all_of(f->locations.begin(), f->locations.end(), [](const Location& l) {
          return IsDocumentationOrVendored(l.path) && !IsAgentContextFile(l.path);
        });
    if (docs) {
      likely("documentation", -0.35, "only in documentation or vendored third-party code");
      lower_band = true;
    }
    bool committed = std::any_of(f->locations.begin(), f->locations.end(), [](const Location& l) {
      return l.exposure == Exposure::kTracked || l.exposure == Exposure::kHistory ||
             l.exposure == Exposure::kHistoryOnly || l.exposure == Exposure::kStaged;
    });
    if (committed) likely("exposure", 0.03, "committed to git: every clone and agent can read it");
    std::set<std::string> files;  // `scan a b`: a/x and b/x are two
    for (const auto& l : f->locations) files.insert(RootedPath(l));
    if (files.size() > 1)
      likely("sprawl", std::min(0.06, 0.02 * static_cast<double>(files.size() - 1)),
             fmt::format("same secret in {} files", files.size()));
  } else {
    f->factors.push_back({"public", 0, "public by design: identifies, does not authorise"});
  }
  if (auto it = f->facts.find("paired_note"); it != f->facts.end()) f->notes.push_back(it->second);
  if (f->facts.count("weak_password")) {
    // password123, admin, postgres: a tutorial's placeholder or a default
    // never changed. Reported, below the default --fail-on.
    cap = std::min(cap, Severity::kInfo);
    f->notes.push_back(
        "a stock password (a tutorial's or a product's default): a placeholder, or a weak real one");
  }
  if (rule.pair_role == "id" && f->facts.count("paired") == 0) {
    cap = std::min(cap, Severity::kLow);
    f->notes.push_back("secret not found in the scanned files: the identifier alone grants nothing");
  }
  damage = std::max(damage, 0.0);
  f->blast_radius = std::round(damage * 100.0) / 100.0;
  f->confidence_score = std::round(std::clamp(confidence, 0.01, 0.99) * 100.0) / 100.0;
  Severity sev = SeverityForScore(std::min(f->blast_radius, 10.0));
  if (lower_band) sev = AsciiLower(sev);
  f->severity = std::min(sev, cap);
}

}  // namespace blastradius
