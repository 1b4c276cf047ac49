#include "scanner/agents/guard.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "scanner/agents/agents.h"
#include "scanner/core/file_io.h"

namespace blastradius {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

bool ReadIfExists(const std::filesystem::path& p, std::string* text) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return false;
  return ReadWholeFile(p.string(), text).ok();
}

// Replaces (or appends, or removes) the guard block of an ignore file.
std::string WithBlock(const std::string& text, const std::vector<std::string>& rules) {
  std::string block;
  if (!rules.empty()) {
    block = std::string(kGuardBegin) + "\n";
    for (const auto& r : rules) block += r + "\n";
    block += std::string(kGuardEnd) + "\n";
  }
  size_t b = text.find(kGuardBegin);
  if (b != std::string::npos) {
    size_t e = text.find(kGuardEnd, b);
    size_t end = e == std::string::npos ? text.size() : e + kGuardEnd.size();
    if (end < text.size() && text[end] == '\n') ++end;
    return text.substr(0, b) + block + text.substr(end);
  }
  if (block.empty()) return text;
  std::string out = text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out + block;
}

}  // namespace

std::string AnchoredIgnorePattern(const std::string& rel) {
  std::string out = "/";
  for (char c : rel) {
    if (c == '*' || c == '?' || c == '[' || c == '\\' || c == '!' || c == '#') out += '\\';
    out += c;
  }
  if (!out.empty() && out.back() == ' ') out.insert(out.size() - 1, "\\");
  return out;
}

Status PlanGuard(const GuardOptions& o, std::vector<GuardEdit>* edits, std::vector<std::string>* notes) {
  namespace fs = std::filesystem;
  std::vector<std::string> warnings;
  // The user's own rules only: guard's block is recomputed from scratch.
  const AgentPolicy policy = AgentPolicy::Load(o.root, o.home, &warnings, /*skip_guard_rules=*/true);
  for (const auto& w : warnings) notes->push_back(w);
  std::vector<std::string> paths = o.paths;
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  for (const auto& p : paths) {
    if (IsAgentContextFile(p))
      notes->push_back(p +
                       ": agents load this file into their context by design; no ignore rule keeps it out: "
                       "remove the secret from it");
  }
  for (const auto& agent : o.agents) {
    std::vector<std::string> readable;
    for (const auto& p : paths) {
      for (const auto& v : policy.Assess(p))
        if (v.agent == agent && v.access != AgentAccess::kExcluded) readable.push_back(p);
    }
    const std::string file = AgentIgnoreFile(agent);
    if (!file.empty()) {
      std::vector<std::string> rules;
      for (const auto& p : readable) rules.push_back(AnchoredIgnorePattern(p));
      GuardEdit e;
      e.path = file;
      e.existed = ReadIfExists(fs::path(o.root) / file, &e.before);
      e.after = WithBlock(e.before, rules);
      if (e.after != e.before) edits->push_back(std::move(e));
      if (AgentIgnoreIsAdvisory(agent) && !rules.empty())
        notes->push_back(agent + ": " + file +
                         " only keeps files out of the index; the agent can still open them");
      continue;
    }
    if (agent == "claude") {
      GuardEdit e;
      e.path = ".claude/settings.json";
      e.existed = ReadIfExists(fs::path(o.root) / e.path, &e.before);
      nlohmann::ordered_json j = nlohmann::ordered_json::object();
      if (e.existed) {
        j = nlohmann::ordered_json::parse(e.before, nullptr, false);
        if (j.is_discarded() || !j.is_object())
          return Status::InvalidArgument(e.path + ": not a JSON object; not edited");
      }
      GuardEdit side;
      side.path = std::string(kClaudeGuardSidecar);
      side.existed = ReadIfExists(fs::path(o.root) / side.path, &side.before);
      std::set<std::string> owned_before;
      if (side.existed) {
        auto s = nlohmann::json::parse(side.before, nullptr, false);
        if (s.is_object() && s.contains("deny") && s["deny"].is_array())
          for (const auto& r : s["deny"])
            if (r.is_string()) owned_before.insert(r.get<std::string>());
      }
      std::vector<std::string> wanted;
      for (const auto& p : readable) {
        std::string pat = AnchoredIgnorePattern(p);
        wanted.push_back("Read(." + pat + ")");
      }
      nlohmann::ordered_json deny = nlohmann::ordered_json::array();
      if (j.contains("permissions") && j["permissions"].is_object() && j["permissions"].contains("deny") &&
          j["permissions"]["deny"].is_array())
        deny = j["permissions"]["deny"];
      // Drop what guard added before, keep every user entry in its place.
      nlohmann::ordered_json kept = nlohmann::ordered_json::array();
      std::set<std::string> user;
      for (const auto& r : deny) {
        if (r.is_string() && owned_before.count(r.get<std::string>())) continue;
        if (r.is_string()) user.insert(r.get<std::string>());
        kept.push_back(r);
      }
      std::vector<std::string> owned;
      for (const auto& w : wanted) {
        if (user.count(w)) continue;
        kept.push_back(w);
        owned.push_back(w);
      }
      nlohmann::ordered_json after = j;
      if (!kept.empty() || (j.contains("permissions") && j["permissions"].contains("deny"))) {
        if (!after.contains("permissions") || !after["permissions"].is_object())
          after["permissions"] = nlohmann::ordered_json::object();
        after["permissions"]["deny"] = kept;
      }
      if (after != j) {
        e.after = after.dump(2) + "\n";
        edits->push_back(std::move(e));
      }
      nlohmann::ordered_json sj;
      sj["comment"] = "permissions.deny entries of settings.json that blastradius guard manages";
      sj["deny"] = owned;
      side.after = owned.empty() && !side.existed ? "" : sj.dump(2) + "\n";
      if (side.after != side.before && !(owned.empty() && !side.existed)) edits->push_back(std::move(side));
      if (!readable.empty())
        notes->push_back(
            "claude: Read() deny rules stop Claude's file tools (Read, Grep, Glob); a Bash command can "
            "still read the file: add the agent-hook (blastradius hook install --agent claude)");
      continue;
    }
    if (!readable.empty())
      notes->push_back(agent + ": no file-level exclusion can be set in the repository (" +
                       (agent == "copilot" ? std::string("content exclusion is a GitHub setting")
                                           : std::string("no ignore file")) +
                       "); move the secrets out of the working tree");
  }
  return Status::Ok();
}

