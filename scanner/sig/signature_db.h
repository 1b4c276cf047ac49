// SignatureDb: loads and validates signature files (JSON, one provider per
// file). Every problem is reported, each naming the file, the JSON pointer
// and the signature id; loading stops before any scan if there is one.
//
// Contract (RE2's and LevelDB's): build once, then immutable. Add*() and
// Disable() build the database; Finish() validates it and completes the
// cards; after Finish() nothing changes it: every mutator is refused (the
// call changes nothing and reports an error), signatures() keeps its
// elements and their addresses for the database's lifetime (moving the
// database keeps them too), so the RuleCard pointers that a compiled
// RuleSet and every Finding hold stay valid. Policy that removes or changes
// signatures (the project configuration) applies before Finish(), or builds
// a new database.
#ifndef BLASTRADIUS_SIG_SIGNATURE_DB_H_
#define BLASTRADIUS_SIG_SIGNATURE_DB_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scanner/core/status.h"
#include "scanner/sig/damage_model.h"
#include "scanner/sig/signature.h"

namespace blastradius {

// The damage_disagreements() entry for a finished card whose hand-set
// base_blast_radius strays from model_blast_radius beyond `tolerance`
// without a blast_radius_reason; "" when it does not.
std::string DamageDisagreement(const RuleCard& card, double tolerance);

class SignatureDb {
 public:
  SignatureDb() = default;
  // Not copyable: RuleCards are pointed at by findings.
  SignatureDb(const SignatureDb&) = delete;
  SignatureDb& operator=(const SignatureDb&) = delete;
  SignatureDb(SignatureDb&&) = default;
  SignatureDb& operator=(SignatureDb&&) = default;

  // Adds the signatures compiled into the binary, from their build-time form
  // (signature_blob.h: validated and finished while building, so nothing is
  // parsed here), or from the embedded JSON sources in a build without it.
  // Call it first, on an empty database; later it is refused with an error.
  void AddBuiltin();
  // Adds the embedded JSON sources of the built-in set, parsed and validated
  // (what AddBuiltin() loads without a build-time form). For the build-time
  // tool and the tests.
  void AddBuiltinSources();
  // The built-in set in its build-time form: AddBuiltinSources(), Finish(),
  // and each card's values as its file set them. Fails on any load error or
  // warning, so an invalid built-in signature fails the build.
  static Status BuildBuiltinBlob(std::string* out);
  // Adds every *.json file of `dir` (not recursive, sorted) and its
  // documented-examples.txt if any. Signatures whose id already exists
  // replace the earlier ones, each with a warning naming both files.
  void AddDirectory(const std::string& dir);
  // Adds one file's contents; `name` is used in messages. With `may_replace`
  // a duplicate id replaces the earlier signature, otherwise it is an error.
  // The built-in copies carry no examples (they run as tests from the
  // source files), so only they pass `require_examples` = false.
  void AddFile(const std::string& name, std::string_view json, bool may_replace,
               bool require_examples = true);
  // Adds one documented example value per line (never a finding).
  void AddDocumentedExamples(std::string_view text);
  // Signatures to leave out of the finished database (the configuration's
  // "disable"). Finish() validates the whole set first (pairs_with may name
  // a disabled signature), then removes them. Ids not loaded are ignored
  // here: the caller checks them against signatures() and names its source.
  // An error after Finish().
  Status Disable(const std::vector<std::string>& ids);

  // Cross-file checks (pairs_with targets), category inheritance and the
  // base damage of every signature (damage model; a hand-set figure that
  // strays beyond the model's tolerance needs blast_radius_reason). Uses the
  // built-in categories.json and damage.json unless a directory supplied its
  // own. Returns all problems found so far, one per line, or OK. After
  // Finish() the database is read-only (see the contract above); a second
  // Finish() is an error.
  Status Finish();
  bool finished() const { return finished_; }

  // Before Finish(): the signatures loaded so far (disabled ones included).
  // After: the final, immutable set.
  const std::vector<Signature>& signatures() const { return signatures_; }
  const std::unordered_set<std::string>& documented_examples() const { return documented_; }
  const std::vector<std::string>& errors() const { return errors_; }
  // Not errors, but to be shown: signatures that replaced an earlier one of
  // the same id (built-in or from another file), naming the file that won.
  const std::vector<std::string>& warnings() const { return warnings_; }
  const DamageModel& damage_model() const { return damage_; }
  const ProviderCategories& categories() const { return categories_; }
  // Signatures whose hand-set blast_radius strays from the damage model
  // beyond its tolerance without a blast_radius_reason. Not load errors (a
  // user's file still loads); `rules check` and the test suite fail on them.
  const std::vector<std::string>& damage_disagreements() const { return damage_disagreements_; }

 private:
  // categories.json / damage.json (by file name); true if `name` was one.
  bool AddModelFile(const std::string& name, std::string_view text);
  void LoadBuiltinModels();
  // False (and an error recorded) when the database is already finished.
  bool Mutable(const char* what);
  bool finished_ = false;
  std::unordered_set<std::string> disabled_;
  DamageModel damage_;
  ProviderCategories categories_;
  // The models are the built-in ones (no directory supplied its own): the
  // prefinished built-in cards stay as they are (Signature::prefinished).
  bool damage_builtin_ = false;
  bool categories_builtin_ = false;
  std::vector<Signature> signatures_;
  // Where each id is in signatures_, while files add signatures (a
  // directory of a thousand signatures would otherwise compare each new id
  // with every earlier one). Built by the first such file, so a run with the
  // built-in set alone never builds it; Finish() leaves it stale (nothing is
  // added then).
  std::optional<std::unordered_map<std::string, size_t>> position_by_id_;
  std::unordered_set<std::string> documented_;
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
  std::unordered_set<std::string> builtin_ids_;  // ids still defined by the built-in files
  std::vector<std::string> damage_disagreements_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_SIG_SIGNATURE_DB_H_
