#include "scanner/context/generic_filter.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "scanner/core/ascii.h"
#include "scanner/core/key_words.h"
#include "scanner/core/utf8.h"

namespace blastradius {

bool IsLockOrChecksumFile(std::string_view path) {
  static constexpr std::array<std::string_view, 14> kNames{
      "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",       "pnpm-lock.yaml", "go.sum",
      "Cargo.lock",        "poetry.lock",         "composer.lock",   "Gemfile.lock",   "Pipfile.lock",
      "bun.lock",          "packages.lock.json",  "gradle.lockfile", "flake.lock"};
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto n : kNames) {
    if (base == n) return true;
  }
  return base.ends_with(".lock") || base.ends_with(".sum") || base.ends_with(".sha256") ||
         base.ends_with(".min.js") || base.ends_with(".map");
}

namespace {

// A part of an identifier-shaped value that reads as random rather than as
// a word or a version: 8 characters or more, letters and digits switching
// at least three times ("dd8gzai3neduvc5r15", "6ayvl0"-like runs of a
// random token; not "utf8mb4", "v2beta1", "ipv6" or "x86").
// Character classes: 0 other, 1 digit, 2 lower case, 3 upper case.
int CharClass(char c) {
  if (c >= '0' && c <= '9') return 1;
  if (c >= 'a' && c <= 'z') return 2;
  return c >= 'A' && c <= 'Z' ? 3 : 0;
}

// How often `value` switches between digits and non-digits.
int DigitSwitches(std::string_view value) {
  int switches = 0;
  for (size_t i = 1; i < value.size(); ++i) {
    if ((CharClass(value[i]) == 1) != (CharClass(value[i - 1]) == 1)) ++switches;
  }
  return switches;
}

bool PartLooksRandom(std::string_view part) { return part.size() >= 8 && DigitSwitches(part) >= 3; }

// True when a part between the separators . _ - / : reads as random: the
// value is a random token in an identifier's shape (many tokens use a
// base64url or lower-case alphabet with - and _), not an identifier.
bool HasRandomPart(std::string_view value) {
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || std::string_view("._-/:").find(value[i]) != std::string_view::npos) {
      if (PartLooksRandom(value.substr(start, i - start))) return true;
      start = i + 1;
    }
  }
  return false;
}

}  // namespace

bool CommentedOutSecret(std::string_view key, std::string_view value) {
  if (key.empty() || !KeyNamesSecret(key) || value.size() < 16) return false;
  // Switches between digits, lower and upper case (not across other
  // characters such as '-').
  int class_switches = 0;
  bool has_letter = false, has_digit = false;
  for (size_t i = 0; i < value.size(); ++i) {
    const int c = CharClass(value[i]);
    has_digit |= c == 1;
    has_letter |= c >= 2;
    if (i > 0 && c != 0 && CharClass(value[i - 1]) != 0 && c != CharClass(value[i - 1])) ++class_switches;
  }
  return has_letter && has_digit && (DigitSwitches(value) >= 4 || class_switches >= 8);
}

namespace {

// A value of letters only that a person may have chosen as a password
// (swordfish, mongopass, Tidewater): 6 to 64 letters, not a word that
// fills a password field's place in a schema, form or label (string,
// required, hidden...), and not a name for a password (newPassword).
bool WordPasswordShape(std::string_view value) {
  if (value.size() < 6 || value.size() > 64) return false;
  std::string lower;
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    lower.push_back(static_cast<char>(c | 0x20));
  }
  static const std::set<std::string, std::less<>> kFieldWords{
      "string",    "strings",     "text",      "required",  "optional",    "hidden",   "masked",
      "secret",    "secrets",     "sensitive", "encrypted", "redacted",    "default",  "defaults",
      "boolean",   "number",      "integer",   "object",    "undefined",   "nullable", "invalid",
      "missing",   "incorrect",   "wrong",     "changed",   "expired",     "confirm",  "confirmed",
      "current",   "forgot",      "forgotten", "reset",     "change",      "update",   "updated",
      "enabled",   "disabled",    "enable",    "disable",   "always",      "never",    "prompt",
      "unknown",   "unset",       "empty",     "blank",     "values",      "value",    "varchar",
      "input",     "field",       "fields",    "label",     "placeholder", "private",  "public",
      "plaintext", "cleartext",   "basic",     "digest",    "bearer",      "session",  "cookie",
      "header",    "environment", "inherit",   "static",    "dynamic",     "random",   "generated",
      "generate",  "manual",      "automatic", "keyring",   "keychain",    "vault",    "option",
      "options",   "settings",    "config",    "sample",    "example",     "dummy",    "testing",
      "foobar",    "nothing",     "anything",  "something"};
  if (kFieldWords.count(lower)) return false;
  // camelCase and PascalCase read as identifiers (overEvery, KeyStorePassword).
  static const RE2 kCamel("[a-z]+(?:[A-Z][a-z]+)+|(?:[A-Z][a-z]+){2,}");
  if (RE2::FullMatch(re2::StringPiece(value.data(), value.size()), kCamel)) return false;
  for (std::string_view part : {"password", "passwd", "passwort", "passphrase", "secret", "token"}) {
    if (lower.find(part) != std::string::npos) return false;
  }
  return true;
}

