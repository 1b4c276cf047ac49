// DecodedView: what each kind of encoded text becomes in the view, where its
// runs map back to, and the match windows around the runs (their edges,
// line extension, cuts inside long lines, merging); the byte-class index
// the view's tokenizer uses, against byte-at-a-time answers; and the view
// against its first, byte-at-a-time implementation on generated blobs.
#include "scanner/decode/decoded_view.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include <doctest/doctest.h>

#include <bit>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "scanner/decode/byte_classes.h"
#include "tests/testutil/base64.h"
#include "tests/unit/decoded_view_reference.h"

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

// Bytes for the class-index tests: every class, and runs long enough to
// cross 64-byte blocks.
std::string RandomClassText(std::mt19937& rng, size_t size) {
  static constexpr std::string_view kAlphabet = "aZ09+/-_=\"%\\ \n(){};,'`<>[]&?:.\x80\xff";
  static constexpr std::string_view kBase64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
  std::string out;
  while (out.size() < size) {
    const unsigned pick = rng() % 10;
    if (pick < 2) {
      out.append(rng() % 90 + 1, static_cast<char>("Aa9_/"[rng() % 5]));
    } else if (pick < 3) {
      for (size_t k = rng() % 20 + 1; k > 0; --k) out.push_back(kBase64[rng() % kBase64.size()]);
    } else if (pick < 4) {
      out.push_back(static_cast<char>(rng() % 256));
    } else {
      out.push_back(kAlphabet[rng() % kAlphabet.size()]);
    }
  }
  out.resize(size);
  return out;
}

#if defined(__x86_64__)
// Whether the upper halves of the YMM registers are in use (XINUSE bit 2,
// read by XGETBV with ECX=1); nullopt when the CPU cannot say.
std::optional<bool> UpperYmmDirty() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(0xD, 1, &eax, &ebx, &ecx, &edx) || !(eax & (1u << 2))) return std::nullopt;
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
  return (lo & (1u << 2)) != 0;
}

TEST_CASE("the AVX2 path leaves the vector registers' upper halves clean") {
  // Left dirty, every SSE instruction the process runs afterwards waits on a
  // merge with them: the whole scan ran about a third slower.
  if (!ClassifyPathAvailable(ClassifyPath::kAvx2) || !UpperYmmDirty()) {
    MESSAGE("AVX2 or XGETBV(1) not available: not checked on this machine");
    return;
  }
  const std::string text = "token=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=" + std::string(200, 'x');
  for (size_t w = 0; w <= text.size() / 64; ++w) {
    const BlockMasks masks = ClassifyBlockWith(ClassifyPath::kAvx2, text, w);
    const std::optional<bool> dirty = UpperYmmDirty();
    CHECK(masks.masks[kBase64Byte] != 0);
    CHECK(dirty == false);
  }
}
#endif

TEST_CASE("ClassifyBlock equals the byte-at-a-time definition for every byte value and blob length") {
  std::mt19937 rng(7);
  std::string all(256, '\0');
  for (int c = 0; c < 256; ++c) all[static_cast<size_t>(c)] = static_cast<char>(c);
  std::vector<ClassifyPath> paths;
  for (ClassifyPath path : {ClassifyPath::kTable, ClassifyPath::kSse2, ClassifyPath::kAvx2}) {
    if (ClassifyPathAvailable(path)) paths.push_back(path);
  }
  MESSAGE("fast paths checked on this machine: " << paths.size());
  for (size_t w = 0; w < 5; ++w) {
    const BlockMasks want = ClassifyBlockWith(ClassifyPath::kScalar, all, w);
    CHECK(ClassifyBlock(all, w) == want);
    for (ClassifyPath path : paths) CHECK(ClassifyBlockWith(path, all, w) == want);
  }
  size_t runs = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::string text = RandomClassText(rng, rng() % 300);
    for (size_t w = 0; w <= text.size() / 64; ++w) {
      INFO("round " << round << " block " << w);
      const BlockMasks want = ClassifyBlockWith(ClassifyPath::kScalar, text, w);
      REQUIRE(ClassifyBlock(text, w) == want);
      for (ClassifyPath path : paths) REQUIRE(ClassifyBlockWith(path, text, w) == want);
      runs += static_cast<size_t>(std::popcount(want.decodable_runs));
    }
  }
  CHECK(runs > 500);  // the texts reach the run rule
  // The table's classes, spelled out.
  CHECK(IsOfClass('_', kBase64Byte));
  CHECK(IsOfClass('-', kBase64Byte));
  CHECK_FALSE(IsOfClass('=', kBase64Byte));
  CHECK(IsOfClass('=', kTokenByte));
  CHECK(IsOfClass('%', kTokenByte));
  CHECK(IsOfClass('\\', kTokenByte));
  CHECK(IsOfClass('C', kBase64LeadByte));
  CHECK(IsOfClass('f', kBase64LeadByte));
  CHECK_FALSE(IsOfClass('E', kBase64LeadByte));
  CHECK_FALSE(IsOfClass('g', kBase64LeadByte));
  for (char c : std::string_view(" \"'`<>()[]{},;\t\n\x7f\x80")) {
    CAPTURE(static_cast<int>(static_cast<unsigned char>(c)));
    CHECK_FALSE(IsOfClass(static_cast<unsigned char>(c), kTokenByte));
  }
}

