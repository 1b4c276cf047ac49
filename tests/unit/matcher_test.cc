// Matcher: Vectorscan + windowed RE2 against a slow reference, overlap
// resolution and validator wiring.
#include "scanner/match/matcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <random>
#include <string>

#include "scanner/match/line_local.h"
#include "scanner/match/vectorscan_syntax.h"
#include "tests/testutil/signature_fixture.h"

namespace blastradius {
namespace {

using testing::MinimalSignature;
using testing::SignatureFile;

struct Compiled {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
};

std::unique_ptr<Compiled> CompileFile(const std::string& file) {
  auto c = std::make_unique<Compiled>();
  c->db.AddFile("t.json", file, false);
  Status s = c->db.Finish();
  REQUIRE_MESSAGE(s.ok(), s.message());
  s = RuleSet::Compile(c->db, RuleSetOptions{DefaultCacheDir(), {}, nullptr}, &c->rules);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return c;
}

// FindRaw on one compiled rule set, checked against the whole-blob
// reference: each call must find exactly what FindRawReference finds, with
// no engine disagreement. Returns how many raw matches it found.
class ReferenceCheck {
 public:
  explicit ReferenceCheck(const Compiled& c) : c_(c), matcher_(*c.rules), scratch_(*c.rules) {}
  size_t operator()(const std::string& text) {
    std::vector<RawMatch> fast;
    REQUIRE(matcher_.FindRaw(text, scratch_, &fast).ok());
    CHECK(fast == FindRawReference(*c_.rules, text));
    CHECK(scratch_.TakeDisagreements().empty());
    return fast.size();
  }
  // `rounds` seeded random blobs of up to `max_parts` pieces from `parts`.
  template <size_t N>
  void RandomBlobs(uint32_t seed, const char* const (&parts)[N], size_t max_parts, int rounds = 300) {
    std::mt19937 rng(seed);
    for (int round = 0; round < rounds; ++round) {
      std::string text;
      size_t n = rng() % max_parts;
      for (size_t i = 0; i < n; ++i) text += parts[rng() % N];
      CAPTURE(text);
      (*this)(text);
    }
  }

 private:
  const Compiled& c_;
  Matcher matcher_;
  MatchScratch scratch_;
};

std::vector<std::string> SecretsOf(const std::string& text, const Compiled& c) {
  Matcher m(*c.rules);
  MatchScratch scratch(*c.rules);
  std::vector<Candidate> out;
  m.Scan(text, scratch, &out);
  std::vector<std::string> secrets;
  for (const auto& x : out)
    secrets.push_back(c.rules->rules()[x.rule].signature->card.id + "=" +
                      text.substr(x.secret.begin, x.secret.size()));
  return secrets;
}

TEST_CASE("finds, extracts and validates") {
  nlohmann::json tok = MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b");
  tok["min_entropy"] = 2.5;
  nlohmann::json generic = MinimalSignature("t.generic", "(?i)token{{assign}}([A-Za-z0-9_]{16,40})", 3.0);
  generic["generic"] = true;
  auto c = CompileFile(SignatureFile({tok, generic}));
  struct Case {
    const char* text;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"a tok_q8ztr2vlm0pk b", {"t.tok=tok_q8ztr2vlm0pk"}},
      {"tok_q8ztr2vlm0pkx", {}},                                     // no word boundary
      {"tok_aaaaaaaaaaaa", {}},                                      // placeholder run
      {"tok_abababababab", {}},                                      // entropy too low
      {"token = \"tok_q8ztr2vlm0pk\"", {"t.tok=tok_q8ztr2vlm0pk"}},  // specific beats generic
      {"token = \"Zq8ztr2vlm0pkX4wNa\"", {"t.generic=Zq8ztr2vlm0pkX4wNa"}},
      {"x tok_q8ztr2vlm0pk\ny tok_b7yqs1ukl9oj", {"t.tok=tok_q8ztr2vlm0pk", "t.tok=tok_b7yqs1ukl9oj"}},
  };
  for (const auto& cs : cases) {
    CAPTURE(cs.text);
    CHECK(SecretsOf(cs.text, *c) == cs.want);
  }
}

TEST_CASE("checksum failure lowers confidence instead of hiding") {
  nlohmann::json gh = MinimalSignature("t.gh", "\\b(ghp_[A-Za-z0-9]{36})\\b");
  gh["checksum"] = "crc32-base62";
  auto c = CompileFile(SignatureFile({gh}));
  Matcher m(*c->rules);
  MatchScratch scratch(*c->rules);
  std::vector<Candidate> out;
  m.Scan("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", scratch, &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].confidence == Confidence::kHigh);
  m.Scan("ghp_HVDjzLYAScsbz7mSO7ufDnCcqGn8pQ3Ti0s2", scratch, &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].confidence == Confidence::kLow);
}

