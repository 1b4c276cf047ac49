#include "scanner/cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace blastradius {
namespace {

std::string_view Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string_view(v) : std::string_view();
}

}  // namespace

bool NoColorRequested() { return !Env("NO_COLOR").empty(); }

bool DumbTerminal() { return Env("TERM") == "dumb"; }

bool RunningInCi() {
  const std::string_view ci = Env("CI");
  return !ci.empty() && ci != "false" && ci != "0";
}

bool ColorEnabled(const std::string& when, int fd) {
  if (when == "always") return true;
  if (when == "never") return false;
  return isatty(fd) && !NoColorRequested() && !DumbTerminal();
}

int TerminalColumns(int fd, int fallback) {
  struct winsize ws {};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return fallback;
}

}  // namespace blastradius
