// DecodedView: what each kind of encoded text becomes in the view, where its
// runs map back to, and the match windows around the runs (their edges,
// line extension, cuts inside long lines, merging).
#include "scanner/decode/decoded_view.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/testutil/base64.h"

namespace blastradius {
namespace {

struct BuildCase {
  const char* name;
  std::string input;
  bool builds;
  std::string view;                  // expected text() when it builds
  std::vector<std::string> runs;     // expected decoded runs, as text
  std::vector<std::string> encoded;  // the source text each run maps to
};

TEST_CASE("DecodedView::Build decodes each kind of encoding and maps runs back") {
  // "é" (two bytes, not printable ASCII) before an escaped quote: the string
  // that holds it stays encoded, but the string that starts at the escaped
  // quote (a quote is a quote to the tokenizer) decodes.
  const std::string non_ascii = "x = \"\xc3\xa9 \\\"abc\\\" def\"";
  const BuildCase cases[] = {
      {"plain text", "let x = 1; // nothing encoded here\n", false, "", {}, {}},
      {"identifiers are not base64", "addEventListener(getElementById)", false, "", {}, {}},
      {"padded base64", "KEY=cGFzc3dvcmQ=\n", true, "KEY=password\n", {"password"}, {"cGFzc3dvcmQ="}},
      // Without an escape that decodes, base64 is found in one pass over the
      // blob; with one, by the tokenizer: the same runs either way.
      {"base64 beside a regex escape",
       "re=/\\d+/ KEY=cGFzc3dvcmQ=\n",
       true,
       "re=/\\d+/ KEY=password\n",
       {"password"},
       {"cGFzc3dvcmQ="}},
      {"base64 beside an escape that decodes",
       "p=a\\/bcdef KEY=cGFzc3dvcmQ=\n",
       true,
       "p=a/bcdef KEY=password\n",
       {"p=a/bcdef", "password"},
       {"p=a\\/bcdef", "cGFzc3dvcmQ="}},
      {"escaped quote in a string",
       "pw: \"p\\\"ss-word\"",
       true,
       "pw: 'p\"ss-word'",
       {"p\"ss-word"},
       {"p\\\"ss-word"}},
      {"escaped slashes in a token",
       "url=a\\/b\\/cdef",
       true,
       "url=a/b/cdef",
       {"url=a/b/cdef"},
       {"url=a\\/b\\/cdef"}},
      {"percent encoding in a URL",
       "see https://h.io/?q=a%40b ok",
       true,
       "see https://h.io/?q=a@b ok",
       {"https://h.io/?q=a@b"},
       {"https://h.io/?q=a%40b"}},
      {"percent without a URL stays", "key=ab%40cdef", false, "", {}, {}},
      {"only \\n escapes decode nothing", "s = \"line\\nbreak\"", false, "", {}, {}},
      {"non-printable byte keeps its string encoded",
       non_ascii,
       true,
       "x = \"\xc3\xa9 \\'abc\" def'",
       {"abc\" def"},
       {"abc\\\" def"}},
  };
  for (const BuildCase& c : cases) {
    CAPTURE(c.name);
    DecodedView v;
    REQUIRE(v.Build(c.input) == c.builds);
    if (!c.builds) {
      CHECK(v.text().empty());
      continue;
    }
    CHECK(v.text() == c.view);
    REQUIRE(v.decoded_runs().size() == c.runs.size());
    for (size_t i = 0; i < c.runs.size(); ++i) {
      const Span run = v.decoded_runs()[i];
      CHECK(v.text().substr(run.begin, run.size()) == c.runs[i]);
      const Span src = v.ToSource(run);
      CHECK(c.input.substr(src.begin, src.size()) == c.encoded[i]);
    }
  }
}

TEST_CASE("DecodedView::Build walks a long string of escaped quotes once, with the same view") {
  // A JSON source map's string: hundreds of \" and one non-ASCII byte at
  // its start, so it never decodes; every escaped quote starts a string of
  // its own that ends at the same place (the walk resumes, not restarts).
  std::string body = "\xc3\xa9";
  for (int i = 0; i < 300; ++i) body += "f(\\\"a\\\");\\n";
  const std::string input = "{\"sourcesContent\": [\"" + body + "\"]}";
  DecodedView v;
  REQUIRE(v.Build(input));
  // The first escaped quote after the non-ASCII byte starts a string that
  // runs to the end and decodes (its bytes are all printable).
  REQUIRE(!v.decoded_runs().empty());
  const Span first = v.ToSource(v.decoded_runs().front());
  CHECK(input.substr(first.begin - 1, 2) == "\"a");
}

std::string Line(size_t n, char c = 'w') { return std::string(n, c) + "\n"; }

TEST_CASE("DecodedView::MatchWindows: margins, whole lines, cuts, merging, blob edges") {
  const std::string b64 = "cGFzc3dvcmQ=";  // "password"
  MatchWindowOptions o;
  o.before = 100;
  o.after = 20;
  o.max_line = 200;
  o.merge_gap = 10;

  SUBCASE("short lines: the window is whole lines reaching the margins") {
    std::string text;
    for (int i = 0; i < 10; ++i) text += Line(30);
    const size_t line_of_run = text.size();
    text += "k=" + b64 + "\n";
    for (int i = 0; i < 10; ++i) text += Line(30);
    DecodedView v;
    REQUIRE(v.Build(text));
    const Span run = v.decoded_runs().at(0);
    const auto w = v.MatchWindows(o);
    REQUIRE(w.size() == 1);
    CHECK_FALSE(w[0].cut_begin);
    CHECK_FALSE(w[0].cut_end);
    CHECK(w[0].span.begin + o.before <= run.begin);
    CHECK(w[0].span.end >= run.end + o.after);
    CHECK(v.text()[w[0].span.begin - 1] == '\n');
    CHECK(v.text()[w[0].span.end - 1] == '\n');
    // 100 bytes before the run reach into the fourth line above it.
    CHECK(w[0].span.begin == line_of_run - 4 * 31);
    CHECK(w[0].span.end == line_of_run + 2 + 8 + 1 + 31);
  }
  SUBCASE("a run far from its line's start on a short line: the window holds the whole line") {
    const std::string text = Line(5) + "key: " + std::string(150, ' ') + b64 + "\n" + Line(5);
    DecodedView v;
    REQUIRE(v.Build(text));
    const auto w = v.MatchWindows(o);
    REQUIRE(w.size() == 1);
    CHECK(w[0].span.begin == 6);  // the run's line, from its start
    CHECK_FALSE(w[0].cut_begin);
  }
  SUBCASE("a long line is cut at the margins") {
    const std::string text = std::string(1000, 'x') + " " + b64 + " " + std::string(1000, 'x');
    DecodedView v;
    REQUIRE(v.Build(text));
    const Span run = v.decoded_runs().at(0);
    const auto w = v.MatchWindows(o);
    REQUIRE(w.size() == 1);
    CHECK(w[0].cut_begin);
    CHECK(w[0].cut_end);
    CHECK(w[0].span.begin == run.begin - o.before);
    CHECK(w[0].span.end == run.end + o.after);
  }
  SUBCASE("runs at the blob's start and end") {
    const std::string text = b64 + " " + std::string(1000, 'x') + " " + b64;
    DecodedView v;
    REQUIRE(v.Build(text));
    REQUIRE(v.decoded_runs().size() == 2);
    const auto w = v.MatchWindows(o);
    REQUIRE(w.size() == 2);
    CHECK(w[0].span.begin == 0);
    CHECK_FALSE(w[0].cut_begin);
    CHECK(w[1].span.end == v.text().size());
    CHECK_FALSE(w[1].cut_end);
  }
  SUBCASE("close runs share one window; distant ones do not") {
    const std::string text =
        std::string(500, 'x') + " " + b64 + " " + b64 + " " + std::string(500, 'x') + " " + b64 + " ";
    DecodedView v;
    REQUIRE(v.Build(text));
    REQUIRE(v.decoded_runs().size() == 3);
    const auto w = v.MatchWindows(o);
    REQUIRE(w.size() == 2);
    CHECK(w[0].span.Contains(v.decoded_runs()[0]));
    CHECK(w[0].span.Contains(v.decoded_runs()[1]));
    CHECK(w[1].span.Contains(v.decoded_runs()[2]));
    CHECK(w[0].span.end < w[1].span.begin);
  }
  SUBCASE("a multi-line decoded run lies inside its window") {
    std::string pem = "-----BEGIN X-----\n";
    for (int i = 0; i < 5; ++i) pem += std::string(64, 'Q') + "\n";
    pem += "-----END X-----\n";
    const std::string enc = testing::Base64Encode(pem);
    const std::string text = Line(20) + "tls.key: " + enc + "\n" + Line(20);
    DecodedView v;
    REQUIRE(v.Build(text));
    REQUIRE(v.decoded_runs().size() == 1);
    CHECK(v.text().find(pem) != std::string::npos);
    const auto w = v.MatchWindows(o);
    REQUIRE(w.size() == 1);
    CHECK(w[0].span.Contains(v.decoded_runs()[0]));
    CHECK(w[0].span.begin == 0);
  }
}

}  // namespace
}  // namespace blastradius
