// MatchDecodedView: matching a decoded view's windows finds exactly what
// matching its whole text finds (the candidates touching a decoded run), with
// the real signatures: a keyword far from the decoded run on the same line, a
// multi-line decoded private key, a netrc entry whose password alone is
// encoded, runs at the blob's start and end, and a window cut inside a long
// line. Too small windows must fail these cases (checked below), so the
// cases test the margins. Credential-shaped values come from a seeded PRNG.
#include "scanner/pipeline/decoded_match.h"

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "scanner/match/prebuilt_db.h"
#include "tests/testutil/base64.h"

namespace blastradius {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) { return testing::Base64Encode(in); }

std::string Random(std::mt19937& rng, size_t n, std::string_view alphabet) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
  return s;
}

struct Engine {
  SignatureDb db;
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<Matcher> matcher;
  std::unique_ptr<MatchScratch> scratch;
  Engine() {
    db.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");
    Status s = db.Finish();
    REQUIRE_MESSAGE(s.ok(), s.message());
    RuleSetOptions options;
    options.cache_dir = DefaultCacheDir();
    options.prebuilt = EmbeddedPatternDatabase();
    s = RuleSet::Compile(db, options, &rules);
    REQUIRE_MESSAGE(s.ok(), s.message());
    matcher = std::make_unique<Matcher>(*rules);
    scratch = std::make_unique<MatchScratch>(*rules);
  }
  std::vector<Candidate> Match(const DecodedView& v, ViewMatch mode, const MatchWindowOptions& o = {}) {
    std::vector<Candidate> out;
    MatchDecodedView(*matcher, *scratch, v, &out, mode, o);
    return out;
  }
  std::string Ids(const std::vector<Candidate>& cs) const {
    std::string s;
    for (const auto& c : cs) s += rules->rules()[c.rule].signature->card.id + " ";
    return s;
  }
};

bool Same(const std::vector<Candidate>& a, const std::vector<Candidate>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].rule != b[i].rule || !(a[i].secret == b[i].secret) || !(a[i].whole == b[i].whole) ||
        a[i].confidence != b[i].confidence || a[i].facts != b[i].facts)
      return false;
  }
  return true;
}

struct Case {
  const char* name;
  std::string text;
  const char* rule;  // expected among the whole-text candidates
  // Windows too small for this case (none: the default margins are not
  // what the case tests): matching them must lose the candidate.
  std::optional<MatchWindowOptions> too_small;
};

MatchWindowOptions Windows(size_t before, size_t max_line) {
  MatchWindowOptions o;
  o.before = before;
  o.after = 16;
  o.max_line = max_line;
  o.merge_gap = 0;
  return o;
}

