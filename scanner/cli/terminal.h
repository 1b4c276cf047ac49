// Terminal conventions: when to colour and when to draw a progress line.
// Reads the environment (NO_COLOR, TERM, CI) and asks the kernel whether a
// descriptor is a terminal; nothing is written.
#ifndef BLASTRADIUS_CLI_TERMINAL_H_
#define BLASTRADIUS_CLI_TERMINAL_H_

#include <string>

namespace blastradius {

// NO_COLOR is set to a non-empty value (https://no-color.org).
bool NoColorRequested();
// TERM=dumb: a terminal without cursor control or colours.
bool DumbTerminal();
// A CI system's environment (CI set, and not "false" or "0").
bool RunningInCi();

// --color WHEN for output written to `fd`: "always" and "never" as said;
// "auto" colours a terminal unless NO_COLOR or TERM=dumb. --color always
// wins over NO_COLOR (a per-invocation flag overrides the environment).
bool ColorEnabled(const std::string& when, int fd);

// Columns of the terminal at `fd`, or `fallback` when it has none.
int TerminalColumns(int fd, int fallback = 80);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_TERMINAL_H_
