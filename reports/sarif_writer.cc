// SARIF 2.1.0 report for GitHub code scanning and other SARIF viewers.
// One run; one rule per signature that produced a finding; one result per
// finding with the other copies as relatedLocations. Never contains a
// secret unless --show-secrets.
#include <fmt/format.h>

#include <map>

#include "reports/writers.h"

namespace blastradius {
namespace {

using ojson = nlohmann::ordered_json;

// RFC 3986 percent-encoding of a relative path (keeps '/', unreserved).
std::string UriEncode(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out.push_back(static_cast<char>(c));
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

const char* Level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh: return "error";
    case Severity::kMedium: return "warning";
    default: return "note";
  }
}

std::string HelpMarkdown(const RuleCard& r) {
  std::string caps;
  for (const auto& c : r.capabilities) caps += (caps.empty() ? "" : ", ") + ("`" + c + "`");
  std::string md = fmt::format("**{}** ({})\n\n**What it can do:** {}\n\n**Scope:** {}; **expires:** {}\n\n"
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

ojson PhysicalLocation(const Location& l) {
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", UriEncode(l.path)}, {"uriBaseId", "%SRCROOT%"}}},
            {"region",
             {{"startLine", l.line},
              {"startColumn", l.column},
              {"endLine", l.end_line},
              {"endColumn", l.end_column}}}}}};
}

}  // namespace

Status SarifWriter::Write(const Report& report, std::string* out) const {
  const auto& findings = *report.findings;
  ojson rules = ojson::array();
  std::map<std::string, size_t> rule_index;
  for (const auto& f : findings) {
    const RuleCard& r = *f.rule;
    if (rule_index.count(r.id)) continue;
    rule_index[r.id] = rules.size();
    ojson tags = {"security", "secret", r.provider};
    for (const auto& c : r.capabilities) {
      if (tags.size() >= 10) break;
      tags.push_back(c);
    }
    double sev = std::max(0.1, r.base_blast_radius);
    rules.push_back({{"id", r.id},
                     {"name", r.id},
                     {"shortDescription", {{"text", r.name}}},
                     {"fullDescription", {{"text", r.worst_case.substr(0, 1000)}}},
                     {"help", {{"text", HelpText(r)}, {"markdown", HelpMarkdown(r)}}},
                     {"defaultConfiguration", {{"level", Level(r.base_severity)}}},
                     {"properties",
                      {{"tags", tags},
                       {"security-severity", fmt::format("{:.1f}", sev)},
                       {"precision", r.generic ? "medium" : (r.context_required ? "high" : "very-high")}}}});
  }
  ojson results = ojson::array();
  for (const auto& f : findings) {
    const RuleCard& r = *f.rule;
    ojson related = ojson::array();
    for (size_t i = 1; i < f.locations.size() && i <= 1000; ++i) {
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
         {{"text", fmt::format("{} credential ({}) that can {}; blast radius {:.1f}/10. Secret {} ({} "
                               "location{}).",
                               r.provider_name, r.name, WorstCapability(r), f.blast_radius,
                               report.show_secrets && !f.secret.empty() ? f.secret : f.secret_redacted,
                               f.locations.size(), f.locations.size() == 1 ? "" : "s")}}},
        {"locations", ojson::array({PhysicalLocation(f.locations.front())})},
        {"partialFingerprints", {{"blastradius/v1", f.fingerprint}}},
        {"rank", f.blast_radius * 10.0},
        {"properties",
         {{"blast_radius", f.blast_radius},
          {"severity", SeverityName(f.severity)},
          {"confidence", ConfidenceName(f.confidence)},
          {"exposure", ExposureName(f.locations.front().exposure)}}}};
    if (!related.empty()) result["relatedLocations"] = related;
    results.push_back(std::move(result));
  }
  ojson notifications = ojson::array();
  for (const auto& e : report.stats->errors) {
    notifications.push_back({{"level", "warning"},
                             {"message", {{"text", e.message}}},
                             {"locations", ojson::array({{{"physicalLocation",
                                                           {{"artifactLocation", {{"uri", UriEncode(e.path)}}}}}}})}});
  }
  ojson run = {
      {"tool",
       {{"driver",
         {{"name", "blastradius"},
          {"semanticVersion", report.tool_version},
          {"informationUri", "https://github.com/blastradius/blastradius"},
          {"rules", rules}}}}},
      {"automationDetails", {{"id", "blastradius/"}}},
      {"invocations", ojson::array({{{"executionSuccessful", true},
                                     {"toolExecutionNotifications", notifications}}})},
      {"columnKind", "unicodeCodePoints"},
      {"results", results}};
  if (!report.show_secrets) run["redactionTokens"] = ojson::array({"\u2026"});
  ojson doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
               {"version", "2.1.0"},
               {"runs", ojson::array({run})}};
  *out = doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  return Status::Ok();
}

}  // namespace blastradius