// The key names a password (not only a secret: a word under "token" or
// "key" is a name, under "password" it is the password).
bool KeyNamesPassword(std::string_view key) {
  for (const auto& w : KeyWords(key)) {
    // Glued words count too: dbpassword, adminpasswd.
    if (w == "pass" || w == "pwd" || w == "passwort" || w == "passphrase" || w == "passcode" ||
        w.find("password") != std::string::npos || w.find("passwd") != std::string::npos)
      return true;
  }
  return false;
}

}  // namespace

bool WordPassword(std::string_view key, std::string_view value) {
  if (!WordPasswordShape(value) || !KeyNamesPassword(key)) return false;
  // The key's own word as its value ("password": "Password") is a label.
  for (const auto& w : KeyWords(key)) {
    if (w.size() == value.size() && std::equal(w.begin(), w.end(), value.begin(), [](char a, char b) {
          return a == static_cast<char>(b | 0x20);
        }))
      return false;
  }
  return true;
}

bool LooksLikeUuid(std::string_view value) {
  static const RE2 kUuid("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  return RE2::FullMatch(re2::StringPiece(value.data(), value.size()), kUuid);
}

bool RandomLetterCase(std::string_view value) {
  // Split as an identifier is read: capital runs (DB, T), capitalized words
  // (Cluster) and lower-case words (get); a run's last capital starts the
  // next word when lower case follows (DBCluster: DB, Cluster). Each of
  // these is a sign of random letters, and two make the value random:
  //   - a word of one or two letters that is not a common short word (Id,
  //     By, Of, Ok...): a fragment;
  //   - a word of three letters or more without a vowel (Vtkq; Ctrl is one,
  //     so one such word alone decides nothing);
  //   - a run of five capitals or more inside the value (ZFYCSU).
  static constexpr std::string_view kShortWords[] = {
      "a",  "i",  "id", "by", "to", "of", "on", "at", "in", "is", "or", "if", "up", "no", "do",
      "go", "as", "be", "my", "we", "me", "it", "ok", "db", "io", "ui", "os", "an", "so", "us",
      "vs", "re", "un", "ex", "hw", "sw", "fn", "px", "pk", "op", "bg", "fg", "ip", "ws", "js",
      "ts", "gl", "vk", "dx", "tx", "rx", "ms", "ns", "mb", "vm", "ml", "qt", "wm"};
  // Abbreviations identifiers use.
  static constexpr std::string_view kVowelless[] = {
      "ctrl", "dll", "cmd",  "msg", "src", "dst", "pkt",  "ptr",  "mgr", "ctx", "std", "cfg", "btn", "txt",
      "img",  "hdr", "fmt",  "str", "sql", "xml", "rgb",  "pwd",  "rnd", "lst", "grp", "clk", "tmp", "dlg",
      "wnd",  "crt", "pkcs", "rng", "dns", "tcp", "http", "html", "css", "svc", "rpc", "ssl", "tls", "jwt",
      "mkt",  "pnl", "lvl",  "nxt", "prv", "cnt", "num",  "mrkt", "sdk", "cpp", "php", "nls", "gtk", "gdk"};
  if (value.size() < 8) return false;
  auto upper = [&](size_t k) { return IsAsciiUpper(value[k]); };
  auto lower = [&](size_t k) { return IsAsciiLower(value[k]); };
  int signs = 0;
  size_t i = 0;
  while (i < value.size()) {
    size_t start = i;
    if (upper(i)) {
      while (i < value.size() && upper(i)) ++i;
      const bool word_follows = i < value.size() && lower(i);
      const size_t run = i - start - (word_follows ? 1 : 0);
      if (run >= 5 && run < value.size()) ++signs;
      if (!word_follows) continue;
      start = i - 1;  // the last capital starts a word
    }
    while (i < value.size() && lower(i)) ++i;
    // Only a word's first letter can be a capital here.
    const std::string_view word = value.substr(start, i - start);
    auto listed = [&](const auto& list) {
      return std::any_of(std::begin(list), std::end(list), [&](std::string_view w) {
        return w.size() == word.size() && AsciiToLower(word[0]) == w[0] && word.substr(1) == w.substr(1);
      });
    };
    if (word.size() < 3) {
      if (!listed(kShortWords)) ++signs;
    } else if (word.find_first_of("aeiouyAEIOUY") == std::string_view::npos && !listed(kVowelless)) {
      ++signs;
    }
  }
  return signs >= 2;
}

bool LooksLikeNonSecretValue(std::string_view value) {
  static const RE2 kNonSecret(
      "^(?:"
      "v?\\d+(?:\\.\\d+)+(?:[-+][\\w.]+)?"                          // version
      "|\\(?0[xX][0-9A-Fa-f]{1,16}[uUlL]{0,3}\\)?"                  // hex constant: 0x8031002C, (0x0080)
      "|[A-Za-z]+(?:[._\\-/:][A-Za-z]+)+\\d*"                       // Dotted.Words, X-Header-Name
      "|\\d{4}-\\d{2}-\\d{2}(?:[T ][\\d:.]+Z?)?"                    // date, timestamp
      "|[a-z]+(?:[A-Z][a-z]+)+\\d*"                                 // camelCase
      "|(?:[A-Z][a-z]+){2,}\\d*"                                    // PascalCase
      "|[a-z]{2,}\\d{0,2}(?:[A-Z][a-z]{2,}\\d{0,2})+"               // camelCase with numbers: utf8Encoder
      "|(?:[A-Z][a-z]{2,}\\d{0,2}){2,}"                             // PascalCase with numbers: Ipv6Cidr
      "|=?[A-Za-z_][\\w.]*;"                                        // code: a type or name ending a statement
      "|[a-z][a-z0-9.\\-]{2,}#[A-Z][A-Za-z]+"                       // service#Method enum value
      "|[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*(?:\\(.*|\\[.*)"  // call, index: read(x), env["K"]
      "|(?:sha\\d+|md5)[-:].*"                                      // integrity hash
      "|data:.*|https?://[^@]*|/[^ ]*|\\.{0,2}/.*"                  // URI, path
      "|arn:[a-z0-9-]+:[a-z0-9-]*:.*"                               // AWS ARN
      "|[#.][a-z]+(?:[-_][a-z]+)*\\d*"                              // CSS selector, anchor: #add-password
      ")$");
  // Identifiers (dotted.identifier, kebab-name-2, CONSTANT_NAME), unless a
  // part reads as random.
  static const RE2 kIdentifier(
      "^(?:"
      "[a-z][a-z0-9]*(?:[._\\-/:][a-z0-9]+)+"  // dotted.identifier, kebab-case
      "|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"         // CONSTANT_NAME
      ")$");
  // Underscores or dollars around a name (__dirname__, $scope, _private_)
  // do not make it a secret.
  const size_t first = value.find_first_not_of("_$");
  const size_t last = value.find_last_not_of("_$");
  if (first != std::string_view::npos && (first > 0 || last + 1 < value.size()))
    value = value.substr(first, last + 1 - first);
  // Punctuation only (****, -----, ,.:-¿?!): a mask or a separator, not a
  // secret. A letter or digit is ASCII, or any character from U+00C0 on but
  // the two Latin-1 signs (U+00D7, U+00F7); U+0080-U+00BF are signs, and so
  // is what is not UTF-8 (U+FFFD).
  bool has_letter_or_digit = false;
  DecodeUtf8(value, [&](uint32_t cp) {
    has_letter_or_digit = has_letter_or_digit || (cp < 0x80 && IsAsciiAlnum(static_cast<char>(cp))) ||
                          (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp != kReplacementCharacter);
  });
  if (!value.empty() && !has_letter_or_digit) return true;
  const re2::StringPiece v(value.data(), value.size());
  // Letters only: a word or an identifier made of words (ENABLED, Bearer,
  // DBClusterParameterGroups, InsertCtrlTWrapper) unless it reads as random
  // letters of mixed case (yqDVtkqPECriaLRi): RandomLetterCase.
  if (!value.empty() && std::all_of(value.begin(), value.end(), IsAsciiAlpha))
    return !RandomLetterCase(value);
  return RE2::FullMatch(v, kNonSecret) || (RE2::FullMatch(v, kIdentifier) && !HasRandomPart(value));
}

bool KeyNamesSecret(std::string_view key) {
  static const std::set<std::string> kSecretWords{
      "password", "passwd", "passwort", "pass",       "pwd",      "pw",        "passphrase", "secret",
      "secrets",  "token",  "tokens",   "key",        "keys",     "apikey",    "credential", "credentials",
      "cred",     "creds",  "auth",     "salt",       "pat",      "bearer",    "private",    "passcode",
      "pin",      "dsn",    "conn",     "connection", "apitoken", "accesskey", "secretkey",  "authkey"};
  for (const auto& w : KeyWords(key)) {
    if (kSecretWords.count(w)) return true;
    // Glued words: ADMINPASSWORD, dbpass, mysecretkey.
    for (std::string_view part : {"password", "passwd", "secret", "token", "apikey"}) {
      if (w.find(part) != std::string::npos) return true;
    }
  }
  return false;
}

bool IsSourceCodePath(std::string_view path) {
  static constexpr std::array<std::string_view, 43> kExt{
      ".py",   ".js",  ".mjs", ".cjs", ".ts",     ".tsx", ".jsx", ".go", ".java",  ".kt",    ".rb",
      ".php",  ".cs",  ".c",   ".cc",  ".cpp",    ".h",   ".hpp", ".rs", ".swift", ".scala", ".lua",
      ".dart", ".pas", ".pp",  ".inc", ".adb",    ".ads", ".f90", ".m",  ".mm",    ".ml",    ".hs",
      ".ex",   ".exs", ".erl", ".clj", ".groovy", ".vb",  ".pl",  ".pm", ".cls",   ".kts"};
  for (auto e : kExt) {
    if (path.ends_with(e)) return true;
  }
  return false;
}

KeyRule KeyRuleFor(const RuleCard& card) {
  if (card.structural) return KeyRule::kIgnored;
  return card.keyed ? KeyRule::kNamesSecret : KeyRule::kNotNonSecret;
}

bool TakesWordPasswords(const RuleCard& card) {
  // Assignments and command lines; not prose or a word after "pass"
  // ("the password is stored", "pass \"Approved\""), which are sentences.
  static const std::set<std::string, std::less<>> kWordRules{
      "generic.password.assignment", "generic.password.unquoted", "generic.password.define",
      "generic.password.line", "generic.password.cli"};
  // Of the structural rules only netrc's: its field says password; a URL's
  // userinfo word is as often a placeholder or a mangled mailto
  // (https://git:openshift@..., https://mailto:john@...).
  return card.id == "urlcred.netrc" || kWordRules.count(card.id) > 0;
}

bool GenericDroppedByValue(std::string_view path, std::string_view value, bool word_passwords) {
  return IsLockOrChecksumFile(path) ||
         (LooksLikeNonSecretValue(value) && !(word_passwords && WordPasswordShape(value)));
}

bool KeepGenericCandidate(std::string_view path, std::string_view value, const Context& ctx, bool quoted,
                          KeyRule key_rule, bool word_passwords) {
  if (IsLockOrChecksumFile(path)) return false;
  // An unquoted value in source code is an expression (a variable, a call),
  // unless the parser says it is a literal.
  if (!quoted && IsSourceCodePath(path) &&
      !(ctx.kind == ValueKind::kLiteral && ctx.source.rfind("tree-sitter", 0) == 0))
    return false;
  if (ctx.kind == ValueKind::kReference) return false;
  // A comment mostly holds prose and examples; a commented-out assignment
  // of a random token to a secret's name (# API_SECRET = "...") is a live
  // credential all the same.
  if (ctx.kind == ValueKind::kComment && !CommentedOutSecret(ctx.key_name, value)) return false;
  if (key_rule != KeyRule::kIgnored && !ctx.key_name.empty() && KeyNamesNonSecret(ctx.key_name)) return false;
  // A rule that matched on the key name itself (compass: ..., secretary=...)
  // needs a key that names a secret as a word.
  if (key_rule == KeyRule::kNamesSecret && !ctx.key_name.empty() && !KeyNamesSecret(ctx.key_name))
    return false;
  // A word is a password under a password's name, or in a password's place
  // (a netrc entry's password field).
  if (LooksLikeNonSecretValue(value) &&
      !(word_passwords &&
        (WordPassword(ctx.key_name, value) || (key_rule == KeyRule::kIgnored && WordPasswordShape(value)))))
    return false;
  // A number is a port, a count or an id (${TIMEOUT_TOKEN:-18336}), unless
  // it sits in a password's place (user:84729103@host) or under a
  // password's name (a PIN, a numeric password).
  if (!value.empty() && value.size() <= 12 &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      key_rule != KeyRule::kIgnored && !KeyNamesPassword(ctx.key_name))
    return false;
  // A UUID is an id unless its key names a secret (Heroku and Snyk API keys
  // are UUIDs) or the value's place does (a URL's password); with no key
  // there is no telling.
  if (key_rule != KeyRule::kIgnored && LooksLikeUuid(value) &&
      (ctx.key_name.empty() || !KeyNamesSecret(ctx.key_name)))
    return false;
  return true;
}

}  // namespace blastradius
