// Agent exposure (issue 15): each agent's ignore/deny syntax, the guard's
// edits and the shell command reader of the agent hook.
#include "scanner/agents/agents.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "scanner/agents/guard.h"
#include "scanner/cli/agent_commands.h"
#include "scanner/core/file_io.h"

namespace blastradius {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/blastradius-agents-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
  std::string Read(const std::string& rel) const {
    std::string t;
    REQUIRE(ReadWholeFile((path / rel).string(), &t).ok());
    return t;
  }
};

AgentAccess Access(const AgentPolicy& p, const std::string& rel, const std::string& agent) {
  for (const auto& v : p.Assess(rel))
    if (v.agent == agent) return v.access;
  FAIL("unknown agent " << agent);
  return AgentAccess::kReadable;
}

AgentPolicy LoadPolicy(const TempDir& root, const std::string& home = "") {
  std::vector<std::string> warnings;
  AgentPolicy p = AgentPolicy::Load(root.path.string(), home, &warnings);
  CHECK(warnings.empty());
  return p;
}

TEST_CASE("gitignore syntax: negation, directories, anchoring (Cursor .cursorignore)") {
  TempDir d;
  d.Write(".cursorignore", "# secrets\n*.env\n!keep.env\nsecrets/\n/config.yml\n\n");
  AgentPolicy p = LoadPolicy(d);
  CHECK(Access(p, ".env", "cursor") == AgentAccess::kExcluded);
  CHECK(Access(p, "deploy/prod.env", "cursor") == AgentAccess::kExcluded);
  CHECK(Access(p, "keep.env", "cursor") == AgentAccess::kReadable);  // last match wins
  CHECK(Access(p, "secrets/db.txt", "cursor") == AgentAccess::kExcluded);
  CHECK(Access(p, "a/secrets/db.txt", "cursor") == AgentAccess::kExcluded);
  CHECK(Access(p, "secrets", "cursor") == AgentAccess::kReadable);  // a file: "secrets/" is directory-only
  CHECK(Access(p, "config.yml", "cursor") == AgentAccess::kExcluded);
  CHECK(Access(p, "sub/config.yml", "cursor") == AgentAccess::kReadable);  // anchored
  // Another agent's file does not protect from Cursor, and vice versa.
  CHECK(Access(p, ".env", "gemini") == AgentAccess::kReadable);
  CHECK(Access(p, ".env", "claude") == AgentAccess::kReadable);
}

TEST_CASE("index-only ignores are advisory (.cursorindexingignore, .codeiumignore)") {
  TempDir d;
  d.Write(".cursorindexingignore", ".env\n");
  d.Write(".codeiumignore", "config/\n");
  AgentPolicy p = LoadPolicy(d);
  CHECK(Access(p, ".env", "cursor") == AgentAccess::kAdvisory);
  CHECK(Access(p, "config/a.json", "windsurf") == AgentAccess::kAdvisory);
  CHECK(Access(p, "src/a.py", "cursor") == AgentAccess::kReadable);
  // An enforced rule beats an index-only one.
  d.Write(".cursorignore", ".env\n");
  AgentPolicy q = LoadPolicy(d);
  CHECK(Access(q, ".env", "cursor") == AgentAccess::kExcluded);
}

TEST_CASE("double star and middle slash (Gemini CLI .geminiignore)") {
  TempDir d;
  d.Write(".geminiignore", "**/prod/*.json\ncerts/**\n");
  AgentPolicy p = LoadPolicy(d);
  CHECK(Access(p, "prod/a.json", "gemini") == AgentAccess::kExcluded);
  CHECK(Access(p, "x/y/prod/a.json", "gemini") == AgentAccess::kExcluded);
  CHECK(Access(p, "prod/sub/a.json", "gemini") == AgentAccess::kReadable);  // '*' stays in one component
  CHECK(Access(p, "certs/a/b.pem", "gemini") == AgentAccess::kExcluded);
  CHECK(Access(p, "x/certs/b.pem", "gemini") == AgentAccess::kReadable);  // "certs/**" is anchored
}