Status ApplyGuard(const std::string& root, const std::vector<GuardEdit>& edits) {
  namespace fs = std::filesystem;
  for (const auto& e : edits) {
    fs::path p = fs::path(root) / e.path;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Status::IoError(p.parent_path().string() + ": " + ec.message());
    if (Status s = WriteFileAtomically(p.string(), e.after); !s.ok()) return s;
  }
  return Status::Ok();
}

std::string UnifiedDiff(const GuardEdit& e) {
  const std::vector<std::string> a = Lines(e.before), b = Lines(e.after);
  // LCS table (the files are small).
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Op {
    char kind;
    std::string text;
    size_t ai, bi;
  };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ops.push_back({' ', a[i], i++, j++});
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push_back({'+', b[j], i, j++});
    } else {
      ops.push_back({'-', a[i], i++, j});
    }
  }
  std::string out =
      "--- " + (e.existed ? "a/" + e.path : std::string("/dev/null")) + "\n+++ b/" + e.path + "\n";
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    // Extend the hunk while changes are within 2*context of each other.
    while (end < ops.size()) {
      if (ops[end].kind != ' ') {
        ++end;
        continue;
      }
      size_t run = end;
      while (run < ops.size() && ops[run].kind == ' ') ++run;
      if (run == ops.size() || run - end > 2 * kContext) {
        end = std::min(ops.size(), end + kContext);
        break;
      }
      end = run;
    }
    size_t a_start = ops[start].ai, b_start = ops[start].bi, a_len = 0, b_len = 0;
    std::string body;
    for (size_t x = start; x < end; ++x) {
      if (ops[x].kind != '+') ++a_len;
      if (ops[x].kind != '-') ++b_len;
      body += ops[x].kind + ops[x].text + "\n";
    }
    out += "@@ -" + std::to_string(a_len ? a_start + 1 : a_start) + "," + std::to_string(a_len) + " +" +
           std::to_string(b_len ? b_start + 1 : b_start) + "," + std::to_string(b_len) + " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace blastradius
