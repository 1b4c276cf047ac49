#include "scanner/policy/allow_markers.h"

#include "scanner/core/ascii.h"

namespace blastradius {
namespace {

bool IsWordChar(char c) { return IsAsciiAlnum(c) || c == '_' || c == '-'; }

// Case-insensitive "starts with" at `pos`.
bool MatchAt(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (AsciiToLower(s[pos + i]) != word[i]) return false;
  }
  return true;
}

size_t SkipSpaces(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  return pos;
}

// "pragma:" [spaces] ("allowlist"|"whitelist") [ -] ["nextline" [ -]] "secret"
// at `pos`. Sets *nextline.
bool MatchPragma(std::string_view s, size_t pos, bool* nextline) {
  if (!MatchAt(s, pos, "pragma:")) return false;
  pos = SkipSpaces(s, pos + 7);
  if (!MatchAt(s, pos, "allowlist") && !MatchAt(s, pos, "whitelist")) return false;
  pos += 9;
  if (pos >= s.size() || (s[pos] != ' ' && s[pos] != '-')) return false;
  ++pos;
  *nextline = false;
  if (MatchAt(s, pos, "nextline")) {
    pos += 8;
    if (pos >= s.size() || (s[pos] != ' ' && s[pos] != '-')) return false;
    ++pos;
    *nextline = true;
  }
  if (!MatchAt(s, pos, "secret")) return false;
  pos += 6;
  return pos == s.size() || !IsWordChar(s[pos]);
}

std::string TrimReason(std::string_view r) {
  auto strip = [&](std::string_view cut) {
    while (!r.empty() && cut.find(r.front()) != std::string_view::npos) r.remove_prefix(1);
  };
  strip(" \t:=-(");
  // Trailing comment closers and punctuation.
  for (bool changed = true; changed;) {
    changed = false;
    while (!r.empty() && (r.back() == ' ' || r.back() == '\t' || r.back() == '\r' || r.back() == ')')) {
      r.remove_suffix(1);
      changed = true;
    }
    for (std::string_view closer : {"*/", "-->", "#}", "%>"}) {
      if (r.size() >= closer.size() && r.substr(r.size() - closer.size()) == closer) {
        r.remove_suffix(closer.size());
        changed = true;
      }
    }
  }
  return std::string(r);
}

// True when only comment punctuation and blanks precede the marker: the
// line is a comment of its own ("# ...", "// ...", "-- ...", "<!-- ...",
// "/* ...", "; ...", "% ...", "REM ...").
bool OnlyCommentBefore(std::string_view line, size_t marker_at) {
  std::string_view before = line.substr(0, marker_at);
  size_t i = SkipSpaces(before, 0);
  if (MatchAt(before, i, "rem ")) i += 4;
  for (; i < before.size(); ++i) {
    char c = before[i];
    if (c == ' ' || c == '\t') continue;
    if (std::string_view("#/*;-!<%'{").find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

const char* AllowMarkerName(AllowMarkerKind kind) {
  switch (kind) {
    case AllowMarkerKind::kBlastradius:
      return "blastradius:allow";
    case AllowMarkerKind::kGitleaks:
      return "gitleaks:allow";
    case AllowMarkerKind::kDetectSecrets:
      return "pragma: allowlist secret";
    case AllowMarkerKind::kDetectSecretsNextLine:
      return "pragma: allowlist nextline secret";
  }
  return "";
}

std::optional<AllowMarker> FindMarkerInLine(std::string_view s, size_t* marker_at) {
  constexpr std::string_view kBr = "blastradius:allow";
  constexpr std::string_view kGl = "gitleaks:allow";
  for (size_t i = 0; i < s.size(); ++i) {
    char c = AsciiToLower(s[i]);
    if (c == 'b' && MatchAt(s, i, kBr) && (i + kBr.size() == s.size() || !IsWordChar(s[i + kBr.size()]))) {
      *marker_at = i;
      AllowMarker m;
      m.kind = AllowMarkerKind::kBlastradius;
      m.reason = TrimReason(s.substr(i + kBr.size()));
      return m;
    }
    if (c == 'g' && MatchAt(s, i, kGl) && (i + kGl.size() == s.size() || !IsWordChar(s[i + kGl.size()]))) {
      *marker_at = i;
      return AllowMarker{AllowMarkerKind::kGitleaks, 0, {}};
    }
    bool nextline = false;
    if (c == 'p' && MatchPragma(s, i, &nextline)) {
      *marker_at = i;
      return AllowMarker{
          nextline ? AllowMarkerKind::kDetectSecretsNextLine : AllowMarkerKind::kDetectSecrets, 0, {}};
    }
  }
  return std::nullopt;
}

std::optional<AllowMarker> FindAllowMarker(const LineIndex& lines, uint32_t line) {
  if (line == 0 || line > lines.line_count()) return std::nullopt;
  size_t at = 0;
  if (auto m = FindMarkerInLine(lines.Line(line), &at);
      m && m->kind != AllowMarkerKind::kDetectSecretsNextLine) {
    m->line = line;
    return m;
  }
  if (line > 1) {
    std::string_view above = lines.Line(line - 1);
    if (auto m = FindMarkerInLine(above, &at)) {
      if (m->kind == AllowMarkerKind::kDetectSecretsNextLine || OnlyCommentBefore(above, at)) {
        m->line = line - 1;
        return m;
      }
    }
  }
  return std::nullopt;
}

std::optional<AllowMarker> FindAllowMarker(std::string_view text, uint32_t line) {
  LineIndex lines(text);
  return FindAllowMarker(lines, line);
}

}  // namespace blastradius