TEST_CASE("unbounded patterns are confirmed within the large window") {
  auto c = CompileFile(SignatureFile({MinimalSignature("t.long", "BEGIN (K[A-Za-z0-9]{20,}) END")}));
  std::string body(3000, 'x');
  for (size_t i = 0; i < body.size(); ++i) body[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 36];
  std::string text = "noise BEGIN K" + body + " END noise";
  auto got = SecretsOf(text, *c);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == "t.long=K" + body);
}

TEST_CASE("event overflow is reported, not silent") {
  auto c = CompileFile(SignatureFile({MinimalSignature("t.a", "(a)")}));
  Matcher m(*c->rules);
  MatchScratch scratch(*c->rules);
  std::vector<Candidate> out;
  std::string text(Matcher::kMaxEvents + 10, 'a');
  CHECK_FALSE(m.Scan(text, scratch, &out).ok());
}

// A scratch allocator that always fails (Vectorscan's allocation hook).
void* FailingAlloc(size_t) { return nullptr; }
void NoFree(void*) {}

TEST_CASE("a failed scratch allocation is an error, never ignored") {
  auto c = CompileFile(SignatureFile({MinimalSignature("t.tok", "\\b(tok_[a-z0-9]{12})\\b")}));
  REQUIRE(hs_set_scratch_allocator(FailingAlloc, NoFree) == HS_SUCCESS);
  MatchScratch scratch(*c->rules);
  REQUIRE(hs_set_scratch_allocator(nullptr, nullptr) == HS_SUCCESS);
  CHECK_FALSE(scratch.status().ok());
  CHECK(scratch.status().message().find("cannot allocate Vectorscan scratch space") != std::string::npos);
  Matcher m(*c->rules);
  std::vector<Candidate> out;
  Status s = m.Scan("a tok_q8ztr2vlm0pk b", scratch, &out);
  CHECK(s.message() == scratch.status().message());
  MatchScratch fine(*c->rules);
  CHECK(fine.status().ok());
}

TEST_CASE("engine disagreement: an exact Vectorscan match RE2 rejects is counted, not skipped silently") {
  // \v: the vertical-space class (line feed, carriage return, ...) to
  // Vectorscan (PCRE), the vertical tab alone to RE2. VectorscanExpression
  // leaves it: Vectorscan matching more is caught here, never lost.
  auto c = CompileFile(SignatureFile({MinimalSignature("t.vt", "key\\v(tok_[a-z0-9]{12})")}));
  REQUIRE_FALSE(c->rules->rules()[0].prefilter);
  Matcher m(*c->rules);
  MatchScratch scratch(*c->rules);
  std::vector<Candidate> out;
  const std::string text = "x key\rtok_q8ztr2vlm0pk\nkey\vtok_b7yqs1ukl9oj\n";
  REQUIRE(m.Scan(text, scratch, &out).ok());
  REQUIRE(out.size() == 1);  // the one after a vertical tab; RE2 decides
  std::vector<EngineDisagreement> d = scratch.TakeDisagreements();
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == 0);
  CHECK(d[0].end == text.find('\n'));
  CHECK(scratch.TakeDisagreements().empty());  // taken
}

