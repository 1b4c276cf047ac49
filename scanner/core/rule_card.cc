// Severity names and the capability ranking shared by scorer and reports.
#include "scanner/core/rule_card.h"

#include <array>
#include <string_view>

namespace blastradius {

bool ParseSeverity(const std::string& name, Severity* out) {
  static constexpr std::array<std::pair<std::string_view, Severity>, 5> kNames{{
      {"info", Severity::kInfo},
      {"low", Severity::kLow},
      {"medium", Severity::kMedium},
      {"high", Severity::kHigh},
      {"critical", Severity::kCritical},
  }};
  for (const auto& [n, s] : kNames) {
    if (n == name) {
      *out = s;
      return true;
    }
  }
  return false;
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "critical";
    case Severity::kHigh:
      return "high";
    case Severity::kMedium:
      return "medium";
    case Severity::kLow:
      return "low";
    case Severity::kInfo:
      return "info";
  }
  return "info";
}

Severity SeverityForScore(double s) {
  if (s >= 9.0) return Severity::kCritical;
  if (s >= 7.0) return Severity::kHigh;
  if (s >= 4.0) return Severity::kMedium;
  if (s > 0.0) return Severity::kLow;
  return Severity::kInfo;
}

const std::string& WorstCapability(const RuleCard& card) {
  // Most damaging first: account takeover, then moving money, then
  // destruction without a way back, then supply chain. Unlisted ranks last.
  static const std::array<std::string_view, 28> kRank{
      "account:admin", "payments:move-money", "backups:delete", "infra:delete",
      "data:delete",   "packages:publish",    "identity:admin", "identity:impersonate",
      "code:write",    "secrets:read",        "deploy:write",   "ci:write",
      "infra:write",   "secrets:write",       "data:write",     "dns:write",
      "billing:spend", "messaging:send",      "webhooks:forge", "data:read",
      "code:read",     "payments:read",       "messaging:read", "monitoring:write",
      "logs:read",     "infra:read",          "billing:read",   "public:identify"};
  static const std::string kNone = "public:identify";
  const std::string* best = nullptr;
  size_t best_rank = kRank.size();
  for (const auto& cap : card.capabilities) {
    for (size_t i = 0; i < kRank.size(); ++i) {
      if (kRank[i] == cap && i < best_rank) {
        best_rank = i;
        best = &cap;
      }
    }
  }
  return best ? *best : (card.capabilities.empty() ? kNone : card.capabilities.front());
}

}  // namespace blastradius
