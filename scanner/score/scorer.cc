#include "scanner/score/scorer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace blastradius {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool HasComponent(const std::string& path, std::initializer_list<std::string_view> names) {
  std::string p = "/" + path + "/";
  for (auto n : names) {
    if (p.find("/" + std::string(n) + "/") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string_view EnvironmentFromPath(std::string_view raw) {
  std::string path = Lower(raw);
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (HasComponent(path, {"test", "tests", "__tests__", "spec", "specs", "fixtures", "fixture", "testdata",
                          "test_data", "mocks", "examples", "example", "samples"}) ||
      base.find(".test.") != std::string::npos || base.find("_test.") != std::string::npos ||
      base.find(".spec.") != std::string::npos || base.rfind("test_", 0) == 0 || base == ".env.test" ||
      base.find(".example") != std::string::npos || base.find(".sample") != std::string::npos)
    return "test";
  if (base == ".env.development" || base == ".env.dev" || base == ".env.local" ||
      HasComponent(path, {"dev", "development", "local"}))
    return "development";
  if (base == ".env.staging" || HasComponent(path, {"staging", "stage", "qa"})) return "staging";
  if (base == ".env.production" || base == ".env.prod" || base.find("production") != std::string::npos ||
      HasComponent(path, {"prod", "production", "live"}))
    return "production";
  return "";
}

void ScoreFinding(Finding* f) {
  const RuleCard& rule = *f->rule;
  f->factors.clear();
  double score = rule.base_blast_radius;
  f->factors.push_back({"base", score, fmt::format("{} ({} scope)", rule.name, rule.scope)});
  auto add = [&](const char* name, double effect, std::string evidence) {
    f->factors.push_back({name, effect, std::move(evidence)});
    score += effect;
  };
  if (rule.base_blast_radius > 0) {
    // Confidence.
    if (f->confidence == Confidence::kLow && rule.has_checksum)
      add("confidence", -3.0, "embedded checksum does not verify: not a live token");
    else if (f->confidence == Confidence::kLow)
      add("confidence", -1.5, "generic pattern: shape and name only");
    else if (f->confidence == Confidence::kMedium)
      add("confidence", -0.5, "identified by context (variable, header or host name), not by format");
    else if (rule.has_checksum)
      add("confidence", 0.3, "embedded checksum verifies");
    // Exposure: committed copies reach every clone and agent.
    bool committed = std::any_of(f->locations.begin(), f->locations.end(), [](const Location& l) {
      return l.exposure == Exposure::kTracked || l.exposure == Exposure::kHistory ||
             l.exposure == Exposure::kStaged;
    });
    if (committed) add("exposure", 0.5, "committed to git: every clone and agent can read it");
    // Sprawl.
    std::set<std::string> files;
    for (const auto& l : f->locations) files.insert(l.path);
    if (files.size() > 1)
      add("sprawl", std::min(1.0, 0.25 * static_cast<double>(files.size() - 1)),
          fmt::format("same secret in {} files", files.size()));
    // Expiry.
    if (rule.expires == "never")
      add("expiry", 0.3, "does not expire");
    else if (rule.expires == "hours")
      add("expiry", -1.0, "expires within hours");
    else if (rule.expires == "days")
      add("expiry", -0.5, "expires within days");
    // Environment: the most exposed location decides.
    bool any_prod = false, all_test = !f->locations.empty();
    for (const auto& l : f->locations) {
      std::string_view env = l.environment.empty() ? EnvironmentFromPath(l.path) : l.environment;
      if (env == "production") any_prod = true;
      if (env != "test" && env != "development") all_test = false;
    }
    if (any_prod)
      add("environment", 0.5, "production configuration");
    else if (all_test)
      add("environment", -1.5, "only in test, example or development files");
    // Decoded facts.
    if (auto it = f->facts.find("exp"); it != f->facts.end()) {
      add("expiry", -0.5, "token carries an expiry claim");
    }
  } else {
    f->factors.push_back({"public", 0, "public by design: identifies, does not authorise"});
  }
  score = std::clamp(score, 0.0, 10.0);
  f->blast_radius = std::round(score * 10.0) / 10.0;
  f->severity = SeverityForScore(f->blast_radius);
}

}  // namespace blastradius
