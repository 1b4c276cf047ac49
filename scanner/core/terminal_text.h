// Text from scanned trees (file names, parse errors quoting file content)
// made safe to print on a terminal.
#ifndef BLASTRADIUS_CORE_TERMINAL_TEXT_H_
#define BLASTRADIUS_CORE_TERMINAL_TEXT_H_

#include <string>
#include <string_view>

namespace blastradius {

// Makes control characters visible so that untrusted text cannot move the
// cursor, recolour, retitle or rewrite a terminal: C0 controls and DEL as
// "\x1b", C1 controls encoded in UTF-8 (U+0080-U+009F, e.g. the 8-bit CSI)
// as "\u009b", and bytes that are not part of valid UTF-8 as "\xNN" (a lone
// 0x9b is a CSI to an 8-bit terminal). Tabs become spaces; newlines are
// kept only with `keep_newlines`.
std::string EscapeForTerminal(std::string_view s, bool keep_newlines = false);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_TERMINAL_TEXT_H_
