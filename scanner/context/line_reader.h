// Hand-written readers for formats where a grammar is overkill or missing:
// dotenv, INI/properties, .npmrc, .netrc, Dockerfile ENV/ARG,
// .git-credentials, and a generic "key = value" fallback for any line.
#ifndef BLASTRADIUS_CONTEXT_LINE_READER_H_
#define BLASTRADIUS_CONTEXT_LINE_READER_H_

#include <string_view>

#include "scanner/context/context.h"
#include "scanner/core/line_index.h"
#include "scanner/core/span.h"

namespace blastradius {

// Which reader handles `path`, by file name: "dotenv", "ini", "npmrc",
// "netrc", "dockerfile", "git-credentials", "c" (C, C++, Objective-C and
// Arduino sources: # is a directive, not a comment), or "" (generic fallback).
std::string_view LineFormatFor(std::string_view path);

// Fills key name, kind, source and environment from the line holding
// `secret`.
void ReadLineContext(std::string_view format, std::string_view data, Span secret, Context* out);

// ReadLineContext for the candidates of one blob, with the same answers.
// Each call reads a bounded neighbourhood of its secret plus the bytes since
// the previous call's secret, and work on a whole line (the hosts that name
// an environment) is done once per line: thousands of candidates on one
// long line cost that line a few times, not once each. Candidates in
// ascending order are the fast case; any order is answered. Holds views:
// `data` must outlive it; one per blob and thread.
class LineContextReader {
 public:
  LineContextReader(std::string_view format, std::string_view data);
  void Read(Span secret, Context* out);
  // EnvironmentFromHosts of the LF line(s) holding `secret`.
  std::string_view EnvironmentFromHostsAround(Span secret);

 private:
  void ReadKey(Span secret, Context* out);
  std::string_view format_;
  std::string_view data_;
  LfLineCursor lines_;
  // The last answer of EnvironmentFromHostsAround, for its lines.
  std::string_view env_lines_;
  std::string_view env_ = {};
  bool env_valid_ = false;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_LINE_READER_H_
