// CandidateFilterChain: each filter drops what it owns and counts it, the
// first filter that drops decides (later ones, and their side effects, never
// see the candidate), and a filter turned off by the policy keeps all.
// Secrets here are clearly fake words; nothing needs Vectorscan.
#include "scanner/policy/candidate_filter.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "scanner/git/added_lines.h"
#include "scanner/policy/baseline.h"

namespace blastradius {
namespace {

constexpr char kRule[] = "test.rule";

// Line 1: a plain value; line 2: a value with an allow marker; line 3 a
// plain value; then a value after a lone CR (line 5 as an editor counts,
// line 4 as git's hunks count).
constexpr char kText[] =
    "one = \"FAKE-VALUE-ONE\"\n"
    "two = \"FAKE-VALUE-TWO\"  # blastradius:allow test fixture\n"
    "three = \"FAKE-VALUE-THREE\"\n"
    "cr = 1\rfour = \"FAKE-VALUE-FOUR\"\n";

struct Row {
  const char* name;
  const char* value;             // the candidate's text in kText
  const char* decoded;           // its decoded secret ("" = the text itself)
  std::vector<LineRange> added;  // empty: no added-lines provenance
  const char* head;              // head text (null: none)
  bool allow_markers;
  std::vector<const char*> baseline;  // secrets the baseline holds (rule kRule)
  bool record_seen;
  const char* dropped_by;  // "" = kept
  uint64_t by_marker, by_baseline;
  size_t seen_keys;
};

TEST_CASE("the candidate filter chain drops, counts and records in order") {
  const std::vector<Row> rows = {
      {"a plain value is kept", "FAKE-VALUE-ONE", "", {}, nullptr, true, {}, false, "", 0, 0, 0},
      {"an allow marker drops and counts",
       "FAKE-VALUE-TWO",
       "",
       {},
       nullptr,
       true,
       {},
       false,
       "allow-marker",
       1,
       0,
       0},
      {"markers off: the marked value is kept",
       "FAKE-VALUE-TWO",
       "",
       {},
       nullptr,
       false,
       {},
       false,
       "",
       0,
       0,
       0},
      {"the baseline drops and counts",
       "FAKE-VALUE-THREE",
       "",
       {},
       nullptr,
       true,
       {"FAKE-VALUE-THREE"},
       false,
       "baseline",
       0,
       1,
       0},
      {"the baseline holds another secret",
       "FAKE-VALUE-ONE",
       "",
       {},
       nullptr,
       true,
       {"FAKE-VALUE-THREE"},
       false,
       "",
       0,
       0,
       0},
      {"the baseline key is the decoded secret's",
       "FAKE-VALUE-ONE",
       "plain-one",
       {},
       nullptr,
       true,
       {"plain-one"},
       false,
       "baseline",
       0,
       1,
       0},
      {"seen records a kept value", "FAKE-VALUE-ONE", "", {}, nullptr, true, {}, true, "", 0, 0, 1},
      {"seen records a value the baseline drops",
       "FAKE-VALUE-THREE",
       "",
       {},
       nullptr,
       true,
       {"FAKE-VALUE-THREE"},
       true,
       "baseline",
       0,
       1,
       1},
      {"a marker drops before seen records",
       "FAKE-VALUE-TWO",
       "",
       {},
       nullptr,
       true,
       {"FAKE-VALUE-TWO"},
       true,
       "allow-marker",
       1,
       0,
       0},
      {"a value on an added line is kept",
       "FAKE-VALUE-THREE",
       "",
       {{3, 3}},
       nullptr,
       true,
       {},
       false,
       "",
       0,
       0,
       0},
      {"a value off the added lines is dropped uncounted",
       "FAKE-VALUE-ONE",
       "",
       {{3, 3}},
       nullptr,
       true,
       {},
       false,
       "added-lines",
       0,
       0,
       0},
      {"added lines decide before the marker",
       "FAKE-VALUE-TWO",
       "",
       {{3, 3}},
       nullptr,
       true,
       {},
       true,
       "added-lines",
       0,
       0,
       0},
      {"added lines count by LF: a lone CR starts no hunk line",
       "FAKE-VALUE-FOUR",
       "",
       {{4, 4}},
       nullptr,
       true,
       {},
       false,
       "",
       0,
       0,
       0},
      {"the editor's line is not the hunk's",
       "FAKE-VALUE-FOUR",
       "",
       {{5, 5}},
       nullptr,
       true,
       {},
       false,
       "added-lines",
       0,
       0,
       0},
      {"the range's last version still holds it",
       "FAKE-VALUE-ONE",
       "",
       {},
       "x FAKE-VALUE-ONE y",
       true,
       {},
       true,
       "net-diff",
       0,
       0,
       0},
      {"the net diff looks for the encoded text",
       "FAKE-VALUE-ONE",
       "plain-one",
       {},
       "plain-one",
       true,
       {},
       false,
       "",
       0,
       0,
       0},
      {"the range's last version no longer holds it",
       "FAKE-VALUE-ONE",
       "",
       {},
       "FAKE-VALUE-TWO",
       true,
       {},
       false,
       "",
       0,
       0,
       0},
  };
  const std::string text = kText;
  LineIndex lines(text);
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Baseline base = Baseline::New();
    for (const char* s : row.baseline) base.Add(BaselineKey(base, kRule, s));
    std::optional<Baseline> seen;
    if (row.record_seen) seen = Baseline::SameSalt(base);
    FilterPolicy policy{.allow_markers = row.allow_markers,
                        .baseline = row.baseline.empty() ? nullptr : &base,
                        .seen = seen ? &*seen : nullptr};
    CandidateFilterChain chain(policy);

    std::optional<AddedLines> added;
    if (!row.added.empty()) {
      added.emplace();
      for (const LineRange& r : row.added) added->Add(r.first, r.last);
    }
    std::string head = row.head ? row.head : "";
    FilterBlob blob(text, lines, added ? &*added : nullptr, row.head ? &head : nullptr);

    size_t at = text.find(row.value);
    REQUIRE(at != std::string::npos);
    FilterCandidate c;
    c.span = Span(at, at + std::string_view(row.value).size());
    uint32_t column = 0;
    lines.Position(c.span.begin, &c.line, &column);
    lines.Position(c.span.end, &c.end_line, &column);
    c.rule_id = kRule;
    c.secret = *row.decoded ? std::string_view(row.decoded) : std::string_view(row.value);

    FilterTally tally;
    const CandidateFilter* by = chain.Drop(blob, c, &tally);
    CHECK(std::string(by ? by->name : "") == row.dropped_by);
    CHECK(tally.by_marker == row.by_marker);
    CHECK(tally.by_baseline == row.by_baseline);
    REQUIRE(tally.seen_keys.size() == row.seen_keys);
    if (row.seen_keys) CHECK(tally.seen_keys[0] == BaselineKey(base, kRule, c.secret));
  }
}

TEST_CASE("the policy picks the chain's filters") {
  Baseline base = Baseline::New();
  auto names = [](const CandidateFilterChain& chain) {
    std::vector<std::string> out;
    for (const CandidateFilter* f : chain.filters()) out.push_back(f->name);
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(names(CandidateFilterChain(FilterPolicy{.allow_markers = false})) == V{"added-lines", "net-diff"});
  CHECK(names(CandidateFilterChain(FilterPolicy{})) == V{"added-lines", "net-diff", "allow-marker"});
  CHECK(names(CandidateFilterChain(FilterPolicy{.baseline = &base})) ==
        V{"added-lines", "net-diff", "allow-marker", "baseline"});
  CHECK(names(CandidateFilterChain(FilterPolicy{.allow_markers = false, .seen = &base})) ==
        V{"added-lines", "net-diff", "baseline"});
}

}  // namespace
}  // namespace blastradius
