// GitLab secret-detection report (artifacts:reports:secret_detection,
// gl-secret-detection-report.json), schema version 15.x. One vulnerability
// per finding (one secret), at its first location; the other files holding
// the same secret are listed in its details, so GitLab tracks one
// credential as one vulnerability. Capped like SARIF (writers.h). Never
// contains a secret, not even with --show-secrets, and never
// `raw_source_code_extract` (it would hold one).
// Deterministic: timestamps come from Report::started_at, else the epoch.
#include <fmt/format.h>

#include <algorithm>

#include "reports/format_util.h"
#include "reports/writers.h"
#include "scanner/core/secret_hash.h"

namespace blastradius {
namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kToolUrl = "https://github.com/blastradius/blastradius";
constexpr size_t kMaxMessages = 100;

const char* GitLabSeverity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "Critical";
    case Severity::kHigh:
      return "High";
    case Severity::kMedium:
      return "Medium";
    case Severity::kLow:
      return "Low";
    case Severity::kInfo:
      return "Info";
  }
  return "Unknown";
}

// A stable UUID-shaped id (RFC 9562 version 8, "custom") from a SHA-256.
std::string StableUuid(const std::string& seed) {
  std::string h = Sha256Hex(seed);
  h[12] = '8';
  static const char kVariant[] = "89ab";
  h[16] = kVariant[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4),
                     h.substr(20, 12));
}

bool IsWebUrl(const std::string& s) {
  return (s.rfind("https://", 0) == 0 && s.size() > 8) || (s.rfind("http://", 0) == 0 && s.size() > 7);
}

std::string Description(const Finding& f, const Location& here) {
  const RuleCard& r = *f.rule;
  std::string caps;
  for (const auto& c : r.capabilities) caps += (caps.empty() ? "`" : ", `") + c + "`";
  std::string d = fmt::format(
      "{} credential that can `{}`: damage {:.1f}, confidence {:.2f} ({} scope, expires: {}, match: {}).\n\n"
      "**Worst case:** {}\n\n",
      r.provider_name.empty() ? r.provider : r.provider_name, WorstCapability(r), f.blast_radius,
      f.confidence_score, r.scope.empty() ? "unknown" : r.scope, r.expires.empty() ? "unknown" : r.expires,
      ConfidenceName(f.confidence), r.worst_case);
  if (!f.notes.empty()) {
    d += "**Notes:**\n";
    for (const auto& n : f.notes) d += "- " + n + "\n";
    d += "\n";
  }
  if (!caps.empty()) d += "**Capabilities:** " + caps + "\n\n";
  if (!r.irreversible.empty()) {
    d += "**Irreversible actions:**\n";
    for (const auto& i : r.irreversible) d += "- " + i + "\n";
    d += "\n";
  }
  d += fmt::format("Secret `{}` (redacted), fingerprint `{}`; here: {}", f.secret_redacted, f.fingerprint,
                   ExposureName(here.exposure));
  if (!here.environment.empty()) d += ", " + here.environment;
  if (!here.key_name.empty()) d += fmt::format(", key `{}`", here.key_name);
  d += fmt::format(". Found in {}.", f.locations.size() == 1 ? std::string("1 place")
                                                             : fmt::format("{} places", f.locations.size()));
  return TruncateUtf8(d, 1000000);
}

ojson Details(const Finding& f, const Location& here, size_t max_other_locations) {
  ojson caps = ojson::array();
  for (const auto& c : f.rule->capabilities) caps.push_back({{"type", "text"}, {"value", c}});
  ojson d = ojson::object();
  d["damage"] = {{"name", "Damage"}, {"type", "value"}, {"value", f.blast_radius}};
  d["confidence"] = {{"name", "Confidence (0-1)"}, {"type", "value"}, {"value", f.confidence_score}};
  d["base_damage"] = {{"name", "Base damage of the credential type"},
                      {"type", "value"},
                      {"value", f.rule->base_blast_radius}};
  d["worst_capability"] = {
      {"name", "Worst capability"}, {"type", "text"}, {"value", WorstCapability(*f.rule)}};
  if (!caps.empty()) d["capabilities"] = {{"name", "Capabilities"}, {"type", "list"}, {"items", caps}};
  d["exposure"] = {{"name", "Exposure"}, {"type", "text"}, {"value", ExposureName(here.exposure)}};
  d["copies"] = {{"name", "Copies of this secret"}, {"type", "value"}, {"value", f.locations.size()}};
  if (f.locations.size() > 1) {
    ojson others = ojson::array();
    for (size_t i = 1; i < f.locations.size() && i <= max_other_locations; ++i) {
      const Location& l = f.locations[i];
      others.push_back({{"type", "file-location"},
                        {"file_name", l.path},
                        {"line_start", l.line},
                        {"line_end", l.end_line < l.line ? l.line : l.end_line}});
    }
    if (f.locations.size() - 1 > max_other_locations)
      others.push_back({{"type", "text"},
                        {"value", fmt::format("{} more locations (see the JSON report)",
                                              f.locations.size() - 1 - max_other_locations)}});
    d["other_locations"] = {{"name", "Other locations"}, {"type", "list"}, {"items", others}};
  }
  d["fingerprint"] = {{"name", "Fingerprint"}, {"type", "text"}, {"value", f.fingerprint}};
  d["secret"] = {{"name", "Secret (redacted)"}, {"type", "text"}, {"value", f.secret_redacted}};
  if (!f.notes.empty()) {
    ojson notes = ojson::array();
    for (const auto& n : f.notes) notes.push_back({{"type", "text"}, {"value", n}});
    d["notes"] = {{"name", "Notes"}, {"type", "list"}, {"items", notes}};
  }
  return d;
}

}  // namespace

