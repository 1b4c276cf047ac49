// Every signature's examples must produce a finding of that signature (at
// medium or high confidence, with a non-empty secret); every negative
// example must stay silent for it. Runs the real engine (Vectorscan + RE2 +
// validators + overlap resolution).
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "scanner/match/matcher.h"
#include "scanner/match/prebuilt_db.h"

namespace blastradius {
namespace {

// The built-in signatures from their source files (with examples), run
// against the database the binary ships (the source files carry the same
// patterns as the embedded ones).
std::unique_ptr<RuleSet> CompileBuiltins(SignatureDb* db) {
  db->AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");
  Status s = db->Finish();
  REQUIRE_MESSAGE(s.ok(), s.message());
  std::unique_ptr<RuleSet> rules;
  RuleSetOptions options;
  options.cache_dir = DefaultCacheDir();
  options.prebuilt = EmbeddedPatternDatabase();
  s = RuleSet::Compile(*db, options, &rules);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return rules;
}

TEST_CASE("built-in signature examples") {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules = CompileBuiltins(&db);
#ifdef BLASTRADIUS_HAVE_PREBUILT_DB
  CHECK(rules->loaded_prebuilt());
#endif
  Matcher matcher(*rules);
  MatchScratch scratch(*rules);
  size_t examples = 0, negatives = 0;
  for (size_t i = 0; i < rules->rules().size(); ++i) {
    const Signature& sig = *rules->rules()[i].signature;
    for (size_t k = 0; k < sig.examples.size(); ++k) {
      const std::string& text = sig.examples[k].text;
      std::vector<Candidate> out;
      CHECK(matcher.Scan(text, scratch, &out).ok());
      bool found = false;
      std::string got;
      for (const auto& c : out) {
        got += rules->rules()[c.rule].signature->card.id + " ";
        if (c.rule == i && c.secret.size() > 0 && (c.confidence != Confidence::kLow || sig.card.generic) &&
            rules->rules()[i].AppliesToPath(sig.examples[k].path))
          found = true;
      }
      CHECK_MESSAGE(found, sig.card.source_file, ": ", sig.card.id, ": examples/", k,
                    " produced no finding of this id (got: ", got, ")");
      ++examples;
    }
    for (size_t k = 0; k < sig.negative_examples.size(); ++k) {
      std::vector<Candidate> out;
      matcher.Scan(sig.negative_examples[k].text, scratch, &out);
      // The pipeline drops a path-scoped signature's candidates elsewhere.
      bool fired = std::any_of(out.begin(), out.end(), [&](const Candidate& c) {
        return c.rule == i && rules->rules()[i].AppliesToPath(sig.negative_examples[k].path);
      });
      CHECK_MESSAGE(!fired, sig.card.source_file, ": ", sig.card.id, ": negative_examples/", k,
                    " produced a finding");
      ++negatives;
    }
  }
  MESSAGE(rules->rules().size(), " signatures, ", examples, " examples, ", negatives, " negative examples");
  CHECK(examples >= 2 * rules->rules().size());
}

// The built-in gated rules judged line-local are confirmed on the lines of
// their gate's hits (Matcher::FindRaw). On the signatures' own examples and
// negative examples, joined into multi-line blobs in seeded random order,
// the matcher must find exactly what a whole-blob search of every pattern
// finds.
TEST_CASE("built-in rules: the matcher equals the whole-blob search on joined examples") {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules = CompileBuiltins(&db);
  std::vector<std::string> texts;
  size_t line_local = 0;
  for (const CompiledRule& r : rules->rules()) {
    line_local += r.line_local();
    for (const auto& e : r.signature->examples) texts.push_back(e.text);
    for (const auto& e : r.signature->negative_examples) texts.push_back(e.text);
  }
  MESSAGE(line_local, " of ", rules->rules().size(), " rules are gated and line-local");
  CHECK(line_local >= 50);
  Matcher matcher(*rules);
  MatchScratch scratch(*rules);
  std::mt19937 rng(16);
  const char* const separators[] = {"\n", "\r\n", " ", "\n\n", "\t", "; "};
  size_t line_local_matches = 0;
  for (int round = 0; round < 30; ++round) {
    std::string blob;
    for (int k = 0; k < 40; ++k) blob += texts[rng() % texts.size()] + separators[rng() % 6];
    std::vector<RawMatch> fast;
    REQUIRE(matcher.FindRaw(blob, scratch, &fast).ok());
    CHECK(fast == FindRawReference(*rules, blob));
    for (const RawMatch& m : fast) line_local_matches += rules->rules()[m.rule].line_local();
  }
  CHECK(line_local_matches > 100);  // the blobs reach the per-line search
}

}  // namespace
}  // namespace blastradius
