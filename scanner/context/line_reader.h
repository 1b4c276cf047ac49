// Hand-written readers for formats where a grammar is overkill or missing:
// dotenv, INI/properties, .npmrc, .netrc, Dockerfile ENV/ARG,
// .git-credentials, and a generic "key = value" fallback for any line.
#ifndef BLASTRADIUS_CONTEXT_LINE_READER_H_
#define BLASTRADIUS_CONTEXT_LINE_READER_H_

#include <string_view>

#include "scanner/context/context.h"
#include "scanner/core/span.h"

namespace blastradius {

// Which reader handles `path`, by file name: "dotenv", "ini", "npmrc",
// "netrc", "dockerfile", "git-credentials", or "" (generic fallback).
std::string_view LineFormatFor(std::string_view path);

// Fills key name, kind and source from the line holding `secret`.
void ReadLineContext(std::string_view format, std::string_view data, Span secret, Context* out);

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_LINE_READER_H_
