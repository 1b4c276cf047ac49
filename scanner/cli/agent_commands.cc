#include "scanner/cli/agent_commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "scanner/agents/agents.h"
#include "scanner/agents/guard.h"
#include "scanner/context/language.h"
#include "scanner/core/ascii.h"
#include "scanner/core/file_io.h"
#include "scanner/decode/decoded_view.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/rule_set.h"
#include "scanner/pipeline/scan.h"
#include "scanner/sig/signature_db.h"
#include "scanner/source/file_source.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {
namespace {

namespace fs = std::filesystem;
constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

int Fail(const std::string& msg) {
  fmt::print(stderr, "blastradius: {}\n", msg);
  return kExitError;
}

std::string Home() {
  const char* h = std::getenv("HOME");
  return h ? h : "";
}

// Text held in memory (a prompt) as one blob.
class MemorySource : public ContentSource {
 public:
  MemorySource(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics&) override {
    Blob b;
    b.data = text_;
    b.path = path_;
    counters.files_scanned += 1;
    counters.bytes_scanned += text_.size();
    visit(b);
    return Status::Ok();
  }

 private:
  std::string path_, text_;
};

// Loads the built-in signatures and the compiled database (cached).
struct Scanner {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<LanguageRegistry> languages;
  Status Init(bool context) {
    if (rules) return Status::Ok();  // loaded already
    // The database deserializes on its own thread while the signatures load.
    PrebuiltPrefetch prefetch(EmbeddedPatternDatabase());
    db.AddBuiltin();
    if (Status s = db.Finish(); !s.ok()) return s;
    RuleSetOptions o;
    o.cache_dir = DefaultCacheDir();
    o.prebuilt = EmbeddedPatternDatabase();  // no compile on the hook's path
    o.prebuilt_prefetch = &prefetch;
    if (Status s = RuleSet::Compile(db, o, &rules); !s.ok()) return s;
    if (context) {
      // One file per call: its candidates meet a few of the patterns.
      if (Status s = LanguageRegistry::Build(&languages, /*compile_now=*/false, QueryForm::kByRootType);
          !s.ok())
        return s;
    }
    return Status::Ok();
  }
  Status Run(ContentSource& source, std::vector<Finding>* findings) {
    Diagnostics diag(/*quiet=*/true, /*verbose=*/false);
    ScanOptions options;
    options.languages = languages.get();
    options.now = static_cast<int64_t>(std::time(nullptr));
    ScanResult result;
    if (Status s = Scan(source, *rules, options, diag, &result); !s.ok()) return s;
    *findings = std::move(result.findings);
    return Status::Ok();
  }
};

bool ParseLevel(const std::string& v, Severity* out) { return ParseSeverity(v, out); }

// The hook's fast path: true when no signature can match `texts` (no
// Vectorscan event in them or in their decoded view, as the scan builds it
// with the default depth of 1), so the call is allowed without loading the
// signatures. Any doubt (no build-time database, a library error) is false:
// the full scan decides.
bool NothingCanMatch(const std::vector<std::string>& texts) {
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<DecodedView> decoded(texts.size());
  for (size_t i = 0; i < texts.size(); ++i)
    if (decoded[i].Build(texts[i])) views.push_back(decoded[i].text());
  bool any = true;
  return AnyPrebuiltEvent(EmbeddedPatternDatabase(), views, &any).ok() && !any;
}

// Reads the targets for the fast path when each is a regular file (symlinks
// resolved, as ScanForDeny does) of at most 4 MB; false otherwise.
bool ReadSmallFiles(const std::vector<std::string>& targets, const std::string& cwd,
                    std::vector<std::string>* texts) {
  for (const auto& t : targets) {
    fs::path p = fs::path(t).is_absolute() ? fs::path(t) : fs::path(cwd) / t;
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::is_regular_file(st) || fs::file_size(p, ec) > (4u << 20) || ec) return false;
    std::string text;
    if (!ReadWholeFile(p.string(), &text).ok()) return false;
    texts->push_back(std::move(text));
  }
  return true;
}

}  // namespace

