#include "scanner/agents/agents.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "scanner/core/ascii.h"
#include "scanner/core/file_io.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {
namespace {

std::string_view Basename(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

bool ReadIfExists(const std::filesystem::path& p, std::string* text) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return false;
  return ReadWholeFile(p.string(), text).ok();
}

bool Exists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec);
}

// Drops the guard's own block from an ignore file's text.
std::string WithoutGuardBlock(const std::string& text) {
  size_t b = text.find(kGuardBegin);
  if (b == std::string::npos) return text;
  size_t e = text.find(kGuardEnd, b);
  if (e == std::string::npos) return text.substr(0, b);
  return text.substr(0, b) + text.substr(e + kGuardEnd.size());
}

}  // namespace

const std::vector<AgentInfo>& CommonAgents() {
  static const std::vector<AgentInfo> k{
      {"claude", "Claude Code"},     {"cursor", "Cursor"},     {"copilot", "GitHub Copilot"},
      {"gemini", "Gemini CLI"},      {"windsurf", "Windsurf"}, {"aider", "Aider"},
      {"jetbrains", "JetBrains AI"}, {"codex", "Codex"},
  };
  return k;
}

bool IsAgentContextFile(std::string_view rel) {
  const std::string base = AsciiLower(Basename(rel));
  static const std::set<std::string> kNames{"claude.md", "claude.local.md", "agents.md",      "gemini.md",
                                            ".mcp.json", ".cursorrules",    ".windsurfrules", ".clinerules"};
  if (base == "mcp.json") {
    // Only the MCP configs the agents load: .vscode/mcp.json, .cursor/mcp.json.
    return rel.ends_with(".vscode/mcp.json") || rel.ends_with(".cursor/mcp.json");
  }
  if (kNames.count(base)) return true;
  if (rel.ends_with(".github/copilot-instructions.md")) return true;
  const std::string r = "/" + std::string(rel);
  if (r.find("/.cursor/rules/") != std::string::npos) return true;
  if (r.find("/.github/instructions/") != std::string::npos && base.ends_with(".instructions.md"))
    return true;
  if (r.find("/.windsurf/rules/") != std::string::npos) return true;
  return false;
}

std::optional<std::string> GitignoreLineToRegex(std::string_view raw, bool* negate) {
  std::string line(raw);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  // Trailing spaces are ignored unless escaped with a backslash.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.pop_back();
  if (line.empty() || line[0] == '#') return std::nullopt;
  *negate = false;
  if (line[0] == '!') {
    *negate = true;
    line.erase(0, 1);
  } else if (line.size() >= 2 && line[0] == '\\' && (line[1] == '#' || line[1] == '!')) {
    line.erase(0, 1);
  }
  // Remaining escapes: "\ " and "\*" stand for the literal character.
  std::string g;
  bool has_escaped_glob = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      ++i;
      if (line[i] == '*' || line[i] == '?' || line[i] == '[') has_escaped_glob = true;
      g += line[i] == '*' || line[i] == '?' || line[i] == '[' ? std::string("\x01") + line[i]
                                                              : std::string(1, line[i]);
    } else {
      g += line[i];
    }
  }
  if (g.empty() || g == "/") return std::nullopt;
  const bool dir_only = g.back() == '/';
  std::string rx = GlobToRegex(g);
  if (has_escaped_glob) {
    // Undo GlobToRegex's reading of escaped metacharacters.
    std::string fixed;
    for (size_t i = 0; i < rx.size(); ++i) {
      if (rx[i] == '\\' && i + 1 < rx.size() && rx[i + 1] == '\x01') {
        // QuoteMeta turned \x01 into "\\\x01"; the next token is the glob
        // translation of the escaped character.
        i += 2;
        if (rx.compare(i, 5, "[^/]*") == 0) {
          fixed += "\\*";
          i += 4;
        } else if (rx.compare(i, 4, "[^/]") == 0) {
          fixed += "\\?";
          i += 3;
        } else if (rx.compare(i, 2, "\\[") == 0) {
          fixed += "\\[";
          i += 1;
        } else if (rx[i] == '[') {
          size_t close = rx.find(']', i);
          fixed += "\\[" + rx.substr(i + 1, close - i - 1) + "\\]";
          i = close;
        } else {
          --i;
        }
      } else {
        fixed += rx[i];
      }
    }
    rx = fixed;
  }
  if (dir_only) {
    // "dir/" matches only a directory: something must follow it.
    constexpr std::string_view kTail = "(?:/.*)?$";
    if (rx.ends_with(kTail)) rx = rx.substr(0, rx.size() - kTail.size()) + "/.*$";
  }
  return rx;
}

Status IgnoreRules::AddLine(std::string_view line, const std::string& source) {
  bool negate = false;
  std::optional<std::string> rx = GitignoreLineToRegex(line, &negate);
  if (!rx) return Status::Ok();
  RE2::Options o;
  o.set_log_errors(false);
  auto re = std::make_unique<RE2>(*rx, o);
  if (!re->ok()) return Status::InvalidArgument(source + ": invalid pattern: " + std::string(line));
  rules_.push_back({negate, source, std::move(re)});
  return Status::Ok();
}

