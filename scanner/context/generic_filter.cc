#include "scanner/context/generic_filter.h"

#include <re2/re2.h>

#include <array>
#include <set>
#include <string>

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

bool LooksLikeNonSecretValue(std::string_view value) {
  static const RE2 kNonSecret(
      "^(?:"
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  // UUID
      "|v?\\d+(?:\\.\\d+)+(?:[-+][\\w.]+)?"                                          // version
      "|[a-z][a-z0-9]*(?:[._\\-/:][a-z0-9]+)+"                                       // dotted.identifier
      "|[A-Za-z]+(?:[._\\-/:][A-Za-z]+)+\\d*"                       // Dotted.Words, X-Header-Name
      "|\\d{4}-\\d{2}-\\d{2}(?:[T ][\\d:.]+Z?)?"                    // date, timestamp
      "|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"                              // CONSTANT_NAME
      "|[a-z]+(?:[A-Z][a-z]+)+\\d*"                                 // camelCase
      "|(?:[A-Z][a-z]+){2,}\\d*"                                    // PascalCase
      "|[A-Za-z]+"                                                  // plain word
      "|=?[A-Za-z_][\\w.]*;"                                        // code: a type or name ending a statement
      "|[a-z][a-z0-9.\\-]{2,}#[A-Z][A-Za-z]+"                       // service#Method enum value
      "|[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*(?:\\(.*|\\[.*)"  // call, index: read(x), env["K"]
      "|(?:sha\\d+|md5)[-:].*"                                      // integrity hash
      "|data:.*|https?://[^@]*|/[^ ]*|\\.{0,2}/.*"                  // URI, path
      ")$");
  return RE2::FullMatch(re2::StringPiece(value.data(), value.size()), kNonSecret);
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
  static constexpr std::array<std::string_view, 41> kExt{
      ".py",   ".js",  ".mjs", ".cjs", ".ts",     ".tsx", ".jsx", ".go", ".java",  ".kt",    ".rb",
      ".php",  ".cs",  ".c",   ".cc",  ".cpp",    ".h",   ".hpp", ".rs", ".swift", ".scala", ".lua",
      ".dart", ".pas", ".pp",  ".inc", ".adb",    ".ads", ".f90", ".m",  ".mm",    ".ml",    ".hs",
      ".ex",   ".exs", ".erl", ".clj", ".groovy", ".vb",  ".pl",  ".pm"};
  for (auto e : kExt) {
    if (path.ends_with(e)) return true;
  }
  return false;
}

KeyRule KeyRuleFor(const RuleCard& card) {
  if (card.structural) return KeyRule::kIgnored;
  return card.keyed ? KeyRule::kNamesSecret : KeyRule::kNotNonSecret;
}

bool GenericDroppedByValue(std::string_view path, std::string_view value) {
  return IsLockOrChecksumFile(path) || LooksLikeNonSecretValue(value);
}

bool KeepGenericCandidate(std::string_view path, std::string_view value, const Context& ctx, bool quoted,
                          KeyRule key_rule) {
  if (IsLockOrChecksumFile(path)) return false;
  // An unquoted value in source code is an expression (a variable, a call),
  // unless the parser says it is a literal.
  if (!quoted && IsSourceCodePath(path) &&
      !(ctx.kind == ValueKind::kLiteral && ctx.source.rfind("tree-sitter", 0) == 0))
    return false;
  if (ctx.kind == ValueKind::kComment || ctx.kind == ValueKind::kReference) return false;
  if (key_rule != KeyRule::kIgnored && !ctx.key_name.empty() && KeyNamesNonSecret(ctx.key_name)) return false;
  // A rule that matched on the key name itself (compass: ..., secretary=...)
  // needs a key that names a secret as a word.
  if (key_rule == KeyRule::kNamesSecret && !ctx.key_name.empty() && !KeyNamesSecret(ctx.key_name))
    return false;
  if (LooksLikeNonSecretValue(value)) return false;
  return true;
}

}  // namespace blastradius