void AddAgentExposure(const std::vector<std::string>& roots, std::vector<Finding>* findings) {
  if (roots.size() != 1) return;
  std::error_code ec;
  if (!fs::is_directory(roots[0], ec)) return;
  std::vector<std::string> warnings;
  const AgentPolicy policy = AgentPolicy::Load(roots[0], Home(), &warnings);
  for (const auto& w : warnings) fmt::print(stderr, "blastradius: {}\n", w);
  AnnotateAgentExposure(policy, findings);
}

// ---------------------------------------------------------------- guard

int RunGuard(int argc, char** argv) {
  std::string root = ".";
  bool write = false, all_agents = false, root_given = false;
  Severity min = Severity::kMedium;
  std::vector<std::string> agents;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--write") {
      write = true;
    } else if (a == "--all-agents") {
      all_agents = true;
    } else if ((a == "--severity" || a == "--min-severity") && i + 1 < argc) {
      if (!ParseLevel(argv[++i], &min))
        return Fail("guard: --severity: unknown level '" + std::string(argv[i]) + "'");
    } else if (a == "--agent" && i + 1 < argc) {
      agents.push_back(argv[++i]);
    } else if (a == "-h" || a == "--help") {
      fmt::print(
          "usage: blastradius guard [PATH] [--write] [--all-agents | --agent ID...] [--severity LEVEL]\n\n"
          "Show (default, as a diff) or apply (--write) the ignore/deny rules that keep each configured "
          "agent\n"
          "(or every common agent with --all-agents) from reading the files holding findings at or above\n"
          "LEVEL (default medium). Only a marked block guard owns is edited. Exit 0 when nothing is left to\n"
          "do, 1 when the diff is not empty (without --write), 2 on errors.\n");
      return kExitClean;
    } else if (!a.empty() && a[0] != '-' && !root_given) {
      root = a;
      root_given = true;
    } else {
      return Fail("guard: unknown argument '" + a + "' (see blastradius guard --help)");
    }
  }
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Fail(root + ": not a directory");
  Scanner scanner;
  if (Status s = scanner.Init(/*context=*/true); !s.ok()) return Fail(s.message());
  FileSourceOptions fo;
  fo.roots = {root};
  std::unique_ptr<PathFilter> filter;
  if (Status s = PathFilter::Create({}, true, &filter); !s.ok()) return Fail(s.message());
  fo.filter = filter.get();
  FileSystemSource source(fo);
  std::vector<Finding> findings;
  if (Status s = scanner.Run(source, &findings); !s.ok()) return Fail(s.message());
  GuardOptions go;
  go.root = root;
  go.home = Home();
  for (const auto& f : findings) {
    if (f.severity < min) continue;
    for (const auto& l : f.locations) go.paths.push_back(l.path);
  }
  if (all_agents) {
    for (const auto& a : CommonAgents()) go.agents.push_back(a.id);
  } else if (!agents.empty()) {
    for (const auto& a : agents) {
      if (std::none_of(CommonAgents().begin(), CommonAgents().end(),
                       [&](const AgentInfo& x) { return x.id == a; }))
        return Fail("guard: unknown agent '" + a + "'");
    }
    go.agents = agents;
  } else {
    std::vector<std::string> w;
    go.agents = AgentPolicy::Load(root, go.home, &w).configured();
    if (go.agents.empty())
      fmt::print(stderr,
                 "blastradius: guard: no agent configuration found; use --all-agents or --agent ID\n");
  }
  std::vector<GuardEdit> edits;
  std::vector<std::string> notes;
  if (Status s = PlanGuard(go, &edits, &notes); !s.ok()) return Fail(s.message());
  for (const auto& n : notes) fmt::print(stderr, "blastradius: guard: {}\n", n);
  if (write) {
    if (Status s = ApplyGuard(root, edits); !s.ok()) return Fail(s.message());
    for (const auto& e : edits) fmt::print("updated {}\n", e.path);
    return kExitClean;
  }
  std::string out;
  for (const auto& e : edits) out += UnifiedDiff(e);
  fmt::print("{}", out);
  return edits.empty() ? kExitClean : kExitFindings;
}

