// The concrete report writers (internal to reports/).
#ifndef BLASTRADIUS_REPORTS_WRITERS_H_
#define BLASTRADIUS_REPORTS_WRITERS_H_

#include <cstddef>
#include <nlohmann/json.hpp>

#include "reports/report.h"

namespace blastradius {

class JsonWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
  // Pieces of about 1 MiB: the findings are serialised one at a time.
  Status Stream(const Report& report, const ReportSink& sink) const override;
  bool Streams() const override { return true; }
};

class TextWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
};

// GitHub code scanning rejects a run with more than 25,000 results.
inline constexpr size_t kSarifMaxResults = 25000;
// GitHub code scanning displays at most this many results of one analysis.
inline constexpr size_t kGitHubDisplayedResults = 5000;
// The HTML page embeds at most this many findings (the most damaging).
inline constexpr size_t kHtmlMaxFindings = 5000;

class SarifWriter : public ReportWriter {
 public:
  // Keeps the `max_results` highest-ranked findings and says so in a tool
  // notification when it drops any (tests pass a small limit).
  explicit SarifWriter(size_t max_results = kSarifMaxResults) : max_results_(max_results) {}
  Status Write(const Report& report, std::string* out) const override;

 private:
  size_t max_results_;
};

// Compact ranked summary for pull-request comments and $GITHUB_STEP_SUMMARY.
// Never contains a secret, even with show_secrets.
inline constexpr size_t kMarkdownTopFindings = 20;

class MarkdownWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
};

// One self-contained HTML page: no network access, inline CSS, JS and SVG.
class HtmlWriter : public ReportWriter {
 public:
  Status Write(const Report& report, std::string* out) const override;
};

// GitLab secret-detection report (gl-secret-detection-report.json). Never
// contains a secret, even with show_secrets. Schema 15.0.7: GitLab 17 and 18
// validate reports against the 15.x schemas from 15.0.0 up to the newest
// their release knows; 15.0.7 is within that range for both.
inline constexpr const char* kGitLabSchemaVersion = "15.0.7";
// Caps, like SARIF's: the highest-ranked findings are kept (a scan message
// says how many were left out), and each lists at most this many other
// locations.
inline constexpr size_t kGitLabMaxVulnerabilities = 10000;
inline constexpr size_t kGitLabMaxOtherLocations = 100;

class GitLabWriter : public ReportWriter {
 public:
  // One vulnerability per finding, at its first location, with the other
  // copies in details (tests pass small limits).
  explicit GitLabWriter(size_t max_vulnerabilities = kGitLabMaxVulnerabilities,
                        size_t max_other_locations = kGitLabMaxOtherLocations)
      : max_vulnerabilities_(max_vulnerabilities), max_other_locations_(max_other_locations) {}
  Status Write(const Report& report, std::string* out) const override;

 private:
  size_t max_vulnerabilities_;
  size_t max_other_locations_;
};

// One finding as in the JSON report.
nlohmann::ordered_json FindingToJson(const Finding& f, bool show_secrets);

}  // namespace blastradius

#endif  // BLASTRADIUS_REPORTS_WRITERS_H_
