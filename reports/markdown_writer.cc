// Markdown summary for pull-request comments and $GITHUB_STEP_SUMMARY: a
// heading, counts by severity, the top findings as a table and an "N more"
// line. Never contains a secret (not even with --show-secrets: PR comments
// and job summaries are widely readable), and stays far below GitHub's
// 1 MiB step-summary limit: every cell is truncated, the table is capped.
#include <fmt/format.h>

#include <algorithm>

#include "reports/format_util.h"
#include "reports/writers.h"

namespace blastradius {
namespace {

constexpr size_t kMaxCellBytes = 160;

// Inline code that survives any content inside a GFM table cell: a fence
// longer than the longest backtick run inside, padding when the content
// starts or ends with a backtick, "|" escaped (GFM splits cells before it
// parses code spans), control characters (line breaks too) made visible. Code spans also keep "@name"
// and URLs from turning into mentions and links.
std::string Code(std::string_view raw) {
  std::string s = TruncateUtf8(EscapeControls(raw), kMaxCellBytes);
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string escaped;
  for (char c : s) {
    if (c == '|')
      escaped += "\\|";
    else
      escaped.push_back(c);
  }
  if (escaped.empty()) return "";
  std::string fence(longest + 1, '`');
  bool pad =
      escaped.front() == '`' || escaped.back() == '`' || (escaped.front() == ' ' && escaped.back() == ' ');
  return pad ? fence + " " + escaped + " " + fence : fence + escaped + fence;
}

const char* SeverityBadge(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\U0001F534 **critical**";
    case Severity::kHigh:
      return "\U0001F7E0 **high**";
    case Severity::kMedium:
      return "\U0001F7E1 medium";
    case Severity::kLow:
      return "\U0001F535 low";
    case Severity::kInfo:
      return "\u26AA info";
  }
  return "info";
}

std::string Plural(size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", GroupThousands(n), n == 1 ? one : many);
}

}  // namespace

Status MarkdownWriter::Write(const Report& report, std::string* out) const {
  const auto& findings = *report.findings;
  const ScanStats& s = *report.stats;
  const auto counts = SeverityCounts(findings);
  std::string o;
  if (findings.empty()) {
    o += "## blastradius: no credentials found\n\n";
  } else {
    o += fmt::format("## blastradius: {} found\n\n", Plural(findings.size(), "credential", "credentials"));
    std::string by_sev;
    for (int i = 4; i >= 0; --i) {
      const size_t n = counts[static_cast<size_t>(i)];
      const auto sev = static_cast<Severity>(i);
      std::string item = fmt::format("{} {}", GroupThousands(n), SeverityName(sev));
      if (n > 0 && sev >= Severity::kHigh) item = "**" + item + "**";
      by_sev += (by_sev.empty() ? "" : " \u00B7 ") + item;
    }
    o += by_sev + "\n\n";
  }
  o += fmt::format("Scanned {} ({}) in {}", Plural(s.files_scanned, "file", "files"),
                   HumanBytes(s.bytes_scanned), HumanDuration(s.duration_ms));
  if (s.files_skipped > 0) o += fmt::format("; {} skipped", GroupThousands(s.files_skipped));
  if (!s.errors.empty())
    o += fmt::format("; \u26A0\uFE0F {} could not be read", Plural(s.errors.size(), "path", "paths"));
  o += ".\n";
  if (!s.config.empty() || !s.baseline.empty())
    o +=
        fmt::format("\nPolicy applied: config {}; baseline {}.\n", s.config.empty() ? "none" : Code(s.config),
                    s.baseline.empty() ? "none" : Code(s.baseline));

  if (!findings.empty()) {
    o += "\n| Severity | Damage | Confidence | Credential | Worst capability | Location | Copies | Notes |\n";
    o += "|:--|--:|--:|:--|:--|:--|--:|:--|\n";
    const size_t shown = std::min(findings.size(), kMarkdownTopFindings);
    for (size_t i = 0; i < shown; ++i) {
      const Finding& f = findings[i];
      const RuleCard& r = *f.rule;
      const Location& l = f.locations.front();
      std::string notes;
      for (const auto& n : f.notes) notes += (notes.empty() ? "" : "; ") + n;
      o += fmt::format("| {} | {:.1f} | {:.2f} | {} | {} | {} | {} | {} |\n", SeverityBadge(f.severity),
                       f.blast_radius, f.confidence_score, Code(r.id), Code(WorstCapability(r)),
                       Code(fmt::format("{}:{}", l.path, l.line)), f.locations.size(), Code(notes));
    }
    if (findings.size() > shown) {
      const size_t more = findings.size() - shown;
      // Say what each report really holds: SARIF and HTML are capped.
      std::string where = "the JSON report lists every finding";
      if (findings.size() <= kSarifMaxResults && findings.size() <= kHtmlMaxFindings)
        where = "the JSON, SARIF and HTML reports list every finding";
      else if (findings.size() <= kSarifMaxResults)
        where +=
            fmt::format(", SARIF too; the HTML page the {} most damaging", GroupThousands(kHtmlMaxFindings));
      else
        where += fmt::format("; SARIF the {} and the HTML page the {} most damaging",
                             GroupThousands(kSarifMaxResults), GroupThousands(kHtmlMaxFindings));
      o += fmt::format("\n\u2026 and {} more {}: {}.\n", GroupThousands(more),
                       more == 1 ? "finding" : "findings", where);
    }
  }
  *out = std::move(o);
  return Status::Ok();
}

}  // namespace blastradius