TEST_CASE("VectorscanExpression: \\s and \\S spelled as RE2's byte sets, nothing else touched") {
  const std::string space = "\\t\\n\\f\\r\\x20", non_space = "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\xff";
  struct Case {
    std::string pattern, want;
  };
  const Case cases[] = {
      {"a\\sb", "a[" + space + "]b"},
      {"a\\S+", "a[" + non_space + "]+"},
      {"[^\\s:@]{1,8}", "[^" + space + ":@]{1,8}"},
      {"[\\s\\S]{0,600}?", "[" + space + non_space + "]{0,600}?"},
      {"[]\\s]", "[]" + space + "]"},  // a literal ] first
      {"[^]\\s]", "[^]" + space + "]"},
      {"[[:alpha:]\\s]x", "[[:alpha:]" + space + "]x"},  // a POSIX class inside
      {"[a\\]\\s]\\s", "[a\\]" + space + "][" + space + "]"},
      {"\\\\s", "\\\\s"},                            // an escaped backslash, then s
      {"\\Q\\s\\E\\s", "\\Q\\s\\E[" + space + "]"},  // quoted text stays
      {"(?i)token\\d{4}\\w\\b", "(?i)token\\d{4}\\w\\b"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CHECK(VectorscanExpression(c.pattern) == c.want);
  }
  // What each engine matches, byte by byte: Vectorscan on the rewritten
  // expression exactly where RE2 matches the pattern.
  for (const char* pattern : {"x\\sy", "x\\Sy", "x[^\\s]y", "x[\\S]y", "x[^\\S]y", "x[\\s,]y"}) {
    CAPTURE(pattern);
    const std::string expr = VectorscanExpression(pattern);
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    REQUIRE(hs_compile(expr.c_str(), HS_FLAG_SINGLEMATCH, HS_MODE_BLOCK, nullptr, &db, &err) == HS_SUCCESS);
    hs_scratch_t* scratch = nullptr;
    REQUIRE(hs_alloc_scratch(db, &scratch) == HS_SUCCESS);
    RE2 re(pattern, Re2Options());
    REQUIRE(re.ok());
    for (int b = 0; b < 256; ++b) {
      const std::string text = std::string("x") + static_cast<char>(b) + "y";
      bool hit = false;
      hs_scan(
          db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
          [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
            *static_cast<bool*>(ctx) = true;
            return 0;
          },
          &hit);
      CAPTURE(b);
      CHECK(hit == RE2::PartialMatch(text, re));
    }
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
}

// A value holding a vertical tab (0x0B) where the pattern's class excludes
// \s: RE2 matches it (its \s has no vertical tab), and so must the matcher.
TEST_CASE("a value with a vertical tab is found where RE2's \\s allows it") {
  auto c = CompileFile(SignatureFile(
      {MinimalSignature("t.vt", "\\b[a-z]{3,10}://[^\\s:@/]{1,40}:([^\\s:@/]{4,40})@[a-z.]{3,40}")}));
  ReferenceCheck check(*c);
  CHECK(check("url https://ci:pa\vss\v\vword@git.example.org\n") == 1);
  CHECK(check("url https://ci:password@git.example.org\n") == 1);
  CHECK(check("url https://ci:pass word@git.example.org\n") == 0);
}

TEST_CASE("CannotMatchLineFeed: what can and cannot match a line feed") {
  struct Case {
    const char* pattern;
    bool line_local;
  };
  const Case cases[] = {
      {"abc", true},
      {"(?im)^[ \\t]{0,40}(?:export[ \\t]{1,16})?[A-Za-z0-9_.\\-\\[\\]]{0,60}(?:secret|token)[:=]"
       "([^\\s\"'\\x60#;<>$|&{}][^\\s\"'\\x60]{3,127})[ \\t]{0,32}(?:[ \\t]#|\\r?$)",
       true},                                 // a generic rule's shape
      {"\\b(ghp_[A-Za-z0-9]{36})\\b", true},  // \b is zero-width
      {"[^\\s]+", true},                      // a negated class listing \s
      {"[^\\n\"]+", true},                    // ... or \n
      {"[^\\x00-\\x1f]", true},               // ... or a range holding 0x0A
      {"[\\d\\w\\S.]", true},                 // classes without 0x0A
      {"[[:alnum:][:punct:]]", true},         // POSIX classes without it
      {"a.b", true},                          // . without the s flag
      {"\\x41\\x{42}\\t\\r", true},           // bytes other than 0x0A
      {"[]a]", true},                         // ] first is a literal
      {"(?P<name>x)", true},                  // a group name is not a flag
      {"a\\sb", false},                       // \s holds 0x0A
      {"a\\nb", false},
      {"a\\x0ab", false},
      {"a\\x{A}b", false},
      {"a\nb", false},  // a raw line feed
      {"[\\s\\S]", false},
      {"[^\"]", false},  // negated, not listing 0x0A
      {"[^\\d]", false},
      {"[\\t-\\r]", false},  // a range over 0x0A
      {"[\\x00-\\x7f]", false},
      {"\\D", false},
      {"\\W", false},
      {"(?s).", false},  // . matching a line feed
      {"(?is:a.b)", false},
      {"\\pL", false},  // not understood: false
      {"\\C", false},
      {"\\Qa\\E", false},
      {"\\012", false},
      {"[[:space:]]", false},
      {"[^[:space:]]", false},
      {"[abc", false},  // unterminated
      {"abc\\", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CHECK(CannotMatchLineFeed(c.pattern) == c.line_local);
  }
}

// Gated rules whose pattern can cross lines keep the windows; the same
// texts through a line-local rule take the per-line search. Both equal the
// whole-blob search.
TEST_CASE("gated rules across lines and on lines: both searches find what the whole-blob search finds") {
  nlohmann::json spanning = MinimalSignature("t.span", "(?m)^SETKEY\\s{0,3}=\\s{0,3}([A-Za-z0-9]{8,64})$");
  spanning["gate"] = "SETKEY";
  nlohmann::json local =
      MinimalSignature("t.local", "(?m)SETKEY[ \\t]{0,3}=[ \\t]{0,3}([A-Za-z0-9]{8,64})\\r?$");
  local["gate"] = "SETKEY";
  nlohmann::json tail = MinimalSignature("t.tail", "([A-Za-z0-9]{8,64})[ \\t]{0,20}=ENDKEY\\b");
  tail["gate"] = "=ENDKEY";
  auto c = CompileFile(SignatureFile({spanning, local, tail}));
  REQUIRE_FALSE(c->rules->rules()[0].line_local());
  REQUIRE(c->rules->rules()[1].line_local());
  REQUIRE(c->rules->rules()[2].line_local());
  ReferenceCheck check(*c);
  CHECK(check("SETKEY\n=\nabcdefgh12\n") == 1);                     // across lines: the spanning rule
  CHECK(check("SETKEY = abcdefgh12\r\nSETKEY=ijklmnop34\n") == 3);  // CR: only the local rule on line 1
  CHECK(check("abcdefgh12 =ENDKEY SETKEY=qrstuvwx56") == 2);
  const char* const parts[] = {"SETKEY",   "=ENDKEY",       "=",  " ",  "\n",      "\r\n",
                               "abcdefgh", "XYZ0123456789", "\t", "  ", "SETKEY=", "q1w2e3r4t5"};
  check.RandomBlobs(2026, parts, 80, 600);
}

// A gated rule: Vectorscan runs the gate, RE2 searches the pattern around
// each gate hit. The result must equal the reference (the pattern over the
// whole blob) exactly, wherever the gate lies in the match: at the start
// (the secret follows it), at the end (the secret precedes it, up to the
// pattern's width away), and with hits close enough for windows to merge.
TEST_CASE("gated rules: windows around gate hits find exactly what the whole-blob search finds") {
  nlohmann::json after =
      MinimalSignature("t.after", "(?m)^[ \\t]{0,8}SETKEY[ \\t]{0,150}=[ \\t]{0,150}([A-Za-z0-9]{8,64})$");
  after["gate"] = "SETKEY";
  nlohmann::json before = MinimalSignature("t.before", "\\b([A-Za-z0-9]{10,300})=ENDKEY\\b");
  before["gate"] = "=ENDKEY";
  auto c = CompileFile(SignatureFile({after, before}));
  REQUIRE(c->rules->rules()[0].gated);
  REQUIRE(c->rules->rules()[1].gated);
  // Both patterns stay on one line: each line with hits is searched.
  REQUIRE(c->rules->rules()[0].line_local());
  REQUIRE(c->rules->rules()[1].line_local());
  CHECK(c->rules->rules()[1].window >= 307);  // the pattern's width, not the gate's
  ReferenceCheck check(*c);
  const std::string long_value(290, 'q');
  struct Case {
    std::string text;
    size_t want;
  };
  const Case cases[] = {
      {"SETKEY=abcdefgh12", 1},                                          // blob start and end
      {"  SETKEY" + std::string(150, ' ') + "= abcdefgh12\n", 1},        // secret far after the gate
      {"x SETKEY=abcdefgh12\n", 0},                                      // ^ does not hold mid-line
      {long_value + "=ENDKEY", 1},                                       // secret far before the gate
      {"a" + long_value + "=ENDKEY", 1},                                 // a 291-char run still matches whole
      {"zz" + std::string(400, 'w') + "=ENDKEY", 0},                     // too long: \b never holds in range
      {"SETKEY=abcdefgh12\nSETKEY=ijklmnop34\nAAAAAAAAAAAA=ENDKEY", 3},  // merged windows
      {"SETKEY=abc\nSETKEY\n=ENDKEY", 0},                                // gate hits, no match
  };
  for (const auto& cs : cases) {
    CAPTURE(cs.text);
    CHECK(check(cs.text) == cs.want);
  }
  // Seeded random blobs: gates and near-misses scattered among noise.
  const char* const parts[] = {"SETKEY",   "=ENDKEY",       "=",  " ",  "\n",
                               "abcdefgh", "XYZ0123456789", "  ", "\t", "-"};
  check.RandomBlobs(77, parts, 60);
}

// Where a match is and where its secret is come from a second program of
// the same pattern, compiled under a budget too small for RE2's DFA, so its
// NFA runs (see CompiledRule::capture). It must find what the one program
// finds, and for a wide pattern it must really be a second program.
TEST_CASE("a wide pattern's matches are located by a second, DFA-less program that finds the same") {
  nlohmann::json wide = MinimalSignature(
      "t.wide",
      "(?i)[A-Za-z0-9_.\\-]{0,60}(?:secret|token)[A-Za-z0-9_.\\-]{0,16}[ \\t]{0,4}[:=][ \\t]{0,8}"
      "([A-Za-z0-9+/=_\\-.~!@%^*&#$]{12,200})[ \\t]{0,32}(?:[ \\t]#|\\r?$)");
  wide["gate"] = "(?i)(?:secret|token)";
  auto c = CompileFile(SignatureFile({wide}));
  const CompiledRule& rule = c->rules->rules()[0];
  REQUIRE(rule.forward().ok());
  CHECK(&rule.capture() != &rule.forward());
  CHECK(rule.capture().pattern() == rule.forward().pattern());
  CHECK(rule.capture().ProgramSize() == rule.forward().ProgramSize());
  CHECK(rule.capture().options().max_mem() < rule.forward().options().max_mem());
  ReferenceCheck check(*c);
  CHECK(check("api_token = Zm9vYmFyYmF6cXV4cXV1eA # note\nSECRET:abcdefgh12345678\n") == 2);
  // A line longer than capture()'s range: forward() locates the match.
  CHECK(check(std::string(300, ' ') + "my_token: " + std::string(200, 'A') + "\n") == 1);
  const char* const parts[] = {"token",   "SECRET",       "=",        ":",   " ",    "\t", "\n", "\r\n", " #",
                               "my_app.", "abcdefghijkl", "Q1w2E3r4", "+/=", "~!@%", "x"};
  check.RandomBlobs(31, parts, 40, 800);
}

// capture() starts its budget search below an estimate from forward()'s
// program size; the budget it ends with must still be the smallest that
// compiles (a larger one would leave room for the DFA it exists to avoid).
TEST_CASE("every built-in rule's capture() program has the smallest budget that compiles it") {
  SignatureDb db;
  db.AddBuiltin();
  REQUIRE(db.Finish().ok());
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, RuleSetOptions{DefaultCacheDir(), {}, nullptr}, &rules).ok());
  size_t searched = 0;
  for (const CompiledRule& rule : rules->rules()) {
    const RE2& capture = rule.capture();
    if (&capture == &rule.forward()) continue;
    const int64_t budget = capture.options().max_mem();
    if (budget <= (int64_t{16} << 10)) continue;
    ++searched;
    RE2::Options half = Re2Options();
    half.set_max_mem(budget / 2);
    INFO(rule.signature->card.id << ": budget " << budget);
    CHECK_FALSE(RE2("(?m)" + rule.signature->pattern, half).ok());
  }
  // Wide patterns exist: the search went past its first budget.
  CHECK(searched > 100);
}

// An exact rule whose matches can overlap: a lazy span between a command and
// its password lets the first "curl" of a line reach every later password
// within the pattern's width. Confirming events from the last one backwards,
// the last password's match started at the first "curl" and covered the
// earlier events, whose passwords were lost (1,148 of 5,000 commands on one
// line were found); the result must equal the whole-blob search.
TEST_CASE("exact rules with overlapping matches find exactly what the whole-blob search finds") {
  auto c = CompileFile(SignatureFile({MinimalSignature(
      "t.curl", "\\bcurl\\b[^\\r\\n]{0,120}?[ \\t]-u[ \\t]*[^\\s:]{1,32}:([^\\s@]{3,64})")}));
  REQUIRE_FALSE(c->rules->rules()[0].prefilter);
  REQUIRE_FALSE(c->rules->rules()[0].gated);
  ReferenceCheck check(*c);
  std::string line;
  for (int i = 0; i < 40; ++i)
    line += "curl -u admin:pw" + std::to_string(1000 + i) + "x https://h.example/ ";
  CHECK(check(line) == 40);  // every password, not only the last of each run
  CHECK(check("curl -u a:one\ncurl -u b:two\n") == 2);
  CHECK(check("curl x -u a:one -u b:two") == 1);  // the whole-blob search's one
  const char* const parts[] = {"curl", " -u ",       "admin:", "pw1234", "x",   " ",
                               "\n",   "https://h/", ":",      "curlx",  "\t-u"};
  check.RandomBlobs(91, parts, 80);
}

// Vectorscan's events for `text` in the rule set's database, by rule index.
std::vector<unsigned> DatabaseEvents(const RuleSet& rules, const std::string& text) {
  hs_scratch_t* scratch = nullptr;
  REQUIRE(hs_alloc_scratch(rules.database(), &scratch) == HS_SUCCESS);
  std::vector<unsigned> ids;
  auto on_event = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
    static_cast<std::vector<unsigned>*>(ctx)->push_back(id);
    return 0;
  };
  REQUIRE(hs_scan(rules.database(), text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_event,
                  &ids) == HS_SUCCESS);
  hs_free_scratch(scratch);
  return ids;
}

