// Decides whether a candidate of a generic signature (a high-entropy literal
// assigned to a secret-like name) is worth reporting, using its context:
// lock files, checksums, hashes, ids, identifiers, base64 images, comments
// and non-secret key names are not findings.
#ifndef BLASTRADIUS_CONTEXT_GENERIC_FILTER_H_
#define BLASTRADIUS_CONTEXT_GENERIC_FILTER_H_

#include <string_view>

#include "scanner/context/context.h"
#include "scanner/core/rule_card.h"

namespace blastradius {

// True for lock files and checksum manifests (package-lock.json, go.sum...).
bool IsLockOrChecksumFile(std::string_view path);

// True when the value's shape says it is something other than a secret: a
// version, a date, a dotted/underscored/kebab identifier or CONSTANT_NAME
// (unless one of its parts reads as random: "q2np60mi_cyojqvk7l3f"), a path
// or URL without userinfo, a data: URI or a plain word. UUIDs are decided by
// their key (KeepGenericCandidate), not here.
bool LooksLikeNonSecretValue(std::string_view value);

// True for letters of mixed case that read as random rather than as an
// identifier made of words (yqDVtkqPECriaLRi, LKkOrZFYCSUUpbVA; not
// DBClusterParameterGroups, getIdByName or InsertCtrlTWrapper): two signs
// among its words of fragments (two letters that are not a common short
// word), vowel-less words, and runs of five capitals inside it.
// Letters-only values are otherwise words to LooksLikeNonSecretValue.
// Needs 8 letters or more.
bool RandomLetterCase(std::string_view value);

// True for a UUID (8-4-4-4-12 hex digits).
bool LooksLikeUuid(std::string_view value);

// True when a key name has a word that names a secret (password, pass, pwd,
// secret, token, key, credential, auth, salt...), so "compass" or
// "secretary" do not carry a generic finding.
bool KeyNamesSecret(std::string_view key);

// True for source files of programming languages (by extension).
bool IsSourceCodePath(std::string_view path);

// `quoted`: the value sits between quotes in the text (a string literal or a
// quoted configuration value); unquoted values in source code are dropped
// unless the context says they are literals.
// `key_rule`: what the key the value is assigned to must say, by how the
// signature matched (KeyRuleFor(card)).
enum class KeyRule {
  kNotNonSecret,  // default: a key naming something else (…_url, …_id, host) drops it
  kNamesSecret,   // card.keyed: matched on a secret-like name, the key must name a secret as a word
  kIgnored,       // card.structural: the value's own shape is the evidence (scheme://user:pass@host)
};
KeyRule KeyRuleFor(const RuleCard& card);
// True when KeepGenericCandidate drops `value` at `path` whatever the
// context (so the caller need not compute one): a lock or checksum file, or
// a value that looks like something other than a secret.
bool GenericDroppedByValue(std::string_view path, std::string_view value, bool word_passwords = false);
// Whether a rule's letters-only values may be passwords (WordPassword): the
// password assignment and command-line rules (generic.password.assignment,
// .unquoted, .define, .line, .cli; not prose: "the password is stored",
// "pass \"Approved\"") and the netrc rule (its field says password; a
// URL's userinfo word is as often a placeholder). Other generic rules drop
// words by shape alone, so their files need no syntax tree to decide them.
bool TakesWordPasswords(const RuleCard& card);
// A letters-only value (6-64) under a key that names a password, when it
// is not a word that fills a password field's place (string, required,
// hidden...), a name for a password (newPassword) or the key's own word
// ("password": "Password"): a person's chosen password (swordfish).
bool WordPassword(std::string_view key, std::string_view value);
// A comment's value is kept only as a commented-out secret: under a key
// that names a secret, 16 characters or more, with letters and digits that
// switch at least four times, or digits, lower and upper case that switch
// at least eight times (# TWITTER_API_SECRET = "ngHaeaRPKA5BDQNX...").
bool CommentedOutSecret(std::string_view key, std::string_view value);
// `word_passwords`: TakesWordPasswords(card) of the rule that matched.
bool KeepGenericCandidate(std::string_view path, std::string_view value, const Context& ctx,
                          bool quoted = true, KeyRule key_rule = KeyRule::kNotNonSecret,
                          bool word_passwords = false);

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_GENERIC_FILTER_H_
