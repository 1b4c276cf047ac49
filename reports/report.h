// Report writers: each turns the sorted findings of one scan into one output
// format, as a string, or (JSON, whose size grows with every finding) in
// pieces handed to a sink, so a report of 250,000 findings is never held
// whole. Writers see only core types and never threads.
#ifndef BLASTRADIUS_REPORTS_REPORT_H_
#define BLASTRADIUS_REPORTS_REPORT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/status.h"

namespace blastradius {

struct Report {
  std::string tool_version;
  const std::vector<Finding>* findings = nullptr;  // sorted, see pipeline/scan.h
  const ScanStats* stats = nullptr;
  bool show_secrets = false;
  bool verbose = false;  // text: add factors and remediation
  bool color = false;    // text: ANSI colours
  // When the scan started, UTC "YYYY-MM-DDTHH:MM:SS" (a fraction and a
  // trailing "Z" are accepted). gitlab: scan.start_time, and end_time =
  // start + stats->duration_ms; html: shown in the header. Empty (the
  // default) keeps the output deterministic: gitlab then counts from
  // 1970-01-01T00:00:00 and html omits it.
  std::string started_at;
  // The commit the scanned tree belongs to (gitlab: location.commit.sha,
  // which GitLab requires). Empty: "0000000", GitLab's own working-tree value.
  std::string commit_sha;
};

// Receives a report's text in order, piece by piece; an error stops the writer.
using ReportSink = std::function<Status(std::string_view piece)>;

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual Status Write(const Report& report, std::string* out) const = 0;
  // The same text as Write, in pieces of bounded size when the format
  // supports it (Streams() is true), else in one piece.
  virtual Status Stream(const Report& report, const ReportSink& sink) const;
  virtual bool Streams() const { return false; }
};

// Formats: see ReportFormats() ("text", "json", "sarif", "markdown", "html",
// "gitlab"). Returns nullptr for an unknown name.
std::unique_ptr<ReportWriter> MakeReportWriter(const std::string& format);
const std::vector<std::string>& ReportFormats();

}  // namespace blastradius

#endif  // BLASTRADIUS_REPORTS_REPORT_H_
