// JSON report: the contract other writers and the tests build on. Schema:
// reports/schema/report.schema.json.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "reports/format_util.h"
#include "reports/writers.h"

namespace blastradius {

nlohmann::ordered_json FindingToJson(const Finding& f, bool show_secrets) {
  nlohmann::ordered_json j;
  const RuleCard& r = *f.rule;
  j["fingerprint"] = f.fingerprint;
  j["rule_id"] = r.id;
  j["provider"] = r.provider;
  j["title"] = r.name;
  j["severity"] = SeverityName(f.severity);
  // Two axes: damage (what the credential can do here; not clamped at 10)
  // and confidence (how likely it is live and usable, 0-1). blast_radius is
  // the damage under its version-1 name.
  j["damage"] = f.blast_radius;
  j["blast_radius"] = f.blast_radius;
  j["confidence_score"] = f.confidence_score;
  j["confidence"] = ConfidenceName(f.confidence);
  j["scope"] = r.scope;
  j["capabilities"] = r.capabilities;
  j["worst_capability"] = WorstCapability(r);
  j["irreversible"] = r.irreversible;
  j["expires"] = r.expires;
  j["worst_case"] = r.worst_case;
  j["remediation"] = {{"revoke", r.revoke}, {"replace", r.replace}};
  j["capabilities_inferred_from_category"] = r.inferred_from_category;
  nlohmann::ordered_json rule;
  rule["base_damage"] = r.base_blast_radius;
  rule["model_damage"] = r.model_blast_radius;
  rule["damage_derivation"] = r.damage_derivation;
  if (!r.blast_radius_reason.empty()) rule["damage_override_reason"] = r.blast_radius_reason;
  if (!r.category.empty()) rule["category"] = r.category;
  rule["least_capabilities"] = r.least_capabilities;
  j["rule"] = rule;
  j["secret_redacted"] = f.secret_redacted;
  if (show_secrets && !f.secret.empty()) j["secret"] = f.secret;
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  for (const auto& [k, v] : f.facts) {
    // Only structural facts; never claims that could carry personal data.
    if (k == "role" || k == "scope" || k == "checksum" || k == "iss" || k == "exp") facts[k] = v;
  }
  j["facts"] = facts;
  nlohmann::ordered_json factors = nlohmann::ordered_json::array();
  for (const auto& x : f.factors)
    factors.push_back({{"name", x.name}, {"axis", x.axis}, {"effect", x.effect}, {"evidence", x.evidence}});
  j["factors"] = factors;
  j["notes"] = f.notes;
  nlohmann::ordered_json locs = nlohmann::ordered_json::array();
  for (const auto& l : f.locations) {
    nlohmann::ordered_json lj;
    lj["path"] = l.path;
    if (!IsValidUtf8(l.path)) lj["path_bytes"] = PercentEncodeInvalidUtf8(l.path);
    lj["line"] = l.line;
    lj["column"] = l.column;
    lj["end_line"] = l.end_line;
    lj["end_column"] = l.end_column;
    lj["exposure"] = ExposureName(l.exposure);
    if (!l.environment.empty()) lj["environment"] = l.environment;
    if (!l.key_name.empty()) lj["key_name"] = l.key_name;
    if (!l.commit.empty()) {
      lj["commit"] = l.commit;
      if (!l.author.empty()) lj["author"] = l.author;
      if (!l.date.empty()) lj["date"] = l.date;
      if (!l.blob.empty()) lj["blob"] = l.blob;
      if (l.exposure == Exposure::kHistory || l.exposure == Exposure::kHistoryOnly) lj["at_head"] = l.at_head;
      if (l.removed_later) lj["removed_later"] = true;
    }
    if (l.agents_assessed) {
      lj["agents"] = {{"readable", l.agents},
                      {"advisory", l.agents_advisory},
                      {"excluded", l.agents_excluded},
                      {"in_context", l.agent_context}};
    }
    locs.push_back(std::move(lj));
  }
  j["locations"] = locs;
  if (AgentsAssessed(f)) {
    j["exposure"] = {{"agents", ReadableAgents(f)},
                     {"agent_context", std::any_of(f.locations.begin(), f.locations.end(),
                                                   [](const Location& l) { return l.agent_context; })}};
  }
  return j;
}

Status JsonWriter::Stream(const Report& report, const ReportSink& sink) const {
  nlohmann::ordered_json doc;
  doc["version"] = "1";
  doc["tool"] = {{"name", "blastradius"}, {"version", report.tool_version}};
  const ScanStats& s = *report.stats;
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const auto& e : s.errors) {
    nlohmann::ordered_json ej = {{"path", e.path}, {"message", e.message}};
    if (!IsValidUtf8(e.path)) ej["path_bytes"] = PercentEncodeInvalidUtf8(e.path);
    errors.push_back(ej);
  }
  doc["scan"] = {{"roots", s.roots},
                 {"files_scanned", s.files_scanned},
                 {"files_skipped", s.files_skipped},
                 {"files_binary", s.files_binary},
                 {"files_too_large", s.files_too_large},
                 {"bytes_scanned", s.bytes_scanned},
                 {"duration_ms", s.duration_ms},
                 {"engine_disagreements", s.engine_disagreements}};
  if (s.history)
    doc["scan"]["history"] = {{"commits_scanned", s.commits_scanned},
                              {"blobs_scanned", s.blobs_distinct},
                              {"partial", s.history_partial},
                              {"submodules_skipped", s.submodules_skipped},
                              {"objects_missing", s.objects_missing}};
  doc["scan"]["errors"] = errors;
  if (!s.config.empty()) doc["scan"]["config"] = s.config;
  if (!s.baseline.empty()) doc["scan"]["baseline"] = s.baseline;
  // The findings are serialised one at a time into the text nlohmann would
  // print for the whole document (each one's lines indented under
  // "findings") and handed on in pieces: the whole tree of a report with
  // 250,000 findings took about seven times the report's size in memory.
  doc["findings"] = nlohmann::ordered_json::array();
  constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;
  std::string text = doc.dump(2, ' ', false, kReplace);
  const std::string_view kEmptyTail = "[]\n}";
  if (report.findings->empty() || !text.ends_with(kEmptyTail)) return sink(text + "\n");
  text.resize(text.size() - kEmptyTail.size());
  text += "[\n";
  constexpr size_t kPiece = size_t{1} << 20;
  bool first = true;
  for (const auto& f : *report.findings) {
    if (!first) text += ",\n";
    first = false;
    const std::string one = FindingToJson(f, report.show_secrets).dump(2, ' ', false, kReplace);
    // JSON text has no raw newline inside a string: every '\n' ends a line.
    size_t line = 0;
    while (line < one.size()) {
      size_t nl = one.find('\n', line);
      if (nl == std::string::npos) nl = one.size();
      text += "    ";
      text.append(one, line, nl - line);
      if (nl < one.size()) text += '\n';
      line = nl + 1;
    }
    if (text.size() >= kPiece) {
      if (Status written = sink(text); !written.ok()) return written;
      text.clear();
    }
  }
  text += "\n  ]\n}\n";
  return sink(text);
}

Status JsonWriter::Write(const Report& report, std::string* out) const {
  out->clear();
  return Stream(report, [out](std::string_view piece) {
    out->append(piece);
    return Status::Ok();
  });
}

}  // namespace blastradius
