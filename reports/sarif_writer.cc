// SARIF 2.1.0 report for GitHub code scanning and other SARIF viewers.
// One run; one rule per signature that produced a reported finding; one
// result per finding, most damaging first, with the other copies as
// relatedLocations. Never contains a secret unless --show-secrets.
// GitHub limits (docs: sarif-limits.md): at most 25,000 results per run (the
// lowest-ranked are dropped, with a tool notification), 1,000 locations per
// result, tags shown up to 10 per rule.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "reports/format_util.h"
#include "reports/writers.h"

namespace blastradius {
namespace {

using ojson = nlohmann::ordered_json;

// RFC 3986 percent-encoding of a relative path (keeps '/', unreserved).
std::string UriEncode(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
      out.push_back(static_cast<char>(c));
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

const char* Level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

// GitHub's security-severity: a string holding a number with 0.0 < x <= 10.0,
// read from the rule; over 9.0 is critical, 7.0-8.9 high, 4.0-6.9 medium,
// 0.1-3.9 low. min(damage, 10), cut (not rounded) to one decimal so it never
// lands in a higher GitHub band than our own severity, kept above 0, and 9.0
// (ambiguous in GitHub's wording) raised to 9.1 because it is critical here.
std::string SecuritySeverity(double damage) {
  double s = std::floor(std::min(damage, 10.0) * 10.0 + 1e-9) / 10.0;
  s = std::max(s, 0.1);
  if (s >= 9.0 && s < 9.05) s = 9.1;
  return fmt::format("{:.1f}", s);
}

std::string HelpMarkdown(const RuleCard& r) {
  std::string caps;
  for (const auto& c : r.capabilities) caps += (caps.empty() ? "" : ", ") + ("`" + c + "`");
  std::string md = fmt::format(
      "**{}** ({})\n\n**What it can do:** {}\n\n**Scope:** {}; **expires:** {}\n\n"
      "**Worst case:** {}\n\n",
      r.name, r.provider_name, caps, r.scope, r.expires, r.worst_case);
  if (!r.irreversible.empty()) {
    md += "**Irreversible actions:**\n";
    for (const auto& i : r.irreversible) md += "- " + i + "\n";
    md += "\n";
  }
  md += fmt::format("**Revoke:** {}\n\n**Replace with:** {}\n", r.revoke, r.replace);
  if (!r.references.empty()) {
    md += "\n**References:**\n";
    for (const auto& ref : r.references) md += "- " + ref + "\n";
  }
  return md;
}

std::string HelpText(const RuleCard& r) {
  std::string caps;
  for (const auto& c : r.capabilities) caps += (caps.empty() ? "" : ", ") + c;
  return fmt::format("{} ({}). Can: {}. Scope: {}; expires: {}. Worst case: {} Revoke: {} Replace with: {}",
                     r.name, r.provider_name, caps, r.scope, r.expires, r.worst_case, r.revoke, r.replace);
}

// " Notes: a; b." or "".
std::string NotesText(const Finding& f) {
  std::string out;
  for (const auto& n : f.notes) out += (out.empty() ? " Notes: " : "; ") + n;
  return out.empty() ? out : out + ".";
}

// Columns in Unicode code points, the run's columnKind (converted from the
// scanned bytes by the pipeline); lines only when they are unknown.
ojson PhysicalLocation(const Location& l) {
  ojson region = {{"startLine", l.line}};
  if (l.code_point_column > 0) region["startColumn"] = l.code_point_column;
  region["endLine"] = l.end_line;
  if (l.end_code_point_column > 0) region["endColumn"] = l.end_code_point_column;
  return {
      {"physicalLocation",
       {{"artifactLocation", {{"uri", UriEncode(l.path)}, {"uriBaseId", "%SRCROOT%"}}}, {"region", region}}}};
}

// Related locations per result: GitHub rejects a result with more than 1,000
// locations in all.
constexpr size_t kMaxRelatedLocations = 999;

// GitHub's primaryLocationLineHash of a result's first location, as the
// pipeline computed it from the scanned content (Location::line_hash). ""
// for content that is not in git (gitignored, untracked, outside a
// repository, history-only) unless --show-secrets: the hash covers the
// secret's line and is a cheap linear function of it, so for a short secret
// it would be an offline verifier for a value nobody with repository access
// can read.
std::string LineHash(const Report& report, const Location& loc) {
  if (!report.show_secrets && loc.exposure != Exposure::kTracked && loc.exposure != Exposure::kStaged)
    return "";
  return loc.line_hash;
}

}  // namespace

Status SarifWriter::Write(const Report& report, std::string* out) const {
  const auto& all = *report.findings;
  // Findings arrive sorted by blast radius; keep that order (stable) and cut
  // the lowest-ranked ones beyond the limit.
  std::vector<size_t> order(all.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return all[a].blast_radius > all[b].blast_radius; });
  const size_t dropped = order.size() > max_results_ ? order.size() - max_results_ : 0;
  order.resize(order.size() - dropped);
  std::vector<const Finding*> findings;
  findings.reserve(order.size());
  for (size_t i : order) findings.push_back(&all[i]);

