// Terminal report: one line per finding, most damaging first. Text from
// scanned files and signature cards goes through EscapeControls, so a file
// name cannot smuggle terminal escape sequences into the output.
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "reports/format_util.h"
#include "reports/writers.h"

namespace blastradius {
namespace {

const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\x1b[1;31m";
    case Severity::kHigh:
      return "\x1b[31m";
    case Severity::kMedium:
      return "\x1b[33m";
    case Severity::kLow:
      return "\x1b[36m";
    case Severity::kInfo:
      return "\x1b[2m";
  }
  return "";
}

std::string E(std::string_view s) { return EscapeControls(s); }

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

std::string Upper(const char* s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Status TextWriter::Write(const Report& report, std::string* out) const {
  const auto& findings = *report.findings;
  const ScanStats& s = *report.stats;
  std::string o;
  // The AGENTS column (issue 15) appears when agent exposure was assessed.
  const bool agents = std::any_of(findings.begin(), findings.end(), AgentsAssessed);
  if (!findings.empty()) {
    o += fmt::format("{:<9} {:>6} {:>5}  {:<34} {:<22} {}{}\n", "SEVERITY", "DAMAGE", "CONF", "CREDENTIAL",
                     "WORST CAPABILITY", agents ? fmt::format("{:<10} ", "AGENTS") : "", "LOCATION");
  }
  for (const auto& f : findings) {
    const RuleCard& r = *f.rule;
    const Location& l = f.locations.front();
    std::string sev = Upper(SeverityName(f.severity));
    if (report.color)
      sev = std::string(SeverityColor(f.severity)) + fmt::format("{:<9}", sev) + "\x1b[0m";
    else
      sev = fmt::format("{:<9}", sev);
    std::string copies = f.locations.size() > 1 ? fmt::format(" (+{} more)", f.locations.size() - 1) : "";
    o += fmt::format("{} {:>6.1f} {:>5.2f}  {:<34} {:<22} {}{}:{}{}\n", sev, f.blast_radius,
                     f.confidence_score, E(r.id), E(WorstCapability(r)),
                     agents ? fmt::format("{:<10} ", AgentsCell(f)) : "", E(l.path), l.line, copies);
    if (report.verbose) {
      o += fmt::format("          {} [{}; {} scope; expires: {}; confidence: {}]\n", E(r.name),
                       E(r.provider_name), E(r.scope), E(r.expires), ConfidenceName(f.confidence));
      o += fmt::format("          secret: {}  fingerprint: {}\n",
                       E(report.show_secrets && !f.secret.empty() ? f.secret : f.secret_redacted),
                       f.fingerprint);
      o += fmt::format("          worst case: {}\n", E(r.worst_case));
      // Factors per axis: each axis' figure is the sum of its factors.
      for (const char* axis : {"damage", "confidence"}) {
        const bool damage = std::string_view(axis) == "damage";
        o += fmt::format("          {} {:.2f}{}:\n", axis, damage ? f.blast_radius : f.confidence_score,
                         damage ? fmt::format(" (base {:.2f})", r.base_blast_radius) : " (0-1)");
        for (const auto& x : f.factors) {
          if (x.axis == axis)
            o += fmt::format("            {:+.2f} {:<12} {}\n", x.effect, E(x.name), E(x.evidence));
        }
      }
      for (const auto& n : f.notes) o += fmt::format("          note: {}\n", E(n));
      for (const auto& loc : f.locations) {
        o += fmt::format("          at {}:{}:{} ({})", E(loc.path), loc.line, loc.column,
                         ExposureName(loc.exposure));
        // Git provenance: the commit that introduced it there.
        if (!loc.commit.empty())
          o += fmt::format(" commit {} {} {}{}", loc.commit.substr(0, 12), E(loc.author),
                           loc.date.substr(0, 10), loc.at_head ? ", still at HEAD" : "");
        o += "\n";
        if (loc.agents_assessed)
          o += fmt::format(
              "             agents: {}{}{}{}\n", loc.agents.empty() ? "none" : Join(loc.agents),
              loc.agents_advisory.empty() ? "" : "; advisory ignore only: " + Join(loc.agents_advisory),
              loc.agents_excluded.empty() ? "" : "; excluded: " + Join(loc.agents_excluded),
              loc.agent_context ? "; loaded into agent context by design" : "");
      }
      o += fmt::format("          revoke: {}\n          replace: {}\n\n", E(r.revoke), E(r.replace));
    }
  }
  size_t counts[5] = {0, 0, 0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  o += fmt::format(
      "\n{} finding{} ({} critical, {} high, {} medium, {} low, {} info) in {} file{}, {:.1f} MB, "
      "{} ms; {} skipped (binary {}, too large {}); {} error{}\n",
      findings.size(), findings.size() == 1 ? "" : "s", counts[4], counts[3], counts[2], counts[1], counts[0],
      s.files_scanned, s.files_scanned == 1 ? "" : "s", static_cast<double>(s.bytes_scanned) / 1e6,
      s.duration_ms, s.files_skipped, s.files_binary, s.files_too_large, s.errors.size(),
      s.errors.size() == 1 ? "" : "s");
  // Never expected: the pattern engines disagree, a credential may be missed.
  if (s.engine_disagreements > 0)
    o += fmt::format(
        "{} engine disagreement{}: Vectorscan matched where RE2 did not confirm (-v names them)\n",
        s.engine_disagreements, s.engine_disagreements == 1 ? "" : "s");
  if (!s.config.empty() || !s.baseline.empty())
    o += fmt::format("policy applied: config {}; baseline {}\n", s.config.empty() ? "none" : E(s.config),
                     s.baseline.empty() ? "none" : E(s.baseline));
  *out = std::move(o);
  return Status::Ok();
}

}  // namespace blastradius
