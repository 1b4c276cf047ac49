#include "scanner/context/line_reader.h"

#include <re2/re2.h>

#include <algorithm>
#include <string>

#include "scanner/core/ascii.h"
#include "scanner/core/line_index.h"

namespace blastradius {
namespace {

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

}  // namespace

std::string_view LineFormatFor(std::string_view path) {
  std::string base = AsciiLower(BaseName(path));
  if (base == ".env" || base.rfind(".env.", 0) == 0 || base.ends_with(".env") || base == ".envrc")
    return "dotenv";
  if (base == ".npmrc" || base == ".yarnrc") return "npmrc";
  if (base == ".netrc" || base == "_netrc") return "netrc";
  if (base == "dockerfile" || base.rfind("dockerfile.", 0) == 0 || base.ends_with(".dockerfile"))
    return "dockerfile";
  if (base == ".git-credentials") return "git-credentials";
  if (base.ends_with(".ini") || base.ends_with(".cfg") || base.ends_with(".properties") ||
      base.ends_with(".conf") || base == ".pypirc" || base == "credentials")
    return "ini";
  // C, C++, Objective-C and Arduino sketches (no grammar of their own):
  // '#' starts a preprocessor directive there, not a comment.
  for (std::string_view ext :
       {".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".ino", ".m", ".mm"}) {
    if (base.ends_with(ext)) return "c";
  }
  return "";
}

LineContextReader::LineContextReader(std::string_view format, std::string_view data)
    : format_(format), data_(data), lines_(data) {}

void LineContextReader::ReadKey(Span secret, Context* out) {
  const std::string_view format = format_;
  const std::string_view data = data_;
  const size_t line_begin = lines_.LineStart(secret.begin);
  std::string_view before = data.substr(line_begin, secret.begin - line_begin);
  out->source = format.empty() ? "line" : std::string(format);

  // Comments: a marker that starts the line (after blanks): '#' everywhere,
  // ';' in INI and .npmrc, '//' only in code (the generic reader), since in
  // .npmrc "//registry.npmjs.org/:_authToken=" is the token line itself.
  size_t first = before.find_first_not_of(" \t");
  bool semicolon_comments = format == "ini" || format == "npmrc";
  bool slash_comments = format.empty() || format == "c";
  bool hash_comments = format != "c";
  if (first != std::string_view::npos && ((hash_comments && before.compare(first, 1, "#") == 0) ||
                                          (slash_comments && before.compare(first, 2, "//") == 0) ||
                                          (semicolon_comments && before.compare(first, 1, ";") == 0))) {
    out->kind = ValueKind::kComment;
  } else {
    out->kind = ValueKind::kLiteral;
  }
  std::string key;
  if (format == "netrc") {
    // The last "machine HOST" (or "default") before the secret, on this
    // line or an earlier one: entries usually span several lines.
    static const RE2 kMachine(R"((?s).*(?:^|\s)(?:machine\s+(\S+)|(default))(?:\s|$))");
    size_t window = secret.begin > 4096 ? secret.begin - 4096 : 0;
    std::string host, dflt;
    if (RE2::PartialMatch(Piece(data.substr(window, secret.begin - window)), kMachine, &host, &dflt))
      out->key_name = "netrc:" + (host.empty() ? dflt : host);
    return;
  }
  if (format == "git-credentials") {
    // https://user:SECRET@host/...: the key names the host, as for .netrc.
    static const RE2 kHost(R"(^[^@\s]*@([^/\s:?#]+))");
    const size_t line_end = lines_.LineEnd(secret.end);
    if (RE2::PartialMatch(Piece(data.substr(secret.end, line_end - secret.end)), kHost, &key))
      out->key_name = "git-credentials:" + key;
    return;
  }
  if (format == "dockerfile") {
    static const RE2 kEnv(R"((?i)^\s*(?:ENV|ARG)\s+([A-Za-z_][A-Za-z0-9_]*)[= ])");
    if (RE2::PartialMatch(Piece(before), kEnv, &key)) {
      out->key_name = key;
      return;
    }
  }
  if (format == "c") {
    // #define WIFI_PASSWORD "...": the macro's name is the key.
    static const RE2 kDefine(R"(^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)\s+L?"$)");
    if (RE2::PartialMatch(Piece(before), kDefine, &key)) {
      out->key_name = key;
      return;
    }
  }
  if (format == "npmrc") {
    static const RE2 kAuth(R"((_authToken|_auth|_password)\s*=\s*$)");
    if (RE2::PartialMatch(Piece(before), kAuth, &key)) {
      out->key_name = key;
      return;
    }
  }
  // Generic "key <op> [quote]" immediately before the value; also handles
  // dotenv (export KEY=), INI (key = ), YAML (key: ), JSON ("key": "), a
  // string type annotation between name and operator (apiKey: string = ",
  // token: Final[str] = "; a list of types, as "note: token = " is prose) and a
  // URL's scheme and user before a password (DB_URL=postgres://user:). The
  // key starts a word and does not follow '/', so the "user" of
  // scheme://user:password is never taken for a key; a line comment's '//'
  // may come before it (//$api_secret = '...', code commented out).
  static const RE2 kAssign(
      R"((?:^|^[ \t]*//|[^A-Za-z0-9_.\-$@/])([A-Za-z_$@][A-Za-z0-9_.\-$@]*)["'\x60]?\]?(?:\s*:\s*(?:&(?:'static\s+)?)?(?:str|string|String|bytes|SecretStr|number|any|Final|Optional|Option|ClassVar)(?:[<\[][^=]*[>\]])?\s*=|\s*(?:=|:=|=>|:|,))\s*[\[(]?\s*["'\x60]?\s*(?:[A-Za-z]*\s*|[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:"'\x60]*:)$)");
  if (RE2::PartialMatch(Piece(before), kAssign, &key)) {
    // "Bearer ", "token " style prefixes are allowed between op and value.
    out->key_name = key;
  }
}

std::string_view LineContextReader::EnvironmentFromHostsAround(Span secret) {
  const std::string_view lines = lines_.LinesAround(secret.begin, secret.end);
  if (!env_valid_ || lines.data() != env_lines_.data() || lines.size() != env_lines_.size()) {
    env_lines_ = lines;
    env_ = EnvironmentFromHosts(lines);
    env_valid_ = true;
  }
  return env_;
}

void LineContextReader::Read(Span secret, Context* out) {
  ReadKey(secret, out);
  std::string_view env = EnvironmentFromKey(out->key_name);
  if (env.empty()) env = EnvironmentFromHostsAround(secret);
  out->environment = std::string(env);
}

void ReadLineContext(std::string_view format, std::string_view data, Span secret, Context* out) {
  LineContextReader(format, data).Read(secret, out);
}

}  // namespace blastradius
