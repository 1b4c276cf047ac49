// Project configuration: `.blastradius.json` at the scan root (or the file
// given with --config).
//
//   {
//     "exclude":    ["fixtures/**", "*.snap"],          // globs, like --exclude
//     "disable":    ["generic.password"],               // signature ids
//     "severity":   {"stripe.key.test": "low"},         // id -> critical|high|medium|low|info
//     "signatures": ["tools/signatures"],               // relative to the config file, inside its directory
//     "fail_on":    "high"                              // critical|high|medium|low|none
//   }
//
// Every key is optional; unknown keys and bad values are errors naming the
// file and the JSON pointer:
//   .blastradius.json: /severity/github.pat.classic: "urgent" is not one of critical|high|medium|low|info
// Command-line options win over the file (--fail-on); lists add up
// (--exclude, --signatures).
#ifndef BLASTRADIUS_POLICY_CONFIG_H_
#define BLASTRADIUS_POLICY_CONFIG_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/rule_card.h"
#include "scanner/core/status.h"

namespace blastradius {

class SignatureDb;

inline constexpr std::string_view kConfigFileName = ".blastradius.json";

struct Config {
  std::string path;  // the file it came from, as shown in messages ("" = none)
  std::vector<std::string> exclude;
  std::vector<std::string> disable;
  std::vector<std::pair<std::string, Severity>> severity;  // in file order
  std::vector<std::string> signatures;                     // resolved against the file's directory
  bool has_fail_on = false;
  std::optional<Severity> fail_on;  // with has_fail_on: nullopt = "none"
};

// `root`/.blastradius.json when `root` is a directory holding that regular
// file, else "". The returned path is lexically normal ("./x" -> "x").
std::string FindConfig(const std::string& root);

// Reads and validates FILE. A missing file is an error (the caller decides
// whether to look for one).
Status LoadConfig(const std::string& path, Config* out);
// Validates `text`; `name` is used in messages, `base_dir` resolves
// "signatures" entries.
Status ParseConfig(std::string_view text, const std::string& name, const std::string& base_dir, Config* out);

// Checks that every id named in "disable" and "severity" exists in `db`
// (after the extra signature directories were added) and marks the disabled
// signatures, which db->Finish() then leaves out. Call before db->Finish()
// (the database is immutable after it: an error then).
Status ApplyConfigToSignatures(const Config& config, SignatureDb* db);

// Replaces the severity of findings whose rule has an override (after
// scoring). The order by blast radius is unchanged.
void ApplySeverityOverrides(const Config& config, std::vector<Finding>* findings);

}  // namespace blastradius

#endif  // BLASTRADIUS_POLICY_CONFIG_H_
