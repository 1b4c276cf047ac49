#include "reports/report.h"

#include "reports/writers.h"

namespace blastradius {

const std::vector<std::string>& ReportFormats() {
  static const std::vector<std::string> k{"text", "json", "sarif", "markdown", "html", "gitlab"};
  return k;
}

Status ReportWriter::Stream(const Report& report, const ReportSink& sink) const {
  std::string text;
  if (Status s = Write(report, &text); !s.ok()) return s;
  return sink(text);
}

std::unique_ptr<ReportWriter> MakeReportWriter(const std::string& format) {
  if (format == "json") return std::make_unique<JsonWriter>();
  if (format == "text") return std::make_unique<TextWriter>();
  if (format == "sarif") return std::make_unique<SarifWriter>();
  if (format == "markdown") return std::make_unique<MarkdownWriter>();
  if (format == "html") return std::make_unique<HtmlWriter>();
  if (format == "gitlab") return std::make_unique<GitLabWriter>();
  return nullptr;
}

}  // namespace blastradius
