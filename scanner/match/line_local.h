// CannotMatchLineFeed: whether a signature pattern provably never matches
// a line feed, so that every match lies on one line. The matcher then
// confirms a gated rule on the lines holding its gate's hits instead of in
// windows of the pattern's width around them (see Matcher::FindRaw).
#ifndef BLASTRADIUS_MATCH_LINE_LOCAL_H_
#define BLASTRADIUS_MATCH_LINE_LOCAL_H_

#include <string_view>

namespace blastradius {

// True only when no part of `pattern` (RE2 syntax, Latin-1) can match the
// byte 0x0A: literals, escapes, classes and ranges that exclude it, and no
// `.` under an `s` flag. Conservative: any construct it does not know
// (\p, \Q, \C, octal escapes, [:space:], ...) answers false, which only
// costs speed. Zero-width assertions (^ $ \b \A \z) never match a byte.
bool CannotMatchLineFeed(std::string_view pattern);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_LINE_LOCAL_H_