std::vector<Case> Cases() {
  std::mt19937 rng(20261206);
  const std::string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const std::string hex = "0123456789abcdef";
  std::vector<Case> cases;

  // A service account key on one line: the escaped slashes decode the
  // private key string; its keyword ("private_key_id") is 1,500 bytes of
  // padding before it, beyond the byte margin but on the same short line.
  {
    std::string body;
    for (int i = 0; i < 12; ++i) body += Random(rng, 64, kB64) + "\\n";
    std::string escaped;
    for (char c : body) escaped += c == '/' ? std::string("\\/") : std::string(1, c);
    std::string line = "{\"type\": \"service_account\", \"private_key_id\": \"" + Random(rng, 40, hex) +
                       "\"," + std::string(1500, ' ') + "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" +
                       escaped +
                       "-----END PRIVATE KEY-----\\n\", \"client_email\": \"x@y.iam.gserviceaccount.com\"}\n";
    cases.push_back(
        {"far keyword on the same line", "{\n" + line + "}\n", "gcp.service_account.key", Windows(300, 0)});
  }
  // A Kubernetes Secret whose tls.key is a base64 PEM: the decoded run spans
  // many lines.
  {
    std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n";
    for (int i = 0; i < 4; ++i) pem += Random(rng, 64, kB64) + "\n";
    pem += "-----END RSA PRIVATE KEY-----\n";
    std::string text =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ndata:\n  tls.key: " + Base64(pem) +
        "\n  tls.crt: none\n";
    cases.push_back({"multi-line decoded PEM", text, "privatekey.rsa", std::nullopt});
  }
  // A netrc entry whose password alone holds escapes: the match starts two
  // lines above the decoded run.
  {
    std::string text;
    for (int i = 0; i < 30; ++i) text += "# " + Random(rng, 20, "abcdefgh ") + "\n";
    std::string pw = Random(rng, 6, alnum) + "\\/" + Random(rng, 6, alnum) + "\\/" + Random(rng, 6, alnum);
    text += "machine api.example.com\n  login deploy\n  password " + pw + "\n";
    for (int i = 0; i < 5; ++i) text += "# " + Random(rng, 20, "abcdefgh ") + "\n";
    cases.push_back(
        {"netrc password decoded below its machine line", text, "urlcred.netrc", Windows(16, 4096)});
  }
  // Decoded runs at the very start and the very end of the blob.
  {
    std::string token = Base64("ghp_" + Random(rng, 36, alnum));
    cases.push_back({"decoded run at the blob's start", token + "\n# rest of the file\n",
                     "github.pat.classic", std::nullopt});
    cases.push_back({"decoded run at the blob's end", "# start of the file\nexport T=" + token,
                     "github.pat.classic", std::nullopt});
  }
  return cases;
}

TEST_CASE("MatchDecodedView: windows find what the whole view text finds") {
  Engine e;
  for (const Case& c : Cases()) {
    CAPTURE(c.name);
    DecodedView v;
    REQUIRE(v.Build(c.text));
    const auto whole = e.Match(v, ViewMatch::kWhole);
    const auto windows = e.Match(v, ViewMatch::kWindows);
    CAPTURE(e.Ids(whole));
    CHECK(e.Ids(whole).find(std::string(c.rule) + " ") != std::string::npos);
    CHECK(Same(whole, windows));
    // The margins matter: without the line extension (the far keyword) or
    // with a byte margin that stops on the decoded run's own line (netrc),
    // the windows lose the candidate, and these cases would say so.
    if (c.too_small) CHECK_FALSE(Same(whole, e.Match(v, ViewMatch::kWindows, *c.too_small)));
  }
}

TEST_CASE("MatchDecodedView: a match at a window edge cut inside a long line falls back to the whole text") {
  Engine e;
  std::mt19937 rng(7);
  // TWILIO_AUTH_TOKEN glued to the text before it: no word boundary, so no
  // match in the view. A window cut just before the "T" would see one.
  const std::string prefix = "TWILIO_AUTH_TOKEN" + std::string(13, '_') + "='";
  REQUIRE(prefix.size() == 32);
  const std::string text = std::string(6000, 'x') + prefix + Base64(Random(rng, 32, "0123456789abcdef")) +
                           "'" + std::string(6000, 'x');
  DecodedView v;
  REQUIRE(v.Build(text));
  MatchWindowOptions o;
  o.before = 32;
  o.after = 16;
  o.max_line = 64;
  const auto windows = v.MatchWindows(o);
  REQUIRE(windows.size() == 1);
  REQUIRE(windows[0].cut_begin);
  const std::string_view view = v.text();
  REQUIRE(view.substr(windows[0].span.begin, 6) == "TWILIO");
  // The window alone has the false match...
  std::vector<Candidate> in_window;
  e.matcher->Scan(view.substr(windows[0].span.begin, windows[0].span.size()), *e.scratch, &in_window);
  CHECK(e.Ids(in_window).find("twilio.auth_token ") != std::string::npos);
  // ...which the whole text does not, and the windowed match neither.
  const auto whole = e.Match(v, ViewMatch::kWhole);
  CHECK(e.Ids(whole).find("twilio.auth_token ") == std::string::npos);
  CHECK(Same(whole, e.Match(v, ViewMatch::kWindows, o)));
}

}  // namespace
}  // namespace blastradius