TEST_CASE("a path-limited rule is left out of the database and searched only at the paths it applies to") {
  nlohmann::json by_path = MinimalSignature("t.keyfile", "^([0-9a-f]{32})[ \\t\\r]*$");
  by_path["paths"] = {"(?:^|/)config/master\\.key$"};
  const std::string hex =
      "deadbeef"
      "0badf00d"
      "deadbeef"
      "0badf00d";  // clearly fake
  const std::string text = "ANYK_q8ztr2vlm0pk\n" + hex + "\n";
  {
    auto c = CompileFile(SignatureFile({MinimalSignature("t.any", "\\bANYK_([a-z0-9]{12})\\b"), by_path}));
    const auto& rules = c->rules->rules();
    CHECK_FALSE(rules[0].path_searched);
    CHECK(rules[1].path_searched);
    CHECK(c->rules->path_searched_rules() == std::vector<uint32_t>{1});
    // Not in the database: Vectorscan never reports it, anywhere.
    CHECK(DatabaseEvents(*c->rules, text) == std::vector<unsigned>{0});
    Matcher matcher(*c->rules);
    MatchScratch scratch(*c->rules);
    auto ids_at = [&](std::optional<std::string_view> path) {
      std::vector<RawMatch> raw;
      REQUIRE(matcher.FindRaw(text, scratch, &raw, path).ok());
      std::vector<std::string> ids;
      for (const RawMatch& m : raw) ids.push_back(rules[m.rule].signature->card.id);
      return ids;
    };
    CHECK(ids_at("app/config/master.key") == std::vector<std::string>{"t.any", "t.keyfile"});
    CHECK(ids_at("config/master.key") == std::vector<std::string>{"t.any", "t.keyfile"});
    CHECK(ids_at("app/config/master.key.bak") == std::vector<std::string>{"t.any"});
    CHECK(ids_at("src/ids.txt") == std::vector<std::string>{"t.any"});
    // Without a path, as the reference: every path-limited rule is searched.
    CHECK(ids_at(std::nullopt) == std::vector<std::string>{"t.any", "t.keyfile"});
    ReferenceCheck check(*c);
    CHECK(check(text) == 2);
    CHECK(check(hex) == 1);
    CHECK(check("x" + hex + "\n") == 0);
    // The cache key says which rules the database holds.
    SignatureDb plain;
    nlohmann::json unlimited = by_path;
    unlimited.erase("paths");
    plain.AddFile("t.json", SignatureFile({unlimited}), false);
    REQUIRE(plain.Finish().ok());
    CHECK(PatternKey(plain.signatures()[0]) != PatternKey(c->db.signatures()[1]));
  }
  {
    // Alone, it stays in the database (it cannot be empty); the pipeline
    // then drops its matches at other paths.
    auto c = CompileFile(SignatureFile({by_path}));
    CHECK_FALSE(c->rules->rules()[0].path_searched);
    CHECK(c->rules->path_searched_rules().empty());
    CHECK(DatabaseEvents(*c->rules, text) == std::vector<unsigned>{0});
  }
}

