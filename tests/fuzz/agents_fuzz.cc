// Fuzz target: the agent ignore-file and settings parsers (scanner/agents):
// gitignore lines to RE2, Claude Read() patterns, and a whole scan root
// whose .cursorignore and .claude/settings.json hold the input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/agents/agents.h"
#include "tests/fuzz/fuzz_util.h"

using namespace blastradius;

namespace {
void WriteFile(const std::filesystem::path& p, std::string_view text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // In the working directory: smoke.sh runs each target in a directory of
  // its own that it clears (libFuzzer ends with _Exit, so no cleanup here).
  static const std::filesystem::path root = [] {
    std::string tmpl = (std::filesystem::current_path() / "agents-fuzz-root-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) __builtin_trap();
    std::filesystem::create_directories(std::filesystem::path(tmpl) / ".claude");
    return std::filesystem::path(tmpl);
  }();
  fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  std::string_view text = in.rest();

  // Line by line through the gitignore translation and rule matching.
  IgnoreRules rules;
  size_t at = 0;
  while (at <= text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(at, nl - at);
    bool negate = false;
    GitignoreLineToRegex(line, &negate);
    rules.AddLine(line, "fuzz").ok();
    ClaudePatternToGitignore(line, root.string(), "/home/fuzz", root.string());
    at = nl + 1;
  }
  rules.Excluded("a/b/.env");
  rules.Excluded(text.substr(0, 64));

  // The same text as a settings file or ignore file of a scan root.
  WriteFile(root / ".claude" / "settings.json", (mode & 1) ? text : "{}");
  WriteFile(root / ".cursorignore", (mode & 2) ? text : "");
  std::vector<std::string> warnings;
  AgentPolicy policy = AgentPolicy::Load(root.string(), "", &warnings);
  policy.Assess(".env");
  policy.Assess("src/config.py");
  return 0;
}
