// Builds small signature files for tests.
#ifndef BLASTRADIUS_TESTS_TESTUTIL_SIGNATURE_FIXTURE_H_
#define BLASTRADIUS_TESTS_TESTUTIL_SIGNATURE_FIXTURE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace blastradius::testing {

// A valid signature object; callers override fields.
inline nlohmann::json MinimalSignature(const std::string& id, const std::string& pattern,
                                       double blast_radius = 5.0) {
  const char* sev = blast_radius >= 9   ? "critical"
                    : blast_radius >= 7 ? "high"
                    : blast_radius >= 4 ? "medium"
                    : blast_radius > 0  ? "low"
                                        : "info";
  return {{"id", id},
          {"name", "Test credential " + id},
          {"references", {"https://example.org/docs"}},
          {"pattern", pattern},
          {"scope", "project"},
          {"capabilities", {"data:read"}},
          {"irreversible", nlohmann::json::array()},
          {"expires", "never"},
          {"base_severity", sev},
          {"blast_radius", blast_radius},
          {"worst_case", "Reads the test data of one project."},
          {"remediation", {{"revoke", "Delete it in settings."}, {"replace", "Use a read-only key."}}},
          {"examples", {"a", "b"}},
          {"negative_examples", {"c"}}};
}

inline std::string SignatureFile(const std::vector<nlohmann::json>& signatures,
                                 const std::string& provider = "test") {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : signatures) list.push_back(s);
  return nlohmann::json{{"provider", provider}, {"name", "Test"}, {"signatures", list}}.dump();
}

}  // namespace blastradius::testing

#endif  // BLASTRADIUS_TESTS_TESTUTIL_SIGNATURE_FIXTURE_H_