// ---------------------------------------------------------------- agent-hook

std::vector<std::string> ShellReadTargets(const std::string& command) {
  // Words and operators, with quotes and backslashes honoured.
  std::vector<std::vector<std::string>> segments(1);
  std::vector<bool> redirect_next;
  std::string word;
  bool in_word = false, redirect = false;
  std::vector<std::string> redirected;
  auto flush = [&] {
    if (!in_word) return;
    if (redirect) {
      redirected.push_back(word);
      redirect = false;
    } else {
      segments.back().push_back(word);
    }
    word.clear();
    in_word = false;
  };
  for (size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == '\'') {
      size_t e = command.find('\'', i + 1);
      if (e == std::string::npos) e = command.size();
      word += command.substr(i + 1, e - i - 1);
      in_word = true;
      i = e;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size()) ++j;
        word += command[j];
      }
      in_word = true;
      i = j;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      flush();
    } else if (c == '|' || c == ';' || c == '&' || c == '\n' || c == '(' || c == ')' || c == '`') {
      flush();
      if (!segments.back().empty()) segments.emplace_back();
    } else if (c == '$' && i + 1 < command.size() && command[i + 1] == '(') {
      flush();
      if (!segments.back().empty()) segments.emplace_back();
      ++i;
    } else if (c == '<') {
      flush();
      redirect = true;
    } else if (c == '>') {
      flush();
      // Output redirection target: skip it.
      while (i + 1 < command.size() && (command[i + 1] == '>' || command[i + 1] == '&')) ++i;
      while (i + 1 < command.size() && command[i + 1] == ' ') ++i;
      while (i + 1 < command.size() && command[i + 1] != ' ' && command[i + 1] != ';' &&
             command[i + 1] != '|')
        ++i;
    } else {
      word += c;
      in_word = true;
    }
  }
  flush();
  static const std::set<std::string> kReaders{
      "cat",     "tac",     "head",   "tail", "less",   "more",     "bat",     "nl",     "od",   "xxd",
      "hexdump", "strings", "base64", "grep", "egrep",  "fgrep",    "rg",      "ag",     "ack",  "awk",
      "gawk",    "sed",     "cut",    "sort", "uniq",   "jq",       "yq",      "source", ".",    "cp",
      "scp",     "diff",    "cmp",    "tr",   "column", "envsubst", "openssl", "gpg",    "curl", "dd",
      "sops",    "git",     "vim",    "vi",   "nano",   "view"};
  std::vector<std::string> out = redirected;
  for (const auto& seg : segments) {
    size_t k = 0;
    while (k < seg.size() && (seg[k].find('=') != std::string::npos || seg[k] == "sudo" || seg[k] == "env" ||
                              seg[k] == "command" || seg[k] == "exec" || seg[k] == "xargs"))
      ++k;
    if (k >= seg.size()) continue;
    std::string cmd = seg[k];
    if (size_t slash = cmd.rfind('/'); slash != std::string::npos) cmd = cmd.substr(slash + 1);
    if (!kReaders.count(cmd)) continue;
    for (size_t x = k + 1; x < seg.size(); ++x) {
      std::string w = seg[x];
      if (w.empty() || w[0] == '-') continue;
      if (w[0] == '@') w = w.substr(1);           // curl -d @file
      if (w.starts_with("if=")) w = w.substr(3);  // dd if=FILE
      out.push_back(w);
    }
  }
  return out;
}

