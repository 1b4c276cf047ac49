// Report writers: each turns the sorted findings of one scan into one output
// format, as a string (findings are few; the CLI writes files atomically).
// Writers see only core types and never threads.
#ifndef BLASTRADIUS_REPORTS_REPORT_H_
#define BLASTRADIUS_REPORTS_REPORT_H_

#include <memory>
#include <string>
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
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual Status Write(const Report& report, std::string* out) const = 0;
};

// Formats: "json", "text", "sarif". Returns nullptr for an unknown name.
std::unique_ptr<ReportWriter> MakeReportWriter(const std::string& format);
const std::vector<std::string>& ReportFormats();

}  // namespace blastradius

#endif  // BLASTRADIUS_REPORTS_REPORT_H_
