// Build-time pattern database: the blob round-trips, is refused for any
// other pattern set or when damaged, and a RuleSet loaded from it finds
// exactly what a freshly compiled one finds.
#include "scanner/match/prebuilt_db.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scanner/match/matcher.h"
#include "tests/testutil/signature_fixture.h"

namespace blastradius {
namespace {

using testing::MinimalSignature;
using testing::SignatureFile;

std::string TwoSignatures() {
  nlohmann::json tok = MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b");
  // Backreference-free but unbounded: exercises the stored windows.
  nlohmann::json key = MinimalSignature("t.key", "key=\"(k[A-Za-z0-9]{20,})\"");
  return SignatureFile({tok, key});
}

struct Built {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::vector<std::string> patterns;
  std::string blob;
};

// Compiles `file` for the generic platform and serializes it as the build does.
std::unique_ptr<Built> BuildBlob(const std::string& file) {
  auto b = std::make_unique<Built>();
  b->db.AddFile("t.json", file, false);
  Status s = b->db.Finish();
  REQUIRE_MESSAGE(s.ok(), s.message());
  const hs_platform_info_t platform = GenericPlatform();
  RuleSetOptions o;
  o.platform = &platform;
  s = RuleSet::Compile(b->db, o, &b->rules);
  REQUIRE_MESSAGE(s.ok(), s.message());
  CHECK(b->rules->prototype_scratch() != nullptr);  // what each MatchScratch clones
  std::vector<unsigned> requested, final_flags;
  std::vector<size_t> windows;
  for (const auto& r : b->rules->rules()) {
    b->patterns.push_back(r.signature->pattern);
    requested.push_back(kPatternFlags);
    final_flags.push_back(kPatternFlags | (r.prefilter ? HS_FLAG_PREFILTER : 0u));
    windows.push_back(r.window);
  }
  s = SerializePrebuilt(b->patterns, requested, final_flags, windows, b->rules->database(), &b->blob);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return b;
}

std::vector<std::string> Secrets(const RuleSet& rules, const std::string& text) {
  Matcher m(rules);
  MatchScratch scratch(rules);
  std::vector<Candidate> out;
  REQUIRE(m.Scan(text, scratch, &out).ok());
  std::vector<std::string> got;
  for (const auto& c : out)
    got.push_back(rules.rules()[c.rule].signature->card.id + "=" +
                  text.substr(c.secret.begin, c.secret.size()));
  return got;
}

TEST_CASE("a prebuilt blob loads only for its own pattern set") {
  auto b = BuildBlob(TwoSignatures());
  std::vector<unsigned> flags(b->patterns.size(), kPatternFlags);
  std::vector<size_t> windows(b->patterns.size(), 0);
  hs_database_t* db = nullptr;
  REQUIRE(LoadPrebuilt(b->blob, b->patterns, &flags, &windows, &db));
  REQUIRE(db != nullptr);
  hs_free_database(db);
  for (size_t i = 0; i < windows.size(); ++i) CHECK(windows[i] == b->rules->rules()[i].window);
  CHECK(PrebuiltBlobKey(b->blob) ==
        PrebuiltKey(b->patterns, std::vector<unsigned>(b->patterns.size(), kPatternFlags)));
  CHECK(PrebuiltBlobKey("not a blob") == "");

  SUBCASE("prefetched on another thread: the same database, taken once") {
    size_t direct_size = 0, prefetched_size = 0;
    REQUIRE(LoadPrebuilt(b->blob, b->patterns, &flags, &windows, &db));
    REQUIRE(hs_database_size(db, &direct_size) == HS_SUCCESS);
    hs_free_database(db);
    PrebuiltPrefetch prefetch(b->blob);
    std::vector<unsigned> f(b->patterns.size(), kPatternFlags);
    std::vector<size_t> w(b->patterns.size(), 0);
    db = nullptr;
    REQUIRE(LoadPrebuilt(b->blob, b->patterns, &f, &w, &db, &prefetch));
    REQUIRE(hs_database_size(db, &prefetched_size) == HS_SUCCESS);
    CHECK(prefetched_size == direct_size);
    CHECK(f == flags);
    CHECK(w == windows);
    CHECK(prefetch.Take() == nullptr);               // handed over
    hs_scratch_t* scratch = prefetch.TakeScratch();  // allocated beside it
    REQUIRE(scratch != nullptr);
    CHECK(prefetch.TakeScratch() == nullptr);
    hs_scratch_t* clone = nullptr;
    CHECK(hs_clone_scratch(scratch, &clone) == HS_SUCCESS);
    hs_free_scratch(clone);
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
  SUBCASE("a prefetch nobody takes, of a damaged blob, or of another blob") {
    { PrebuiltPrefetch untaken(b->blob); }  // freed by its destructor (ASan: no leak)
    std::string bad = b->blob;
    bad.resize(bad.size() - 16);
    PrebuiltPrefetch damaged(bad);
    CHECK(damaged.Take() == nullptr);
    CHECK(damaged.TakeScratch() == nullptr);
    PrebuiltPrefetch other(bad);
    std::vector<unsigned> f(b->patterns.size(), kPatternFlags);
    std::vector<size_t> w(b->patterns.size(), 0);
    db = nullptr;
    REQUIRE(LoadPrebuilt(b->blob, b->patterns, &f, &w, &db, &other));  // not its blob: loads its own
    CHECK(other.TakeScratch() == nullptr);                             // nothing of its was taken
    hs_free_database(db);
  }
  SUBCASE("another pattern set") {
    std::vector<std::string> other = b->patterns;
    other[0] += "x";
    std::vector<unsigned> f(other.size(), kPatternFlags);
    std::vector<size_t> w(other.size(), 7);
    db = nullptr;
    CHECK_FALSE(LoadPrebuilt(b->blob, other, &f, &w, &db));
    CHECK(db == nullptr);
    CHECK(w == std::vector<size_t>(other.size(), 7));  // untouched
  }
  SUBCASE("other requested flags") {
    std::vector<unsigned> f(b->patterns.size(), kPatternFlags | HS_FLAG_CASELESS);
    std::vector<size_t> w(b->patterns.size(), 0);
    db = nullptr;
    CHECK_FALSE(LoadPrebuilt(b->blob, b->patterns, &f, &w, &db));
  }
  SUBCASE("another library version") {
    // Built by another Vectorscan: the stored version differs from ours.
    std::string other = b->blob;
    const size_t at = other.find(hs_version());
    REQUIRE(at != std::string::npos);
    other[at] = other[at] == '9' ? '8' : '9';
    std::vector<unsigned> f(b->patterns.size(), kPatternFlags);
    std::vector<size_t> w(b->patterns.size(), 7);
    db = nullptr;
    CHECK_FALSE(LoadPrebuilt(other, b->patterns, &f, &w, &db));
    CHECK(db == nullptr);
    CHECK(w == std::vector<size_t>(b->patterns.size(), 7));
  }
  SUBCASE("truncated, damaged or empty") {
    std::vector<unsigned> f(b->patterns.size(), kPatternFlags);
    std::vector<size_t> w(b->patterns.size(), 0);
    db = nullptr;
    CHECK_FALSE(
        LoadPrebuilt(std::string_view(b->blob).substr(0, b->blob.size() / 2), b->patterns, &f, &w, &db));
    std::string bad = b->blob;
    bad[0] = 'X';
    CHECK_FALSE(LoadPrebuilt(bad, b->patterns, &f, &w, &db));
    CHECK_FALSE(LoadPrebuilt({}, b->patterns, &f, &w, &db));
    CHECK(db == nullptr);
  }
}

TEST_CASE("a RuleSet from the prebuilt blob matches like a compiled one") {
  auto b = BuildBlob(TwoSignatures());
  SignatureDb db;
  db.AddFile("t.json", TwoSignatures(), false);
  REQUIRE(db.Finish().ok());
  RuleSetOptions o;
  o.prebuilt = b->blob;
  std::unique_ptr<RuleSet> loaded;
  REQUIRE(RuleSet::Compile(db, o, &loaded).ok());
  CHECK(loaded->loaded_prebuilt());
  std::unique_ptr<RuleSet> compiled;
  REQUIRE(RuleSet::Compile(db, RuleSetOptions{}, &compiled).ok());
  CHECK_FALSE(compiled->loaded_prebuilt());
  const std::string text =
      "a tok_q8ztr2vlm0pk b\nkey=\"kZq8ztr2vlm0pkX4wNa7Lm\"\ntok_q8ztr2vlm0pkx\ny tok_b7yqs1ukl9oj";
  const std::vector<std::string> want = {"t.tok=tok_q8ztr2vlm0pk", "t.key=kZq8ztr2vlm0pkX4wNa7Lm",
                                         "t.tok=tok_b7yqs1ukl9oj"};
  CHECK(Secrets(*compiled, text) == want);
  CHECK(Secrets(*loaded, text) == want);

  // A different signature set ignores the blob and compiles.
  SignatureDb other;
  other.AddFile("t.json", SignatureFile({MinimalSignature("t.other", "\\b(oth_[a-z0-9]{12})\\b")}), false);
  REQUIRE(other.Finish().ok());
  std::unique_ptr<RuleSet> fallback;
  REQUIRE(RuleSet::Compile(other, o, &fallback).ok());
  CHECK_FALSE(fallback->loaded_prebuilt());
  CHECK(Secrets(*fallback, "x oth_q8ztr2vlm0pk") == std::vector<std::string>{"t.other=oth_q8ztr2vlm0pk"});
}

TEST_CASE("the embedded database matches the embedded signatures") {
  SignatureDb db;
  db.AddBuiltin();
  REQUIRE(db.Finish().ok());
  RuleSetOptions o;
  o.prebuilt = EmbeddedPatternDatabase();
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, o, &rules).ok());
#ifdef BLASTRADIUS_HAVE_PREBUILT_DB
  CHECK(!o.prebuilt.empty());
  CHECK(rules->loaded_prebuilt());
#else
  CHECK(o.prebuilt.empty());
  CHECK_FALSE(rules->loaded_prebuilt());
#endif
}

}  // namespace
}  // namespace blastradius