  ojson rules = ojson::array();
  std::map<std::string, size_t> rule_index;
  for (const Finding* fp : findings) {
    const Finding& f = *fp;
    const RuleCard& r = *f.rule;
    if (rule_index.count(r.id)) continue;
    rule_index[r.id] = rules.size();
    ojson tags = {"security", "secret", r.provider};
    for (const auto& c : r.capabilities) {
      if (tags.size() >= 10) break;
      tags.push_back(c);
    }
    rules.push_back(
        {{"id", r.id},
         {"name", r.id},
         // GitHub: required, non-empty, at most 1,024 characters.
         {"shortDescription", {{"text", TruncateUtf8(r.name.empty() ? r.id : r.name, 1000)}}},
         {"fullDescription",
          {{"text",
            TruncateUtf8(r.worst_case.empty() ? (r.name.empty() ? r.id : r.name) : r.worst_case, 1000)}}},
         {"help", {{"text", HelpText(r)}, {"markdown", HelpMarkdown(r)}}},
         {"defaultConfiguration", {{"level", Level(r.base_severity)}}},
         {"properties",
          {{"tags", tags},
           {"security-severity", SecuritySeverity(r.base_blast_radius)},
           {"base_damage", r.base_blast_radius},
           {"precision", r.generic ? "medium" : (r.context_required ? "high" : "very-high")}}}});
  }
  ojson results = ojson::array();
  for (const Finding* fp : findings) {
    const Finding& f = *fp;
    const RuleCard& r = *f.rule;
    ojson related = ojson::array();
    for (size_t i = 1; i < f.locations.size() && i <= kMaxRelatedLocations; ++i) {
      ojson loc = PhysicalLocation(f.locations[i]);
      loc["id"] = static_cast<int>(i);
      loc["message"] = {{"text", "another copy of the same secret"}};
      related.push_back(std::move(loc));
    }
    ojson result = {
        {"ruleId", r.id},
        {"ruleIndex", rule_index[r.id]},
        {"level", Level(f.severity)},
        {"message",
         {{"text",
           fmt::format("{} credential ({}) that can {}; damage {:.1f}, confidence {:.2f}. Secret {} ({} "
                       "location{}).{}",
                       r.provider_name, r.name, WorstCapability(r), f.blast_radius, f.confidence_score,
                       report.show_secrets && !f.secret.empty() ? f.secret : f.secret_redacted,
                       f.locations.size(), f.locations.size() == 1 ? "" : "s", NotesText(f))}}},
        {"locations", ojson::array({PhysicalLocation(f.locations.front())})},
        {"partialFingerprints", {{"blastradius/v1", f.fingerprint}}},
        // SARIF rank (0-100): how sure we are, i.e. the confidence axis; the
        // damage axis is the rule's security-severity and the level.
        {"rank", std::round(f.confidence_score * 1000.0) / 10.0},
        {"properties",
         {{"damage", f.blast_radius},
          {"blast_radius", f.blast_radius},
          {"security-severity", SecuritySeverity(f.blast_radius)},
          {"confidence_score", f.confidence_score},
          {"severity", SeverityName(f.severity)},
          {"confidence", ConfidenceName(f.confidence)},
          {"exposure", ExposureName(f.locations.front().exposure)},
          {"notes", f.notes}}}};
    if (std::string h = LineHash(report, f.locations.front()); !h.empty())
      result["partialFingerprints"]["primaryLocationLineHash"] = h;
    if (!related.empty()) result["relatedLocations"] = related;
    if (AgentsAssessed(f)) {
      result["properties"]["agents"] = ReadableAgents(f);
      result["properties"]["agent_context"] = std::any_of(f.locations.begin(), f.locations.end(),
                                                          [](const Location& l) { return l.agent_context; });
    }
    results.push_back(std::move(result));
  }
  ojson notifications = ojson::array();
  if (dropped > 0) {
    notifications.push_back(
        {{"level", "warning"},
         {"message",
          {{"text", fmt::format("Only the {} highest-ranked of {} findings are in this file: GitHub code "
                                "scanning accepts at most {} results per run. {} lower-ranked finding{} left "
                                "out; --format json lists every finding.",
                                findings.size(), all.size(), GroupThousands(max_results_), dropped,
                                dropped == 1 ? " was" : "s were")}}},
         {"descriptor", {{"id", "blastradius/results-truncated"}}}});
  }
  if (findings.size() > kGitHubDisplayedResults) {
    notifications.push_back(
        {{"level", "note"},
         {"message",
          {{"text",
            fmt::format("{} results: GitHub code scanning displays at most {} per analysis; the rest "
                        "are stored but not shown in its alert list. Fix or baseline the top ones, or "
                        "read --format json or html for the whole list.",
                        GroupThousands(findings.size()), GroupThousands(kGitHubDisplayedResults))}}},
         {"descriptor", {{"id", "blastradius/display-limit"}}}});
  }
  for (const auto& e : report.stats->errors) {
    notifications.push_back(
        {{"level", "warning"},
         {"message", {{"text", e.message}}},
         {"locations",
          ojson::array({{{"physicalLocation", {{"artifactLocation", {{"uri", UriEncode(e.path)}}}}}}})}});
  }
  ojson driver = {{"name", "blastradius"}, {"semanticVersion", report.tool_version}};
  if (std::string_view(BLASTRADIUS_HOMEPAGE).size()) driver["informationUri"] = BLASTRADIUS_HOMEPAGE;
  driver["rules"] = rules;
  ojson run = {
      {"tool", {{"driver", driver}}},
      {"automationDetails", {{"id", "blastradius/"}}},
      {"invocations",
       ojson::array({{{"executionSuccessful", true}, {"toolExecutionNotifications", notifications}}})},
      // One unit for every column of the run (PhysicalLocation).
      {"columnKind", "unicodeCodePoints"},
      {"results", results}};
  if (!report.show_secrets) run["redactionTokens"] = ojson::array({"\u2026"});
  // The policy files applied (a run-level property bag).
  if (!report.stats->config.empty() || !report.stats->baseline.empty()) {
    ojson policy = ojson::object();
    if (!report.stats->config.empty()) policy["config"] = report.stats->config;
    if (!report.stats->baseline.empty()) policy["baseline"] = report.stats->baseline;
    run["properties"] = {{"blastradius", policy}};
  }
  ojson doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
               {"version", "2.1.0"},
               {"runs", ojson::array({run})}};
  *out = doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  return Status::Ok();
}

}  // namespace blastradius
