// The scan plan without the binary: which policy file is found, what it
// does to the filter and the findings, and how bad requests fail.
#include "scanner/plan/scan_plan.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "scanner/diag/diagnostics.h"
#include "tests/testutil/temp_dir.h"

namespace blastradius {
namespace {

using testing::TempDir;

// A Stripe live secret key shape with a seeded random body (never a real key).
std::string FakeStripeKey(uint32_t seed) {
  static const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::mt19937 rng(seed);
  std::string body;
  for (int i = 0; i < 32; ++i) body += kAlnum[rng() % 62];
  return "sk_live_" + body;
}

ScanRequest TreeRequest(const std::string& root) {
  ScanRequest r;
  r.roots = {root};
  r.max_file_size = 10 * 1024 * 1024;
  r.use_cache = false;
  return r;
}

TEST_CASE("LoadPolicyConfig: the root's .blastradius.json, --config, --no-config") {
  TempDir dir;
  dir.Write(".blastradius.json", R"({"exclude": ["vendor/**"]})");
  dir.Write("other.json", R"({"exclude": ["a/**", "b/**"]})");
  struct Case {
    const char* name;
    std::string config_path;
    bool no_config;
    size_t excludes;
    bool has_path;
  };
  const Case cases[] = {
      {"found at the root", "", false, 1, true},
      {"--config wins", dir.path() + "/other.json", false, 2, true},
      {"--no-config", "", true, 0, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    ScanRequest r = TreeRequest(dir.path());
    r.config_path = c.config_path;
    r.no_config = c.no_config;
    Config config;
    REQUIRE(LoadPolicyConfig(r, "", &config).ok());
    CHECK(config.exclude.size() == c.excludes);
    CHECK(config.path.empty() == !c.has_path);
  }
}

TEST_CASE("LoadPolicyConfig: a broken config names its file") {
  TempDir dir;
  dir.Write(".blastradius.json", R"({"exclude": 3})");
  Config config;
  Status s = LoadPolicyConfig(TreeRequest(dir.path()), "", &config);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find(".blastradius.json") != std::string::npos);
}

TEST_CASE("PrepareScan + RunPreparedScan: config excludes and severity overrides apply") {
  TempDir dir;
  const std::string key = FakeStripeKey(7);
  dir.Write("app/settings.py", "STRIPE_SECRET = \"" + key + "\"\n");
  dir.Write("ignored/settings.py", "STRIPE_SECRET = \"" + key + "\"\n");
  dir.Write(".blastradius.json",
            R"({"exclude": ["ignored/**"], "severity": {"stripe.secret_key.live": "low"}})");
  const ScanRequest request = TreeRequest(dir.path());
  Config config;
  REQUIRE(LoadPolicyConfig(request, "", &config).ok());
  PolicyScan scan;
  std::vector<std::string> phases;
  REQUIRE(PrepareScan(
              request, config, [&](std::string_view p) { phases.emplace_back(p); }, &scan)
              .ok());
  CHECK(phases.size() == 2);
  CHECK(scan.rules->loaded_prebuilt());
  Diagnostics quiet(true, false);
  ScanOptions options;
  options.fingerprint_key = "scan-plan-test";
  REQUIRE(RunPreparedScan(options, quiet, &scan).ok());
  REQUIRE(scan.result.findings.size() == 1);
  const Finding& f = scan.result.findings[0];
  CHECK(f.rule->id == "stripe.secret_key.live");
  CHECK(f.severity == Severity::kLow);
  REQUIRE(f.locations.size() == 1);
  CHECK(f.locations[0].path == "app/settings.py");
}

TEST_CASE("PrepareScan: bad requests fail with the option named") {
  TempDir dir;
  struct Case {
    const char* name;
    void (*set)(ScanRequest*);
    const char* message_start;
  };
  const Case cases[] = {
      {"bad --diff range", [](ScanRequest* r) { r->diff_range = "a..b..c"; }, "--diff"},
      {"--history outside a repository", [](ScanRequest* r) { r->history = true; }, "--history"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    ScanRequest r = TreeRequest(dir.path());
    c.set(&r);
    PolicyScan scan;
    Status s = PrepareScan(r, Config{}, nullptr, &scan);
    REQUIRE_FALSE(s.ok());
    CHECK(s.message().rfind(c.message_start, 0) == 0);
  }
}

}  // namespace
}  // namespace blastradius