Status GitLabWriter::Write(const Report& report, std::string* out) const {
  const auto& findings = *report.findings;
  const ScanStats& s = *report.stats;

  int64_t start = 0;
  if (!report.started_at.empty() && !ParseUtcTime(report.started_at, &start))
    return Status::InvalidArgument(
        fmt::format("report start time '{}' is not UTC YYYY-MM-DDTHH:MM:SS", report.started_at));
  const int64_t end = start + static_cast<int64_t>(s.duration_ms / 1000);
  const std::string version = report.tool_version.empty() ? "unknown" : report.tool_version;
  // The commit a location came from: the one that introduced it (history,
  // --diff), else the scanned HEAD, else GitLab's placeholder outside git.
  const std::string head_sha = report.commit_sha.empty() ? "0000000" : report.commit_sha;
  const ojson tool = {{"id", "blastradius"},
                      {"name", "blastradius"},
                      {"url", kToolUrl},
                      {"version", version},
                      {"vendor", {{"name", "blastradius"}}}};

  ojson scan;
  scan["analyzer"] = tool;
  scan["scanner"] = tool;
  scan["type"] = "secret_detection";
  scan["start_time"] = FormatUtcTime(start);
  scan["end_time"] = FormatUtcTime(end);
  scan["status"] = "success";
  if (!s.errors.empty()) {
    ojson messages = ojson::array();
    for (size_t i = 0; i < s.errors.size() && i < kMaxMessages; ++i) {
      const auto& e = s.errors[i];
      messages.push_back(
          {{"level", "warn"}, {"value", fmt::format("{}: {} (not scanned)", e.path, e.message)}});
    }
    if (s.errors.size() > kMaxMessages)
      messages.push_back(
          {{"level", "warn"},
           {"value", fmt::format("{} more paths could not be read", s.errors.size() - kMaxMessages)}});
    scan["messages"] = messages;
  }

  // Findings are sorted most damaging first: the cap keeps the top ones.
  const size_t kept = std::min(findings.size(), max_vulnerabilities_);
  if (kept < findings.size()) {
    if (!scan.contains("messages")) scan["messages"] = ojson::array();
    scan["messages"].push_back(
        {{"level", "warn"},
         {"value", fmt::format("Only the {} highest-ranked of {} findings are in this report; {} left out "
                               "(the JSON report lists every finding).",
                               kept, findings.size(), findings.size() - kept)}});
  }
  ojson vulns = ojson::array();
  for (size_t i = 0; i < kept; ++i) {
    const Finding& f = findings[i];
    const RuleCard& r = *f.rule;
    ojson links = ojson::array();
    for (const auto& ref : r.references) {
      if (IsWebUrl(ref)) links.push_back({{"url", ref}});
    }
    {
      const Location& l = f.locations.front();
      ojson v;
      v["id"] = StableUuid(f.fingerprint);
      v["category"] = "secret_detection";
      v["name"] = TruncateUtf8(r.name.empty() ? r.id : r.name, 255);
      v["description"] = Description(f, l);
      v["severity"] = GitLabSeverity(f.severity);
      v["solution"] = TruncateUtf8(fmt::format("Revoke: {}\n\nReplace with: {}", r.revoke, r.replace), 7000);
      // The first identifier is GitLab's primary one, used for tracking.
      v["identifiers"] = ojson::array(
          {{{"type", "blastradius_rule_id"}, {"name", "blastradius rule " + r.id}, {"value", r.id}}});
      if (!links.empty()) v["links"] = links;
      ojson commit = {{"sha", l.commit.empty() ? head_sha : l.commit}};
      if (!l.commit.empty() && !l.author.empty()) commit["author"] = l.author;
      if (!l.commit.empty() && !l.date.empty()) commit["date"] = l.date;
      v["location"] = {{"file", l.path},
                       {"start_line", l.line},
                       {"end_line", l.end_line < l.line ? l.line : l.end_line},
                       {"commit", commit}};
      v["details"] = Details(f, l, max_other_locations_);
      vulns.push_back(std::move(v));
    }
  }

  ojson doc;
  doc["version"] = kGitLabSchemaVersion;
  doc["schema"] = fmt::format(
      "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{}/dist/"
      "secret-detection-report-format.json",
      kGitLabSchemaVersion);
  doc["scan"] = scan;
  doc["vulnerabilities"] = vulns;
  *out = doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  return Status::Ok();
}

}  // namespace blastradius