TEST_CASE("ByteClassIndex answers as a byte-at-a-time search does") {
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    const std::string text = RandomClassText(rng, rng() % 400);
    const size_t n = text.size();
    auto of = [&](size_t i, unsigned classes) {
      for (unsigned c = 0; c < kByteClassCount; ++c) {
        if ((classes & (1u << c)) &&
            IsOfClass(static_cast<unsigned char>(text[i]), static_cast<ByteClass>(c)))
          return true;
      }
      return false;
    };
    ByteClassIndex index(text);
    for (int q = 0; q < 40; ++q) {
      size_t a = rng() % (n + 1), b = rng() % (n + 1);
      if (a > b) std::swap(a, b);
      const unsigned classes = rng() % (1u << kByteClassCount);
      const auto c = static_cast<ByteClass>(rng() % kByteClassCount);
      INFO("round " << round << " [" << a << ", " << b << ") classes " << classes << " class " << c);
      size_t next = a;
      while (next < b && !of(next, classes)) ++next;
      CHECK(index.Next(classes, a, b) == next);
      size_t next_not = a;
      while (next_not < b && of(next_not, ClassBit(c))) ++next_not;
      CHECK(index.NextNot(c, a, b) == next_not);
      size_t last = b;
      for (size_t k = b; k > a; --k) {
        if (of(k - 1, classes)) {
          last = k - 1;
          break;
        }
      }
      CHECK(index.Last(classes, b, a) == last);
      size_t start = b;
      while (start > a && of(start - 1, ClassBit(c))) --start;
      CHECK(index.RunStart(c, b, a) == start);
      // A run start with 8 base64 bytes, leads at 0 and 4, and a lead or
      // '=' at 8, all inside [a, b).
      auto decodable = [&](size_t p) {
        if (p + 9 > b || (p > 0 && of(p - 1, ClassBit(kBase64Byte)))) return false;
        for (size_t k = p; k < p + 8; ++k) {
          if (!of(k, ClassBit(kBase64Byte))) return false;
        }
        return of(p, ClassBit(kBase64LeadByte)) && of(p + 4, ClassBit(kBase64LeadByte)) &&
               (of(p + 8, ClassBit(kBase64LeadByte)) || text[p + 8] == '=');
      };
      size_t run = a;
      while (run < b && !decodable(run)) ++run;
      CHECK(index.NextDecodableRun(a, b) == run);
      CHECK(index.NextMarkOrDecodableRun(classes, a, b) == std::min(next, run));
    }
  }
}

// Blobs of the kinds of text the view decodes and the kinds it must leave:
// base64 of printable and of binary data, identifiers, escaped strings,
// URLs with percent encoding, and stray bytes, at random block offsets.
std::string RandomViewText(std::mt19937& rng, size_t fragments) {
  auto word = [&](size_t len) {
    std::string w;
    for (size_t k = 0; k < len; ++k) {
      const unsigned r = rng() % 64;
      w.push_back(r < 26   ? static_cast<char>('a' + r)
                  : r < 52 ? static_cast<char>('A' + r - 26)
                           : static_cast<char>('0' + (r - 52) % 10));
    }
    return w;
  };
  auto printable = [&](size_t len) {
    std::string w;
    for (size_t k = 0; k < len; ++k) w.push_back(static_cast<char>(0x20 + rng() % 95));
    return w;
  };
  std::string out;
  for (size_t f = 0; f < fragments; ++f) {
    switch (rng() % 17) {
      case 0:
      case 1:
        out += word(rng() % 20 + 1);
        break;
      case 2: {
        // Printable text, now and then with tabs and line breaks (a PEM
        // key's base64): a decoded group may start with any of them.
        std::string text = printable(rng() % 40 + 4);
        if (rng() % 2 == 0) {
          for (size_t k = rng() % 4 + 1; k > 0; --k) text[rng() % text.size()] = "\t\n\r"[rng() % 3];
        }
        std::string b64 = testing::Base64Encode(text);
        if (rng() % 3 == 0) {
          while (!b64.empty() && b64.back() == '=') b64.pop_back();
        }
        if (rng() % 4 == 0) {
          for (char& ch : b64) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
        }
        out += b64;
        break;
      }
      case 3: {
        std::string bytes;
        for (size_t k = rng() % 30 + 6; k > 0; --k) bytes.push_back(static_cast<char>(rng() % 256));
        out += testing::Base64Encode(bytes);
        break;
      }
      case 4:
        out += "\"" + word(rng() % 6) + "\\\"" + word(rng() % 12) + "\\\"\"";
        break;
      case 5:
        out += std::string_view("\\/\\\\\\u0041\\x4a\\n\\d\\u00e9\\'").substr(rng() % 20, rng() % 8);
        break;
      case 6:
        out += "https://" + word(rng() % 8 + 1) + ".example/p?q=" + word(rng() % 6) + "%2F%41" +
               (rng() % 2 ? "%zz" : "") + "&x=%3D" + word(rng() % 4);
        break;
      case 7:
        out += "%4" + word(rng() % 3) + "%";
        break;
      case 8:
        out.push_back(static_cast<char>(rng() % 256));
        break;
      case 9:
        out.append(rng() % 150 + 1, static_cast<char>("AQz9+"[rng() % 5]));
        break;
      case 10:
        out += std::string(" \n\r\t\"'(){}[]<>,;=:.&?/\\%`").substr(rng() % 26, rng() % 3 + 1);
        break;
      case 11:
        out += "={}" + std::string(rng() % 3, '=');
        break;
      case 12:
        out += "\"" + printable(rng() % 30) + "\"";
        break;
      case 13:
        out += "Authorization: Basic " + testing::Base64Encode(word(6) + ":" + word(10)) + "\n";
        break;
      case 14:
        out += "\"{\\\"key\\\": \\\"" + testing::Base64Encode(printable(12)) + "\\\"}\"";
        break;
      case 15: {
        // Now and then, an escaped string near the walk's limit
        // (kMaxQuoted, 4096), else a short one, sometimes with a byte
        // escapes cannot hold (or a tab or CR, which they can).
        static constexpr char kOdd[] = {'\x00', '\x01', '\t', '\r', '\x1f', '\x7f', '\x80', '\xff'};
        const bool long_string = rng() % 8 == 0;
        if (!long_string && rng() % 2 == 0) {
          out += "\n";
          break;
        }
        std::string body = printable(long_string ? 4070 + rng() % 40 : 1 + rng() % 40);
        for (char& ch : body) ch = ch == '"' || ch == '\\' ? 'q' : ch;
        body[rng() % body.size()] = '\\';
        if (rng() % 3 == 0) body[rng() % body.size()] = kOdd[rng() % sizeof(kOdd)];
        out += "\"" + body + "\\\"x\"";
        break;
      }
      default:
        out += "\n";
        break;
    }
  }
  return out;
}