namespace {

std::string Reason(const Finding& f, const std::string& where) {
  const RuleCard& r = *f.rule;
  std::string worst = r.capabilities.empty() ? "" : r.capabilities.front();
  return fmt::format(
      "blastradius: {} holds a {} credential ({}, {} severity, damage {:.1f}){}{}. Its value was not shown. "
      "Do not read it; ask the user to supply what you need another way, or to move the secret out of the "
      "working tree.",
      where, r.name, r.id, SeverityName(f.severity), f.blast_radius,
      r.worst_case.empty() ? "" : ": " + r.worst_case, worst.empty() ? "" : " (can " + worst + ")");
}

// Scans the given files and directories (relative to cwd); the first
// finding at or above `min`, if any, decides.
Status ScanForDeny(Scanner& scanner, const std::vector<std::string>& targets, const std::string& cwd,
                   Severity min, std::string* reason) {
  std::vector<std::string> roots;
  for (const auto& t : targets) {
    fs::path p = fs::path(t).is_absolute() ? fs::path(t) : fs::path(cwd) / t;
    std::error_code ec;
    auto st = fs::symlink_status(p, ec);
    if (ec) continue;
    if (fs::is_symlink(st)) {
      p = fs::canonical(p, ec);
      if (ec) continue;
      st = fs::status(p, ec);
    }
    if (fs::is_regular_file(st) || fs::is_directory(st)) roots.push_back(p.string());
  }
  if (roots.empty()) return Status::Ok();
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  for (const auto& root : roots) {
    std::unique_ptr<PathFilter> filter;
    if (Status s = PathFilter::Create({}, true, &filter); !s.ok()) return s;
    FileSourceOptions fo;
    fo.roots = {root};
    fo.filter = filter.get();
    fo.classify_exposure = false;
    FileSystemSource source(fo);
    std::vector<Finding> findings;
    if (Status s = scanner.Run(source, &findings); !s.ok()) return s;
    for (const auto& f : findings) {  // most damaging first
      if (f.severity < min) continue;
      std::string where = root;
      const Location& l = f.locations.front();
      std::error_code ec;
      if (fs::is_directory(root, ec)) where = (fs::path(root) / l.path).string();
      *reason = Reason(f, fmt::format("{}:{}", where, l.line));
      return Status::Ok();
    }
  }
  return Status::Ok();
}

}  // namespace