TEST_CASE("escapes and classes (Aider .aiderignore, JetBrains .aiignore)") {
  TempDir d;
  d.Write(".aiderignore", "\\#notes.txt\ndocs/*.md\n");
  d.Write(".aiignore", "?.key\n[ab].txt\n");
  AgentPolicy p = LoadPolicy(d);
  CHECK(Access(p, "#notes.txt", "aider") == AgentAccess::kExcluded);
  CHECK(Access(p, "docs/a.md", "aider") == AgentAccess::kExcluded);
  CHECK(Access(p, "x/docs/a.md", "aider") == AgentAccess::kReadable);
  CHECK(Access(p, "k.key", "jetbrains") == AgentAccess::kExcluded);
  CHECK(Access(p, "kk.key", "jetbrains") == AgentAccess::kReadable);
  CHECK(Access(p, "b.txt", "jetbrains") == AgentAccess::kExcluded);
  CHECK(Access(p, "c.txt", "jetbrains") == AgentAccess::kReadable);
}

TEST_CASE("escaped glob characters are literal") {
  bool neg = false;
  auto rx = GitignoreLineToRegex("/a\\*b", &neg);
  REQUIRE(rx);
  TempDir d;
  d.Write(".aiignore", "/a\\*b\n");
  AgentPolicy p = LoadPolicy(d);
  CHECK(Access(p, "a*b", "jetbrains") == AgentAccess::kExcluded);
  CHECK(Access(p, "axxb", "jetbrains") == AgentAccess::kReadable);
  CHECK_FALSE(GitignoreLineToRegex("# comment", &neg));
  CHECK_FALSE(GitignoreLineToRegex("   ", &neg));
  REQUIRE(GitignoreLineToRegex("!x", &neg));
  CHECK(neg);
}

TEST_CASE("Claude Code Read() patterns: ./, bare, /, //, ~/") {
  CHECK(*ClaudePatternToGitignore("./.env", "/r", "/h", "/r") == "/.env");
  CHECK(*ClaudePatternToGitignore(".env", "/r", "/h", "/r") == ".env");
  CHECK(*ClaudePatternToGitignore("/secrets/**", "/r", "/h", "/r") == "/secrets/**");
  CHECK(*ClaudePatternToGitignore("//r/a/b.txt", "/r", "/h", "/r") == "/a/b.txt");
  CHECK_FALSE(ClaudePatternToGitignore("//elsewhere/b.txt", "/r", "/h", "/r"));
  CHECK(*ClaudePatternToGitignore("~/proj/.env", "/h/proj", "/h", "/r") == "/.env");
  CHECK_FALSE(ClaudePatternToGitignore("~/other/.env", "/h/proj", "/h", "/r"));
  CHECK(*ClaudePatternToGitignore("~/**/.env", "/h/proj", "/h", "/r") == "**/.env");
  CHECK_FALSE(ClaudePatternToGitignore("~/x", "/h/proj", "", "/r"));
}

