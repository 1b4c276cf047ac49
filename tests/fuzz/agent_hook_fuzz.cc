// Fuzz target: the agent-hook event JSON read from stdin (written by the
// agent from model-controlled tool arguments) and the shell command reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scanner/cli/agent_commands.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  blastradius::HookEvent event;
  if (blastradius::ParseHookEvent(text, &event)) {
    if (event.kind != "" && event.kind != "prompt" && event.kind != "read" && event.kind != "content")
      __builtin_trap();
    if (event.kind == "read" && event.targets.empty() && !event.grep_cwd) __builtin_trap();
  }
  blastradius::ShellReadTargets(std::string(text));
  return 0;
}