bool ParseHookEvent(std::string_view input, HookEvent* out) {
  *out = HookEvent{};
  const auto j = nlohmann::json::parse(input, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  auto str = [](const nlohmann::json& o, const char* key) {
    return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  out->name = str(j, "hook_event_name");
  // Cursor's events are camelCase (beforeReadFile...); Claude Code's are
  // PascalCase.
  out->cursor = !out->name.empty() && IsAsciiLower(out->name[0]);
  out->cwd = str(j, "cwd");
  if (out->cwd.empty() && j.contains("workspace_roots") && j["workspace_roots"].is_array() &&
      !j["workspace_roots"].empty() && j["workspace_roots"][0].is_string())
    out->cwd = j["workspace_roots"][0].get<std::string>();
  const std::string& event = out->name;
  if (event == "UserPromptSubmit" || event == "beforeSubmitPrompt") {
    out->kind = "prompt";
    out->prompt = str(j, "prompt");
    return true;
  }
  if (event == "PreToolUse") {
    const std::string tool = str(j, "tool_name");
    const nlohmann::json in =
        j.contains("tool_input") && j["tool_input"].is_object() ? j["tool_input"] : nlohmann::json::object();
    if (tool == "Read") {
      if (std::string p = str(in, "file_path"); !p.empty()) out->targets.push_back(p);
    } else if (tool == "Grep") {
      // Grep prints matching lines: it reads every file under its path.
      if (std::string p = str(in, "path"); !p.empty()) {
        out->targets.push_back(p);
      } else {
        out->grep_cwd = true;
      }
    } else if (tool == "Bash") {
      out->targets = ShellReadTargets(str(in, "command"));
    }
    // Glob lists names, never contents; other tools are not ours to judge.
  } else if (event == "beforeReadFile") {
    const std::string path = str(j, "file_path");
    if (j.contains("content") && j["content"].is_string()) {
      // Cursor hands over the file's text: judged as given.
      out->kind = "content";
      out->content_name = path.empty() ? "file" : path;
      out->content = j["content"].get<std::string>();
      return true;
    }
    if (!path.empty()) out->targets.push_back(path);
  } else if (event == "beforeShellExecution") {
    out->targets = ShellReadTargets(str(j, "command"));
  }
  if (!out->targets.empty() || out->grep_cwd) out->kind = "read";
  return true;
}

int RunAgentHook(int argc, char** argv) {
  Severity min = Severity::kMedium;
  bool context = true;
  bool fast_path = true;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--severity" && i + 1 < argc) {
      if (!ParseLevel(argv[++i], &min)) return Fail("agent-hook: --severity: unknown level");
    } else if (a == "--no-context") {
      context = false;
    } else if (a == "--no-fast-path") {
      fast_path = false;  // always load the signatures (diagnosis, tests)
    } else if (a == "-h" || a == "--help") {
      fmt::print(
          "usage: blastradius agent-hook [--severity LEVEL] [--no-context] [--no-fast-path]\n\n"
          "Agent hook for Claude Code (PreToolUse for Read, Grep, Glob, Bash; UserPromptSubmit) and Cursor\n"
          "(beforeReadFile, beforeShellExecution, beforeSubmitPrompt): reads the event JSON on stdin and\n"
          "denies, with the credential type and what it can do (never the value), a read, command or prompt\n"
          "that holds a credential at or above LEVEL (default medium). On its own errors it allows the call\n"
          "and prints a warning (fails open). Install: blastradius hook install --agent claude|cursor "
          "[--user]\n");
      return kExitClean;
    } else {
      return Fail("agent-hook: unknown argument '" + a + "'");
    }
  }
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  HookEvent ev;
  const bool parsed = ParseHookEvent(input, &ev);
  // Cursor wants an answer on every call; with Claude Code silence allows.
  auto allow = [&]() {
    if (ev.cursor)
      fmt::print("{}\n",
                 ev.name == "beforeSubmitPrompt" ? R"({"continue":true})" : R"({"permission":"allow"})");
    return kExitClean;
  };
  auto warn_open = [&](const std::string& msg) {
    fmt::print(stderr, "blastradius agent-hook: {} (allowing the call)\n", msg);
    return allow();
  };
  if (!parsed) return warn_open("stdin is not a hook event JSON object");
  std::string cwd = ev.cwd;
  if (cwd.empty()) {
    std::error_code ec;
    cwd = fs::current_path(ec).string();
  }
  try {
    Scanner scanner;
    std::string reason;
    // Text the agent is about to send (a prompt) or was handed (Cursor passes
    // a file's content with beforeReadFile): scanned in memory.
    auto scan_text = [&](const std::string& name, const std::string& text,
                         const std::string& what) -> Status {
      if (Status s = scanner.Init(context); !s.ok()) return s;
      MemorySource source(name, text);
      std::vector<Finding> findings;
      if (Status s = scanner.Run(source, &findings); !s.ok()) return s;
      for (const auto& f : findings) {
        if (f.severity < min) continue;
        reason = what == "prompt"
                     ? fmt::format(
                           "blastradius: the prompt holds a {} credential ({}, {} severity){}. It "
                           "was not sent; remove it and revoke it if it was shared elsewhere.",
                           f.rule->name, f.rule->id, SeverityName(f.severity),
                           f.rule->worst_case.empty() ? "" : ": " + f.rule->worst_case)
                     : Reason(f, fmt::format("{}:{}", name, f.locations.front().line));
        break;
      }
      return Status::Ok();
    };
    std::vector<std::string> targets = ev.targets;
    if (ev.grep_cwd) targets.push_back(cwd);
    const bool is_prompt = ev.kind == "prompt";
    if (is_prompt) {
      if (Status s = scan_text("prompt", ev.prompt, "prompt"); !s.ok()) return warn_open(s.message());
    } else if (ev.kind == "content") {
      if (Status s = scan_text(ev.content_name, ev.content, "file"); !s.ok()) return warn_open(s.message());
    }
    std::vector<std::string> texts;
    if (!targets.empty() && fast_path && ReadSmallFiles(targets, cwd, &texts) && NothingCanMatch(texts))
      targets.clear();
    if (!targets.empty()) {
      if (Status s = scanner.Init(context); !s.ok()) return warn_open(s.message());
      if (Status s = ScanForDeny(scanner, targets, cwd, min, &reason); !s.ok()) return warn_open(s.message());
    }
    if (reason.empty()) return allow();
    nlohmann::json out;
    if (ev.cursor && is_prompt) {
      out = {{"continue", false}, {"user_message", reason}, {"userMessage", reason}};
    } else if (ev.cursor) {
      out = {{"permission", "deny"},
             {"user_message", reason},
             {"agent_message", reason},
             {"userMessage", reason},
             {"agentMessage", reason}};
    } else if (is_prompt) {
      out = {{"decision", "block"}, {"reason", reason}};
    } else {
      out = {{"hookSpecificOutput",
              {{"hookEventName", "PreToolUse"},
               {"permissionDecision", "deny"},
               {"permissionDecisionReason", reason}}}};
    }
    fmt::print("{}\n", out.dump());
    return kExitClean;
  } catch (const std::exception& e) {
    return warn_open(std::string("internal error: ") + e.what());
  }
}