bool IgnoreRules::Excluded(std::string_view rel, std::string* why) const {
  re2::StringPiece p(rel.data(), rel.size());
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (RE2::PartialMatch(p, *it->re)) {
      if (why) *why = it->negate ? "" : it->source;
      return !it->negate;
    }
  }
  return false;
}

std::optional<std::string> ClaudePatternToGitignore(std::string_view pattern, const std::string& root,
                                                    const std::string& home,
                                                    const std::string& settings_base) {
  std::string p(pattern);
  auto under = [&](const std::string& abs) -> std::optional<std::string> {
    // An absolute gitignore-like pattern applies below root when its literal
    // directory prefix is root or a parent of it.
    std::string r = root;
    while (r.size() > 1 && r.back() == '/') r.pop_back();
    if (abs.starts_with(r + "/")) return "/" + abs.substr(r.size() + 1);
    // A pattern like //**/.env or ~/**/secrets: a leading "**" segment
    // reaches every directory below its base.
    size_t glob = abs.find_first_of("*?[");
    std::string literal = abs.substr(0, glob == std::string::npos ? abs.size() : glob);
    size_t slash = literal.rfind('/');
    std::string base = slash == std::string::npos ? "" : literal.substr(0, slash);
    if (glob != std::string::npos && (r == base || r.starts_with(base + "/")) &&
        abs.compare(base.size(), 4, "/**/") == 0)
      return "**/" + abs.substr(base.size() + 4);
    return std::nullopt;
  };
  if (p.starts_with("//")) return under(p.substr(1));
  if (p.starts_with("~/")) {
    if (home.empty()) return std::nullopt;
    return under(home + p.substr(1));
  }
  if (p.starts_with("/")) {
    std::string b = settings_base;
    while (b.size() > 1 && b.back() == '/') b.pop_back();
    return under(b + p);
  }
  if (p.starts_with("./")) return "/" + p.substr(2);
  return p;
}

const char* AgentAccessName(AgentAccess a) {
  switch (a) {
    case AgentAccess::kReadable:
      return "readable";
    case AgentAccess::kAdvisory:
      return "advisory";
    case AgentAccess::kExcluded:
      return "excluded";
  }
  return "readable";
}

std::string AgentIgnoreFile(std::string_view agent) {
  if (agent == "cursor") return ".cursorignore";
  if (agent == "gemini") return ".geminiignore";
  if (agent == "windsurf") return ".codeiumignore";
  if (agent == "aider") return ".aiderignore";
  if (agent == "jetbrains") return ".aiignore";
  return "";
}

bool AgentIgnoreIsAdvisory(std::string_view agent) { return agent == "windsurf"; }