TEST_CASE("a gate needs a pattern of bounded width and a gate that cannot be empty") {
  struct Case {
    const char* pattern;
    const char* gate;
    const char* error;
  };
  const Case cases[] = {
      {"KEY=([a-z]+)", "KEY=", "/gate: the pattern must have a bounded width"},
      {"KEY=([a-z]{8,1000})[ ]{0,1000}[.]{0,1000}[-]{0,1000}[_]{0,1000}[:]{0,100}!",
       "KEY=", "/gate: the pattern must have a bounded width"},
      {"KEY=([a-z]{8,20})", "(?:KEY)?", "/gate: can match the empty string"},
      {"KEY=([a-z]{8,20})", "KEY(", "/gate: RE2 rejects it"},
  };
  for (const auto& cs : cases) {
    CAPTURE(cs.pattern);
    CAPTURE(cs.gate);
    nlohmann::json sig = MinimalSignature("t.g", cs.pattern);
    sig["gate"] = cs.gate;
    SignatureDb db;
    db.AddFile("t.json", SignatureFile({sig}), false);
    REQUIRE(db.Finish().ok());
    std::unique_ptr<RuleSet> rules;
    Status s = RuleSet::Compile(db, {}, &rules);
    REQUIRE_FALSE(s.ok());
    CHECK_MESSAGE(s.message().find(cs.error) != std::string::npos, s.message());
  }
}