// ---------------------------------------------------------------- hook install --agent

bool IsAgentHookInstall(int argc, char** argv) {
  if (argc < 3 || std::string(argv[1]) != "hook" || std::string(argv[2]) != "install") return false;
  for (int i = 3; i < argc; ++i)
    if (std::string(argv[i]) == "--agent" || std::string(argv[i]).starts_with("--agent=")) return true;
  return false;
}

namespace {

// An agent-hook entry this command installed (any severity, any path).
bool IsOurHook(const nlohmann::ordered_json& h) {
  return h.is_object() && h.contains("command") && h["command"].is_string() &&
         h["command"].get<std::string>().find(" agent-hook") != std::string::npos &&
         h["command"].get<std::string>().find("blastradius") != std::string::npos;
}

// Loads the JSON object settings file `file` (absent: {}), applies `edit` and
// writes it back atomically only when it changed; a file that is not a JSON
// object is left alone (exit 2). Prints `done` with the path on success.
int EditJsonSettings(const fs::path& file, const std::function<void(nlohmann::ordered_json&)>& edit,
                     const std::string& done) {
  std::error_code ec;
  std::string text;
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (fs::exists(file, ec)) {
    if (Status s = ReadWholeFile(file.string(), &text); !s.ok()) return Fail(s.message());
    j = nlohmann::ordered_json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Fail(file.string() + ": not a JSON object; not edited");
  }
  if (!j.contains("hooks") || !j["hooks"].is_object()) j["hooks"] = nlohmann::ordered_json::object();
  edit(j);
  fs::create_directories(file.parent_path(), ec);
  const std::string after = j.dump(2) + "\n";
  if (after != text) {
    if (Status s = WriteFileAtomically(file.string(), after); !s.ok()) return Fail(s.message());
  }
  fmt::print("{} in {}\n", done, file.string());
  return kExitClean;
}

// Cursor (1.7+): `.cursor/hooks.json` {"version": 1, "hooks": {event: [{command}]}},
// in the project or the user's home. Our entries are replaced, every other
// key and entry kept.
int InstallCursorHooks(const fs::path& base, const std::string& command) {
  return EditJsonSettings(
      base / ".cursor/hooks.json",
      [&](nlohmann::ordered_json& j) {
        if (!j.contains("version")) {  // first, as Cursor's documentation writes it
          nlohmann::ordered_json versioned = {{"version", 1}};
          for (auto& [k, v] : j.items()) versioned[k] = v;
          j = std::move(versioned);
        }
        for (const char* event : {"beforeReadFile", "beforeShellExecution", "beforeSubmitPrompt"}) {
          nlohmann::ordered_json kept = nlohmann::ordered_json::array();
          if (j["hooks"].contains(event) && j["hooks"][event].is_array())
            for (const auto& h : j["hooks"][event])
              if (!IsOurHook(h)) kept.push_back(h);
          kept.push_back({{"command", command}});
          j["hooks"][event] = kept;
        }
      },
      "installed Cursor hooks (beforeReadFile, beforeShellExecution, beforeSubmitPrompt)");
}

}  // namespace