AgentPolicy AgentPolicy::Load(const std::string& root_in, const std::string& home,
                              std::vector<std::string>* warnings, bool skip_guard_rules) {
  namespace fs = std::filesystem;
  AgentPolicy policy;
  std::error_code ec;
  const fs::path root = fs::absolute(root_in, ec).lexically_normal();
  std::string root_s = root.string();
  while (root_s.size() > 1 && root_s.back() == '/') root_s.pop_back();
  std::set<std::string> configured;
  auto note = [&](const std::string& agent, const std::string& path) {
    configured.insert(agent);
    policy.files_.push_back({agent, path});
  };
  // Ignore files (gitignore syntax) at the root.
  struct IgnoreFile {
    const char* agent;
    const char* name;
    bool advisory;
  };
  static const IgnoreFile kIgnoreFiles[] = {
      {"cursor", ".cursorignore", false}, {"cursor", ".cursorindexingignore", true},
      {"gemini", ".geminiignore", false}, {"windsurf", ".codeiumignore", true},
      {"aider", ".aiderignore", false},   {"jetbrains", ".aiignore", false},
  };
  for (const auto& f : kIgnoreFiles) {
    std::string text;
    if (!ReadIfExists(root / f.name, &text)) continue;
    note(f.agent, f.name);
    if (skip_guard_rules) text = WithoutGuardBlock(text);
    Source src;
    src.agent = f.agent;
    src.advisory = f.advisory;
    size_t start = 0, n = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      ++n;
      std::string_view line(text.data() + start, nl - start);
      if (Status s = src.rules.AddLine(
              line, std::string(f.name) + ":" + std::to_string(n) + " " + std::string(line));
          !s.ok() && warnings)
        warnings->push_back(s.message());
      start = nl + 1;
    }
    policy.sources_.push_back(std::move(src));
  }
  // Claude Code settings: project, project-local, user.
  std::set<std::string> owned;
  if (skip_guard_rules) {
    std::string text;
    if (ReadIfExists(root / std::string(kClaudeGuardSidecar), &text)) {
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_object() && j.contains("deny") && j["deny"].is_array())
        for (const auto& r : j["deny"])
          if (r.is_string()) owned.insert(r.get<std::string>());
    }
  }
  struct Settings {
    fs::path path;
    std::string shown;
    std::string base;
    bool project;
  };
  std::vector<Settings> settings{
      {root / ".claude/settings.json", ".claude/settings.json", root_s, true},
      {root / ".claude/settings.local.json", ".claude/settings.local.json", root_s, true}};
  if (!home.empty())
    settings.push_back({fs::path(home) / ".claude/settings.json", "~/.claude/settings.json", home, false});
  Source claude;
  claude.agent = "claude";
  for (const auto& s : settings) {
    std::string text;
    if (!ReadIfExists(s.path, &text)) continue;
    note("claude", s.shown);
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      if (warnings) warnings->push_back(s.shown + ": not valid JSON; its deny rules are ignored");
      continue;
    }
    if (!j.contains("permissions") || !j["permissions"].is_object()) continue;
    const auto& perms = j["permissions"];
    if (!perms.contains("deny") || !perms["deny"].is_array()) continue;
    for (const auto& r : perms["deny"]) {
      if (!r.is_string()) continue;
      const std::string rule = r.get<std::string>();
      if (s.project && owned.count(rule)) continue;
      if (rule == "Read" || rule == "Read(*)" || rule == "Read(**)") {
        claude.deny_all = true;
        claude.deny_all_source = s.shown + " " + rule;
        continue;
      }
      if (!rule.starts_with("Read(") || !rule.ends_with(")")) continue;
      const std::string pat = rule.substr(5, rule.size() - 6);
      std::optional<std::string> g = ClaudePatternToGitignore(pat, root_s, home, s.base);
      if (!g) continue;
      if (Status st = claude.rules.AddLine(*g, s.shown + " " + rule); !st.ok() && warnings)
        warnings->push_back(st.message());
    }
  }
  if (!claude.rules.empty() || claude.deny_all) policy.sources_.push_back(std::move(claude));
  // Instruction files and other configuration that say an agent is in use.
  struct Marker {
    const char* agent;
    const char* path;
  };
  static const Marker kMarkers[] = {
      {"claude", "CLAUDE.md"},
      {"claude", ".claude"},
      {"claude", ".mcp.json"},
      {"cursor", ".cursor"},
      {"cursor", ".cursorrules"},
      {"copilot", ".github/copilot-instructions.md"},
      {"copilot", ".github/instructions"},
      {"copilot", ".vscode/mcp.json"},
      {"gemini", "GEMINI.md"},
      {"gemini", ".gemini"},
      {"windsurf", ".windsurfrules"},
      {"windsurf", ".windsurf"},
      {"aider", ".aider.conf.yml"},
      {"jetbrains", ".aiassistant"},
      {"codex", "AGENTS.md"},
      {"codex", ".codex"},
  };
  for (const auto& m : kMarkers) {
    if (Exists(root / m.path)) {
      bool seen = std::any_of(policy.files_.begin(), policy.files_.end(),
                              [&](const AgentConfigFile& f) { return f.path == m.path; });
      if (!seen) note(m.agent, m.path);
    }
  }
  for (const auto& a : CommonAgents())
    if (configured.count(a.id)) policy.configured_.push_back(a.id);
  return policy;
}

std::vector<AgentView> AgentPolicy::Assess(std::string_view rel) const {
  std::vector<AgentView> out;
  for (const auto& a : CommonAgents()) {
    AgentView v;
    v.agent = a.id;
    // Enforced rules first: an agent both enforced-excluded and
    // index-ignored is excluded.
    for (bool advisory_pass : {false, true}) {
      if (v.access != AgentAccess::kReadable) break;
      for (const auto& s : sources_) {
        if (s.agent != a.id || s.advisory != advisory_pass) continue;
        std::string why;
        if (s.deny_all) {
          why = s.deny_all_source;
        } else if (!s.rules.Excluded(rel, &why)) {
          continue;
        }
        v.access = advisory_pass ? AgentAccess::kAdvisory : AgentAccess::kExcluded;
        v.rule = why;
        break;
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

void AnnotateAgentExposure(const AgentPolicy& policy, std::vector<Finding>* findings) {
  for (auto& f : *findings) {
    for (auto& l : f.locations) {
      l.agents_assessed = true;
      l.agents.clear();
      l.agents_advisory.clear();
      l.agents_excluded.clear();
      for (const auto& v : policy.Assess(l.path)) {
        if (v.access == AgentAccess::kExcluded) {
          l.agents_excluded.push_back(v.agent);
        } else {
          l.agents.push_back(v.agent);
          if (v.access == AgentAccess::kAdvisory) l.agents_advisory.push_back(v.agent);
        }
      }
      l.agent_context = IsAgentContextFile(l.path);
    }
  }
}

}  // namespace blastradius
