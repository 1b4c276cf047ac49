// DamageModel: derives a credential type's base damage from its card
// (capabilities, scope, irreversible actions, expiry, test mode), with the
// weights of signatures/damage.json. ProviderCategories: the defaults a
// signature inherits from its provider's category (categories.json).
// Both are plain data, built once by SignatureDb and then read-only.
#ifndef BLASTRADIUS_SIG_DAMAGE_MODEL_H_
#define BLASTRADIUS_SIG_DAMAGE_MODEL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/rule_card.h"
#include "scanner/core/status.h"

namespace blastradius {

class DamageModel {
 public:
  // Parses damage.json; `name` is used in messages.
  static Status Parse(std::string_view json, const std::string& name, DamageModel* out);

  // The model's base damage for `card` (not clamped at 10); `derivation`, if
  // given, receives the sum spelled out ("infra:delete 8.0 + breadth 1.5 ...").
  double Derive(const RuleCard& card, std::string* derivation) const;

  // Account factors (damage.json "accounts"): the class ("shell/privileged",
  // "database/read-only", ...) of a URL credential from its scheme and user,
  // or of a generic password from its key name (privileged classes only).
  // "" when neither names a known service and account.
  std::string ClassifyUrlAccount(std::string_view scheme, std::string_view user) const;
  std::string ClassifyKeyAccount(std::string_view key_name) const;
  // The model's damage of `card` with the class's capabilities, scope and
  // irreversibility; false for an unknown class.
  bool DeriveAccount(const RuleCard& card, const std::string& account_class, AccountDamage* out) const;
  const std::vector<std::string>& account_classes() const { return account_order_; }
  // The classes ClassifyKeyAccount can return.
  static bool IsKeyAccountClass(const std::string& k) {
    return k == "key/privileged" || k == "database/privileged";
  }

  // How far a hand-set figure may stray from the model without a reason.
  double tolerance() const { return tolerance_; }
  bool loaded() const { return !weights_.empty(); }

 private:
  friend class SignatureBlobCodec;  // the build-time form (signature_blob.h)
  std::map<std::string, double> weights_;
  std::map<std::string, double> scope_adjust_;
  std::map<std::string, double> expiry_adjust_;
  double breadth_per_weight_ = 0, breadth_max_ = 0, irreversible_bonus_ = 0;
  double test_mode_adjust_ = 0, public_cap_ = 10, tolerance_ = 1;
  struct AccountClass {
    std::vector<std::string> capabilities;
    std::string scope, reason;
    bool irreversible = false;
  };
  std::map<std::string, std::string> service_of_scheme_;  // "sftp" -> "shell"
  std::vector<std::string> privileged_, read_only_, anonymous_, password_words_;
  std::map<std::string, AccountClass> account_classes_;
  std::vector<std::string> account_order_;  // as listed in damage.json
};

struct CategoryDefaults {
  std::string id, name, scope, expires, worst_case;
  std::vector<std::string> capabilities, irreversible;
};

class ProviderCategories {
 public:
  static Status Parse(std::string_view json, const std::string& name, ProviderCategories* out);
  const CategoryDefaults* Find(const std::string& id) const;
  bool loaded() const { return !by_id_.empty(); }

 private:
  friend class SignatureBlobCodec;  // the build-time form (signature_blob.h)
  std::map<std::string, CategoryDefaults> by_id_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_SIG_DAMAGE_MODEL_H_
