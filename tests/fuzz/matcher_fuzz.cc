// Fuzz target: the matcher (Vectorscan pass, windowed RE2 confirmation,
// validators, overlap resolution) with every built-in signature on
// arbitrary bytes; every candidate must lie inside the blob, and on inputs
// of up to 4 KiB the raw matches must equal the slow reference (every
// rule's RE2 over the whole input): gate windows, line cuts and the
// DFA-less locating program (CompiledRule::capture) must lose nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "scanner/match/matcher.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/rule_set.h"
#include "scanner/sig/signature_db.h"

using namespace blastradius;

namespace {
struct Compiled {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Compiled* c = [] {
    auto* x = new Compiled;
    x->db.AddBuiltin();
    if (!x->db.Finish().ok()) __builtin_trap();
    RuleSetOptions options;
    options.cache_dir = DefaultCacheDir();
    options.prebuilt = EmbeddedPatternDatabase();
    if (!RuleSet::Compile(x->db, options, &x->rules).ok()) __builtin_trap();
    return x;
  }();
  static MatchScratch scratch(*c->rules);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Matcher matcher(*c->rules);
  std::vector<Candidate> out;
  matcher.Scan(text, scratch, &out).ok();
  for (const Candidate& k : out) {
    if (k.whole.end > size || k.secret.end > size || k.rule >= c->rules->rules().size()) __builtin_trap();
  }
  if (size <= 4096) {
    std::vector<RawMatch> raw;
    if (matcher.FindRaw(text, scratch, &raw).ok() && raw != FindRawReference(*c->rules, text))
      __builtin_trap();
    if (!scratch.TakeDisagreements().empty()) __builtin_trap();
  }
  return 0;
}
