// Fuzz target: the hand-written line readers (dotenv, INI/properties,
// .npmrc, .netrc, Dockerfile, .git-credentials, generic) on arbitrary text,
// with the candidate secret anywhere in it, and the key-name helpers.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <utility>

#include "scanner/context/context.h"
#include "scanner/context/generic_filter.h"
#include "scanner/context/line_reader.h"
#include "scanner/core/key_words.h"
#include "tests/fuzz/fuzz_util.h"

using namespace blastradius;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr std::string_view kFormats[] = {"dotenv",          "ini", "npmrc", "netrc", "dockerfile",
                                                  "git-credentials", "c",   ""};
  fuzz::FuzzInput in(data, size);
  const std::string_view format = kFormats[in.Byte() % std::size(kFormats)];
  const uint16_t a = in.Word(), b = in.Word();
  std::string_view text = in.rest();
  size_t lo = a % (text.size() + 1), hi = b % (text.size() + 1);
  if (lo > hi) std::swap(lo, hi);
  Context ctx;
  ReadLineContext(format, text, Span(lo, hi), &ctx);
  KeyWords(ctx.key_name);
  EnvironmentFromKey(ctx.key_name);
  EnvironmentFromHosts(text);
  KeyNamesNonSecret(text);
  KeyNamesSecret(text);
  LooksLikeNonSecretValue(text.substr(lo, hi - lo));
  KeepGenericCandidate("fuzz.py", text.substr(lo, hi - lo), ctx);
  return 0;
}
