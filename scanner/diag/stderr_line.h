// Everything blastradius writes to stderr while a scan runs goes through
// here, so that a transient status line (the progress meter on a terminal)
// and the messages never end up on one line: a message first erases the
// status line, which the meter draws again on its next tick.
#ifndef BLASTRADIUS_DIAG_STDERR_LINE_H_
#define BLASTRADIUS_DIAG_STDERR_LINE_H_

#include <string_view>

namespace blastradius {

// Writes `text` (whole lines) to stderr, erasing the status line first.
void WriteStderr(std::string_view text);

// Replaces the status line with `line` (no newline; the caller keeps it
// shorter than the terminal is wide). Only for a terminal stderr.
void DrawStatusLine(std::string_view line);

// Erases the status line, if one is drawn.
void ClearStatusLine();

}  // namespace blastradius

#endif  // BLASTRADIUS_DIAG_STDERR_LINE_H_
