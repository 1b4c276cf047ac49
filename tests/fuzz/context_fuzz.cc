// Fuzz target: the tree-sitter context layer on arbitrary source: a
// language chosen by the first byte, candidate spans from the next bytes,
// both the whole-file parse and the windowed parse of large files.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "scanner/context/context_worker.h"
#include "scanner/context/language.h"
#include "tests/fuzz/fuzz_util.h"

using namespace blastradius;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<LanguageRegistry> registry = [] {
    std::unique_ptr<LanguageRegistry> r;
    if (!LanguageRegistry::Build(&r, /*compile_now=*/true).ok()) __builtin_trap();
    return r;
  }();
  static constexpr const char* kPaths[] = {
      "a.py",       "a.js", "a.ts",  "a.tsx",  "a.go",   "a.java",           "a.rb",
      "a.php",      "a.rs", "a.cs",  "a.sh",   "a.yaml", "a.json",           "a.toml",
      "Dockerfile", ".env", "a.ini", ".netrc", ".npmrc", ".git-credentials", "a.txt"};
  fuzz::FuzzInput in(data, size);
  const char* path = kPaths[in.Byte() % std::size(kPaths)];
  const bool small_window = in.Byte() & 1;
  const uint16_t a = in.Word(), b = in.Word(), c = in.Word();
  std::string_view text = in.rest();
  std::vector<Span> secrets;
  auto add = [&](uint16_t x, uint16_t len) {
    size_t lo = x % (text.size() + 1);
    size_t hi = std::min(text.size(), lo + len % 64);
    secrets.emplace_back(lo, hi);
  };
  add(a, b);
  add(b, c);
  ContextOptions options;
  if (small_window) {
    options.max_parse_bytes = 64;
    options.window_bytes = 48;
  }
  ContextWorker worker(*registry, options);
  std::vector<Context> out;
  worker.Annotate(path, text, secrets, &out);
  if (out.size() != secrets.size()) __builtin_trap();
  return 0;
}
