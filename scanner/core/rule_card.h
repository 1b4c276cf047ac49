// RuleCard: what a credential type is and what it can do. The part of a
// signature that reports need; owned by the signature database, which
// outlives every Finding that points at it.
#ifndef BLASTRADIUS_CORE_RULE_CARD_H_
#define BLASTRADIUS_CORE_RULE_CARD_H_

#include <map>
#include <string>
#include <vector>

namespace blastradius {

enum class Severity { kInfo = 0, kLow, kMedium, kHigh, kCritical };

// "critical" etc. Returns false for an unknown name.
bool ParseSeverity(const std::string& name, Severity* out);
const char* SeverityName(Severity s);
// GitHub code-scanning buckets: critical >= 9.0, high >= 7.0, medium >= 4.0,
// low > 0, info otherwise.
Severity SeverityForScore(double blast_radius);

// The damage model's figure for a card narrowed or widened to the account a
// value names (damage.json "accounts"), with the class's reason.
struct AccountDamage {
  double damage = 0;
  std::string reason;
  std::string derivation;
  friend bool operator==(const AccountDamage&, const AccountDamage&) = default;
};

struct RuleCard {
  std::string id;             // "github.pat.classic"
  std::string provider;       // "github"
  std::string provider_name;  // "GitHub"
  std::string name;           // human title
  std::string description;
  std::vector<std::string> references;
  std::string scope;                      // organisation|account|workspace|project|environment|resource
  std::vector<std::string> capabilities;  // from the documented vocabulary
  std::vector<std::string> irreversible;
  std::string expires;                       // never|hours|days|configurable
  Severity base_severity = Severity::kInfo;  // bucket of min(base_blast_radius, 10)
  // Base damage, derived from the card by the damage model
  // (signatures/damage.json) unless the signature overrides it with a
  // reason. Not clamped at 10, so findings never tie at a cap.
  double base_blast_radius = 0;
  double model_blast_radius = 0;                // what the model alone says
  std::string blast_radius_reason;              // why a hand override differs, if any
  std::string damage_derivation;                // "infra:delete 8.0 + breadth 1.5 + ..." for explain
  std::string category;                         // provider category (categories.json), may be empty
  bool inferred_from_category = false;          // scope/capabilities taken from the category
  std::vector<std::string> least_capabilities;  // permission-blind formats: the least privileged
  // Formats whose value shows its permissions (Fly.io macaroon caveats): the
  // model's damage of this card narrowed to a scope ("project"), and with
  // least_capabilities only ("project+read-only"). Filled by SignatureDb;
  // the scorer moves a decoded finding by the difference to
  // model_blast_radius.
  std::map<std::string, double> narrowed_damage;
  // Cards whose findings can name their account (URL credentials, generic
  // passwords): the damage per account class. Filled by SignatureDb; the
  // scorer moves a finding whose facts["account"] names a class by the
  // difference to model_blast_radius.
  std::map<std::string, AccountDamage> account_damage;
  bool test_mode = false;               // sandbox/test-mode credential: no live data or money
  std::string pair_role;                // "id" (useless alone), "secret", or empty
  std::vector<std::string> pairs_with;  // companion signature ids
  std::string worst_case;
  std::string revoke;
  std::string replace;
  bool generic = false;
  // keyed: a generic rule keyed on a secret-like name (the context's key
  // must name a secret); structural: the value's own shape shows a
  // credential (the key it is assigned to does not matter).
  bool keyed = false;
  bool structural = false;
  bool context_required = false;               // the value has no shape of its own
  std::vector<std::string> context_key_names;  // variable names that identify it
  std::vector<std::string> context_hosts;      // API hosts it is sent to
  bool has_checksum = false;
  std::string source_file;  // where the signature was loaded from

  friend bool operator==(const RuleCard&, const RuleCard&) = default;
};

// The most damaging capability of a card, by a fixed ranking of the
// vocabulary (account:admin > payments:move-money > backups:delete > ...).
const std::string& WorstCapability(const RuleCard& card);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_RULE_CARD_H_