// The byte-at-a-time definition of LastUnprintable.
size_t LastUnprintableByByte(const std::string& s, size_t begin, size_t end, size_t none) {
  for (size_t k = end; k > begin; --k) {
    const unsigned char c = static_cast<unsigned char>(s[k - 1]);
    if (!((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r')) return k - 1;
  }
  return none;
}

TEST_CASE("LastUnprintable equals its byte-at-a-time definition") {
  // Every byte value at every position of printable buffers up to three
  // words long, over every range, next to a neighbour of every kind (the
  // word test's carries and borrows cross bytes).
  for (size_t len = 1; len <= 24; ++len) {
    for (unsigned odd = 0; odd < 256; ++odd) {
      for (size_t at = 0; at < len; ++at) {
        for (const char neighbour : {'a', '\t', '\x00', '\xff', '~'}) {
          std::string s(len, 'x');
          if (at + 1 < len) s[at + 1] = neighbour;
          s[at] = static_cast<char>(odd);
          for (size_t begin = 0; begin <= len; begin += 3) {
            INFO("len " << len << " byte " << odd << " at " << at << " begin " << begin);
            REQUIRE(LastUnprintable(s.data(), begin, len, 99) == LastUnprintableByByte(s, begin, len, 99));
          }
        }
      }
    }
  }
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 80, ' ');
    for (char& c : s)
      c = rng() % 16 == 0 ? static_cast<char>(rng() % 256) : static_cast<char>(0x20 + rng() % 95);
    const size_t begin = s.empty() ? 0 : rng() % s.size();
    const size_t end = begin + (s.size() == begin ? 0 : rng() % (s.size() - begin + 1));
    REQUIRE(LastUnprintable(s.data(), begin, end, 7) == LastUnprintableByByte(s, begin, end, 7));
  }
  CHECK(LastUnprintable("ab\x01"
                        "cdefghijk",
                        0, 12, 0) == 2);
  CHECK(LastUnprintable("abc\tdef\r\n", 0, 9, 42) == 42);
}

TEST_CASE("DecodedView::Build equals its byte-at-a-time reference on generated blobs") {
  std::mt19937 rng(2026);
  size_t built = 0, runs = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string text = RandomViewText(rng, rng() % 120 + 1);
    const testing::ReferenceView want = testing::BuildReferenceView(text);
    DecodedView view;
    const bool got = view.Build(text);
    INFO("round " << round << " text: " << text);
    REQUIRE(got == want.built);
    if (!got) continue;
    ++built;
    runs += want.runs.size();
    REQUIRE(view.text() == want.text);
    REQUIRE(view.decoded_runs() == want.runs);
    for (const auto& piece : want.pieces) {
      const Span source = view.ToSource(piece.view);
      CHECK(source.begin == piece.source.begin);
      CHECK(source.end == piece.source.end);
    }
  }
  // The generator reaches the decoders.
  CHECK(built > 1000);
  CHECK(runs > 5000);
}

}  // namespace
}  // namespace blastradius