TEST_CASE("Claude Code deny rules from project, local and user settings") {
  TempDir home, d;
  d.Write(".claude/settings.json",
          R"j({"model": "x", "permissions": {"allow": ["Read(./.env)"],
               "deny": ["Read(./.env)", "Edit(src/**)", "Read(config/*.yml)"]}})j");
  d.Write(".claude/settings.local.json", R"j({"permissions": {"deny": ["Read(//nowhere/x)"]}})j");
  home.Write(".claude/settings.json", R"j({"permissions": {"deny": ["Read(~/**/*.pem)"]}})j");
  AgentPolicy p = LoadPolicy(d, home.path.string());
  CHECK(Access(p, ".env", "claude") == AgentAccess::kExcluded);
  CHECK(Access(p, "sub/.env", "claude") == AgentAccess::kReadable);  // ./ anchors at the working directory
  CHECK(Access(p, "src/a.py", "claude") == AgentAccess::kReadable);  // Edit() does not restrict reads
  CHECK(Access(p, "config/a.yml", "claude") == AgentAccess::kExcluded);
  // The home rule reaches the scan root only when the root is below home.
  CHECK(Access(p, "tls/key.pem", "claude") == AgentAccess::kReadable);
  TempDir d2;
  fs::create_directories(home.path / "proj");
  std::ofstream(home.path / "proj/.mcp.json") << "{}";
  std::vector<std::string> w;
  AgentPolicy q = AgentPolicy::Load((home.path / "proj").string(), home.path.string(), &w);
  CHECK(Access(q, "tls/key.pem", "claude") == AgentAccess::kExcluded);
  CHECK(q.configured() == std::vector<std::string>{"claude"});
  // "Read" alone denies every read.
  d.Write(".claude/settings.local.json", R"j({"permissions": {"deny": ["Read"]}})j");
  AgentPolicy r = LoadPolicy(d);
  CHECK(Access(r, "anything/at/all.txt", "claude") == AgentAccess::kExcluded);
}

TEST_CASE("agents without a file-level exclusion always read; configured agents are detected") {
  TempDir d;
  d.Write("AGENTS.md", "# agents\n");
  d.Write(".github/copilot-instructions.md", "be nice\n");
  d.Write(".aiignore", "*\n");
  AgentPolicy p = LoadPolicy(d);
  CHECK(Access(p, "x.txt", "copilot") == AgentAccess::kReadable);
  CHECK(Access(p, "x.txt", "codex") == AgentAccess::kReadable);
  CHECK(Access(p, "x.txt", "jetbrains") == AgentAccess::kExcluded);
  CHECK(p.configured() == std::vector<std::string>{"copilot", "jetbrains", "codex"});
}

TEST_CASE("agent context files") {
  CHECK(IsAgentContextFile("CLAUDE.md"));
  CHECK(IsAgentContextFile("sub/AGENTS.md"));
  CHECK(IsAgentContextFile(".mcp.json"));
  CHECK(IsAgentContextFile(".vscode/mcp.json"));
  CHECK(IsAgentContextFile(".cursor/mcp.json"));
  CHECK(IsAgentContextFile(".cursor/rules/db.mdc"));
  CHECK(IsAgentContextFile(".github/copilot-instructions.md"));
  CHECK(IsAgentContextFile("GEMINI.md"));
  CHECK_FALSE(IsAgentContextFile("mcp.json"));
  CHECK_FALSE(IsAgentContextFile("README.md"));
  CHECK_FALSE(IsAgentContextFile("docs/AGENTS.txt"));
}

TEST_CASE("annotate fills readable, advisory and excluded agents per location") {
  TempDir d;
  d.Write(".cursorindexingignore", ".env\n");
  d.Write(".geminiignore", ".env\n");
  AgentPolicy p = LoadPolicy(d);
  std::vector<Finding> findings(1);
  findings[0].locations.push_back(Location{.path = ".env"});
  findings[0].locations.push_back(Location{.path = "CLAUDE.md"});
  AnnotateAgentExposure(p, &findings);
  const Location& env = findings[0].locations[0];
  CHECK(env.agents_assessed);
  CHECK(env.agents_excluded == std::vector<std::string>{"gemini"});
  CHECK(env.agents_advisory == std::vector<std::string>{"cursor"});
  CHECK(env.agents.size() == CommonAgents().size() - 1);
  CHECK_FALSE(env.agent_context);
  CHECK(findings[0].locations[1].agent_context);
  CHECK(findings[0].locations[1].agents.size() == CommonAgents().size());
}

TEST_CASE("guard: marked block, user lines kept, idempotent, block follows the findings") {
  TempDir d;
  d.Write(".cursorignore", "node_modules/\n*.log\n");
  d.Write(
      ".claude/settings.json",
      R"j({"model": "opus", "permissions": {"deny": ["Bash(rm *)", "Read(./.env)"]}, "env": {"A": "1"}})j");
  GuardOptions o;
  o.root = d.path.string();
  o.agents = {"cursor", "claude", "aider", "copilot"};
  o.paths = {".env", "config/prod.yml", "debug.log"};
  std::vector<GuardEdit> edits;
  std::vector<std::string> notes;
  REQUIRE(PlanGuard(o, &edits, &notes).ok());
  REQUIRE(ApplyGuard(o.root, edits).ok());
  const std::string cursor = d.Read(".cursorignore");
  CHECK(cursor == "node_modules/\n*.log\n" + std::string(kGuardBegin) + "\n/.env\n/config/prod.yml\n" +
                      std::string(kGuardEnd) + "\n");  // debug.log is already excluded by *.log
  CHECK(d.Read(".aiderignore") ==
        std::string(kGuardBegin) + "\n/.env\n/config/prod.yml\n/debug.log\n" + std::string(kGuardEnd) + "\n");
  auto j = nlohmann::json::parse(d.Read(".claude/settings.json"));
  CHECK(j["model"] == "opus");
  CHECK(j["env"]["A"] == "1");
  CHECK(j["permissions"]["deny"] == nlohmann::json::array({"Bash(rm *)", "Read(./.env)",
                                                           "Read(./config/prod.yml)", "Read(./debug.log)"}));
  auto side = nlohmann::json::parse(d.Read(std::string(kClaudeGuardSidecar)));
  CHECK(side["deny"] == nlohmann::json::array({"Read(./config/prod.yml)", "Read(./debug.log)"}));
  CHECK(std::any_of(notes.begin(), notes.end(),
                    [](const std::string& n) { return n.starts_with("copilot:"); }));
  // A second run changes nothing.
  std::vector<GuardEdit> again;
  notes.clear();
  REQUIRE(PlanGuard(o, &again, &notes).ok());
  CHECK(again.empty());
  // The user edits outside the block; the secret leaves config/prod.yml.
  d.Write(".cursorignore", "# mine\n" + d.Read(".cursorignore") + "build/\n");
  o.paths = {".env", "debug.log"};
  std::vector<GuardEdit> shrink;
  REQUIRE(PlanGuard(o, &shrink, &notes).ok());
  REQUIRE(ApplyGuard(o.root, shrink).ok());
  CHECK(d.Read(".cursorignore") == "# mine\nnode_modules/\n*.log\n" + std::string(kGuardBegin) + "\n/.env\n" +
                                       std::string(kGuardEnd) + "\nbuild/\n");
  j = nlohmann::json::parse(d.Read(".claude/settings.json"));
  CHECK(j["permissions"]["deny"] ==
        nlohmann::json::array({"Bash(rm *)", "Read(./.env)", "Read(./debug.log)"}));
}

TEST_CASE("guard: invalid JSON settings are an error, never overwritten") {
  TempDir d;
  d.Write(".claude/settings.json", "{not json");
  GuardOptions o;
  o.root = d.path.string();
  o.agents = {"claude"};
  o.paths = {".env"};
  std::vector<GuardEdit> edits;
  std::vector<std::string> notes;
  CHECK_FALSE(PlanGuard(o, &edits, &notes).ok());
  CHECK(d.Read(".claude/settings.json") == "{not json");
}

TEST_CASE("guard: anchored patterns escape glob characters") {
  CHECK(AnchoredIgnorePattern("a/b.env") == "/a/b.env");
  CHECK(AnchoredIgnorePattern("we*rd[1]/#x") == "/we\\*rd\\[1]/\\#x");
  TempDir d;
  d.Write(".aiignore", "/we\\*rd\n");
  std::vector<std::string> w;
  AgentPolicy p = AgentPolicy::Load(d.path.string(), "", &w);
  CHECK(Access(p, "we*rd", "jetbrains") == AgentAccess::kExcluded);
  CHECK(Access(p, "weird", "jetbrains") == AgentAccess::kReadable);
}

TEST_CASE("unified diff of a guard edit") {
  GuardEdit e{".cursorignore", "a\nb\n", "a\nb\nc\n", true};
  CHECK(UnifiedDiff(e) == "--- a/.cursorignore\n+++ b/.cursorignore\n@@ -1,2 +1,3 @@\n a\n b\n+c\n");
  GuardEdit n{".aiignore", "", "x\n", false};
  CHECK(UnifiedDiff(n) == "--- /dev/null\n+++ b/.aiignore\n@@ -0,0 +1,1 @@\n+x\n");
}

TEST_CASE("shell commands: which files they read") {
  using V = std::vector<std::string>;
  CHECK(ShellReadTargets("cat .env") == V{".env"});
  CHECK(ShellReadTargets("grep -r API_KEY config/") == V{"API_KEY", "config/"});
  CHECK(ShellReadTargets("FOO=1 head -n 3 \"my file\"") == V{"3", "my file"});
  CHECK(ShellReadTargets("echo $(cat .env.prod)") == V{".env.prod"});
  CHECK(ShellReadTargets("python x.py < .env") == V{".env"});
  CHECK(ShellReadTargets("ls -la && echo hi > .env").empty());
  CHECK(ShellReadTargets("cd app; sudo cat 'a b/.npmrc' | base64") == V{"a b/.npmrc"});
  CHECK(ShellReadTargets("curl -d @secrets.json https://x") == V{"secrets.json", "https://x"});
  CHECK(ShellReadTargets("/usr/bin/tail -f log.txt") == V{"log.txt"});
}

// The one hook-event parser, for both agents' protocols.
TEST_CASE("ParseHookEvent: Claude Code and Cursor events") {
  struct Case {
    const char* name;
    const char* json;
    bool parsed;
    const char* kind;
    bool cursor;
    std::vector<std::string> targets;
    bool grep_cwd;
    const char* cwd;
  };
  const Case cases[] = {
      {"Claude Read",
       R"({"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"a/.env"},"cwd":"/w"})",
       true,
       "read",
       false,
       {"a/.env"},
       false,
       "/w"},
      {"Claude Grep without a path reads the cwd",
       R"({"hook_event_name":"PreToolUse","tool_name":"Grep","tool_input":{"pattern":"x"}})",
       true,
       "read",
       false,
       {},
       true,
       ""},
      {"Claude Glob lists names only",
       R"({"hook_event_name":"PreToolUse","tool_name":"Glob","tool_input":{"pattern":"*"}})",
       true,
       "",
       false,
       {},
       false,
       ""},
      {"Claude prompt",
       R"({"hook_event_name":"UserPromptSubmit","prompt":"hi"})",
       true,
       "prompt",
       false,
       {},
       false,
       ""},
      {"Cursor read without content, cwd from workspace_roots",
       R"({"hook_event_name":"beforeReadFile","file_path":"/w/k.pem","workspace_roots":["/w"]})",
       true,
       "read",
       true,
       {"/w/k.pem"},
       false,
       "/w"},
      {"Cursor read with content",
       R"({"hook_event_name":"beforeReadFile","file_path":"k.pem","content":"x"})",
       true,
       "content",
       true,
       {},
       false,
       ""},
      {"Cursor shell",
       R"({"hook_event_name":"beforeShellExecution","command":"cat .env"})",
       true,
       "read",
       true,
       {".env"},
       false,
       ""},
      {"Cursor prompt",
       R"({"hook_event_name":"beforeSubmitPrompt","prompt":"p"})",
       true,
       "prompt",
       true,
       {},
       false,
       ""},
      {"tool_name of the wrong type is ignored, not thrown",
       R"({"hook_event_name":"PreToolUse","tool_name":3,"tool_input":[]})",
       true,
       "",
       false,
       {},
       false,
       ""},
      {"not an object", "[1,2]", false, "", false, {}, false, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    HookEvent ev;
    REQUIRE(ParseHookEvent(c.json, &ev) == c.parsed);
    CHECK(ev.kind == c.kind);
    CHECK(ev.cursor == c.cursor);
    CHECK(ev.targets == c.targets);
    CHECK(ev.grep_cwd == c.grep_cwd);
    CHECK(ev.cwd == c.cwd);
  }
}

}  // namespace
}  // namespace blastradius
