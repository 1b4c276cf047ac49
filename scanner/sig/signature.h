// Signature: one credential type, as loaded from signatures/*.json. Plain
// data; validated by SignatureDb, compiled by RuleSet (match/).
#ifndef BLASTRADIUS_SIG_SIGNATURE_H_
#define BLASTRADIUS_SIG_SIGNATURE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scanner/core/rule_card.h"

namespace blastradius {

enum class ChecksumKind { kNone, kCrc32Base62 };
// kFlyMacaroon only adds facts: a value it cannot decode is kept (the
// others are filters: an undecodable value is not the credential).
// kUrlUserinfo likewise: the URL's scheme and user become facts.
// kK8sSecretData is a filter on where the value sits, not what it is: an
// entry of a Kubernetes Secret's data or stringData (k8s_secret.h).
enum class DecodeKind { kNone, kJwt, kPypiMacaroon, kBasicAuth, kFlyMacaroon, kUrlUserinfo, kK8sSecretData };

struct SignatureExample {
  std::string text;
  std::string path;  // optional file name the text is scanned as
  friend bool operator==(const SignatureExample&, const SignatureExample&) = default;
};

// Set only on the built-in signatures of the build-time form
// (signature_blob.h): their card arrives finished with the built-in damage
// model and categories. SignatureDb::Finish() keeps such a card as it is
// unless a directory supplied its own damage.json or categories.json; then
// it restores these values as the signature file set them (and clears the
// inherited fields) and finishes the card again. (At namespace scope: clang
// cannot default-construct a nested struct with member initializers inside
// a std::optional member of its enclosing class.)
struct SignaturePrefinished {
  double base_blast_radius = -1;  // -1: none set, derived by the model
  Severity base_severity = Severity::kInfo;
  // This signature's SignatureDb::damage_disagreements() entry, if any.
  std::string damage_disagreement;
  friend bool operator==(const SignaturePrefinished&, const SignaturePrefinished&) = default;
};

struct Signature {
  RuleCard card;
  // Card fields the signature left out; SignatureDb::Finish() fills them from
  // its category (kScope...), then derives the base damage.
  std::vector<std::string> inherit;
  std::string pattern;  // macros expanded; exactly one capture group
  // Macros expanded; empty: none. A part of `pattern` that every match of it
  // contains. Vectorscan looks for the gate instead of the pattern, and the
  // pattern is searched only around the gate's hits (RuleSet, Matcher): for
  // patterns with no rare literal of their own (keyword-anchored fallbacks).
  std::string gate;
  std::vector<std::string> keywords;  // lower case
  double min_entropy = 0;
  ChecksumKind checksum = ChecksumKind::kNone;
  DecodeKind decode = DecodeKind::kNone;
  std::map<std::string, std::string> decode_require;
  // RE2 patterns over the reported path; non-empty: the signature applies
  // only to files one of them matches (RuleSet compiles and checks them).
  std::vector<std::string> paths;
  std::vector<SignatureExample> examples;
  std::vector<SignatureExample> negative_examples;

  // Set only on the built-in signatures of the build-time form (see
  // SignaturePrefinished).
  using Prefinished = SignaturePrefinished;
  std::optional<Prefinished> prefinished;

  friend bool operator==(const Signature&, const Signature&) = default;
};

// The capability vocabulary (signatures/README.md).
const std::vector<std::string>& CapabilityVocabulary();

// Expands {{assign}} and {{uuid}} in a signature pattern.
std::string ExpandPatternMacros(const std::string& pattern);

}  // namespace blastradius

#endif  // BLASTRADIUS_SIG_SIGNATURE_H_