// The fast path must agree with running every regex over the whole blob.
TEST_CASE("differential: fast path equals slow reference on the built-in examples") {
  SignatureDb db;
  db.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");  // with examples
  REQUIRE(db.Finish().ok());
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, RuleSetOptions{DefaultCacheDir(), {}, nullptr}, &rules).ok());
  std::vector<std::string> pieces;
  for (const auto& s : db.signatures()) {
    for (const auto& e : s.examples) pieces.push_back(e.text);
    for (const auto& e : s.negative_examples) pieces.push_back(e.text);
  }
  Matcher m(*rules);
  MatchScratch scratch(*rules);
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(pieces.begin(), pieces.end(), rng);
    std::string text;
    for (size_t i = 0; i < pieces.size(); ++i) {
      text += pieces[i];
      // One example per line: joined with spaces, a negative example such as
      // `X_SECRET=` runs into the next example's quoted key and both paths
      // find a different, equally valid, overlapping match.
      text += "\n";
    }
    std::vector<RawMatch> fast;
    REQUIRE(m.FindRaw(text, scratch, &fast).ok());
    std::vector<RawMatch> slow = FindRawReference(*rules, text);
    // Compare where each rule's secrets start. The fast path confirms the
    // longest match that ends at a Vectorscan event; the reference is
    // leftmost-first, so for alternations of different lengths (PEM bodies
    // on one or several lines) the two may end differently.
    auto key = [&](const std::vector<RawMatch>& v) {
      std::vector<std::string> k;
      for (const auto& r : v)
        k.push_back(rules->rules()[r.rule].signature->card.id + "@" + std::to_string(r.secret.begin));
      std::sort(k.begin(), k.end());
      return k;
    };
    std::vector<std::string> kf = key(fast), ks = key(slow), only_fast, only_slow;
    std::set_difference(kf.begin(), kf.end(), ks.begin(), ks.end(), std::back_inserter(only_fast));
    std::set_difference(ks.begin(), ks.end(), kf.begin(), kf.end(), std::back_inserter(only_slow));
    std::string diff;
    for (const auto& x : only_fast) diff += " fast-only:" + x;
    for (const auto& x : only_slow) diff += " slow-only:" + x;
    CHECK_MESSAGE(diff.empty(), diff);
  }
}

}  // namespace
}  // namespace blastradius