int RunAgentHookInstall(int argc, char** argv) {
  std::string agent, repo = ".", severity = "medium";
  bool user = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--agent" && i + 1 < argc) {
      agent = argv[++i];
    } else if (a.starts_with("--agent=")) {
      agent = a.substr(8);
    } else if (a == "--user") {
      user = true;
    } else if (a == "--severity" && i + 1 < argc) {
      severity = argv[++i];
      Severity s;
      if (!ParseLevel(severity, &s)) return Fail("hook install: --severity: unknown level");
    } else if (!a.empty() && a[0] != '-') {
      repo = a;
    } else {
      return Fail("hook install: unknown argument '" + a + "'");
    }
  }
  if (agent != "claude" && agent != "cursor")
    return Fail(
        "hook install --agent: 'claude' or 'cursor' (the agents whose hook protocol blastradius speaks)");
  std::error_code ec;
  std::string self = fs::read_symlink("/proc/self/exe", ec).string();
  if (ec || self.empty()) self = "blastradius";
  const std::string command = "'" + self + "' agent-hook --severity " + severity;
  if (agent == "cursor") return InstallCursorHooks(user ? fs::path(Home()) : fs::path(repo), command);
  const fs::path settings =
      user ? fs::path(Home()) / ".claude/settings.json" : fs::path(repo) / ".claude/settings.json";
  auto install = [&](nlohmann::ordered_json& j, const char* event, const char* matcher) {
    nlohmann::ordered_json list = j["hooks"].contains(event) && j["hooks"][event].is_array()
                                      ? j["hooks"][event]
                                      : nlohmann::ordered_json::array();
    nlohmann::ordered_json kept = nlohmann::ordered_json::array();
    for (auto group : list) {
      if (group.is_object() && group.contains("hooks") && group["hooks"].is_array()) {
        nlohmann::ordered_json hooks = nlohmann::ordered_json::array();
        for (const auto& h : group["hooks"])
          if (!IsOurHook(h)) hooks.push_back(h);
        if (hooks.empty()) continue;
        group["hooks"] = hooks;
      }
      kept.push_back(group);
    }
    nlohmann::ordered_json group = nlohmann::ordered_json::object();
    if (matcher) group["matcher"] = matcher;
    group["hooks"] =
        nlohmann::ordered_json::array({{{"type", "command"}, {"command", command}, {"timeout", 30}}});
    kept.push_back(group);
    j["hooks"][event] = kept;
  };
  return EditJsonSettings(
      settings,
      [&](nlohmann::ordered_json& j) {
        install(j, "PreToolUse", "Read|Grep|Glob|Bash");
        install(j, "UserPromptSubmit", nullptr);
      },
      "installed Claude Code hooks (PreToolUse: Read|Grep|Glob|Bash, UserPromptSubmit)");
}

}  // namespace blastradius
