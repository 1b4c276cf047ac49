// MatcherFinder: the matcher over a blob and its decoded views (see
// candidate_finder.h).
#include "scanner/pipeline/candidate_finder.h"

#include <algorithm>
#include <string>
#include <utility>

#include "scanner/decode/decoded_view.h"
#include "scanner/pipeline/decoded_match.h"

namespace blastradius {
namespace {

// Candidates found only in decoded views of `data` (up to `depth` layers),
// with their ranges mapped back to the encoded text of `data`. Where one
// overlaps a candidate of `data` itself, the format-specific one wins; the
// same rule, or two fallbacks, keep the decoded one only when it is a
// different rule or the original is a fallback.
void AddDecodedCandidates(const Matcher& matcher, MatchScratch& scratch, std::string_view data,
                          std::string_view path, int depth, const RuleSet& rules,
                          std::vector<Candidate>* candidates) {
  std::vector<DecodedView> views;
  views.reserve(static_cast<size_t>(std::max(depth, 0)));
  std::string_view layer = data;
  for (int d = 0; d < depth; ++d) {
    DecodedView view;
    if (!view.Build(layer)) break;
    views.push_back(std::move(view));
    layer = views.back().text();
  }
  std::vector<Candidate> found;
  for (size_t d = 0; d < views.size(); ++d) {
    const DecodedView& view = views[d];
    std::vector<Candidate> in_view;  // those touching a decoded run (the rest is in the layer below)
    MatchDecodedView(matcher, scratch, view, &in_view, ViewMatch::kWindows, {}, path);
    for (auto& c : in_view) {
      if (view.WithinDecoded(c.secret)) c.facts["encoded"] = "true";
      c.decoded_secret = std::string(view.text().substr(c.secret.begin, c.secret.size()));
      c.decoded_whole = std::string(view.text().substr(c.whole.begin, c.whole.size()));
      Span secret = c.secret, whole = c.whole;
      for (size_t k = d + 1; k-- > 0;) {
        secret = views[k].ToSource(secret);
        whole = views[k].ToSource(whole);
      }
      c.secret = secret;
      c.whole = Span(std::min(whole.begin, secret.begin), std::max(whole.end, secret.end));
      found.push_back(std::move(c));
    }
  }
  if (found.empty()) return;
  auto generic = [&](const Candidate& c) { return rules.rules()[c.rule].signature->card.generic; };
  for (auto& d : found) {
    bool keep = true;
    for (auto it = candidates->begin(); it != candidates->end();) {
      if (!it->secret.Overlaps(d.secret)) {
        ++it;
        continue;
      }
      const Signature& outer = *rules.rules()[it->rule].signature;
      // A value decoded in place (a URL's percent-encoded password, an
      // escaped quote) is
      // already the decoded credential.
      bool decoded_in_place = !it->decoded_secret.empty() && (generic(d) || it->rule == d.rule);
      // The same rule keeps the original unless the whole value was encoded.
      bool same_rule_kept = it->rule == d.rule && d.facts.count("encoded") == 0;
      // A secret decoded from inside another specific rule's match (the
      // sk_live_ key in an UploadThing token, the password in a Docker Hub
      // auth) is part of that credential: the outer card stays. When the
      // outer value is base64 of user:password, the finding carries the
      // decoded password, at the encoded text.
      bool inside_outer =
          it->rule != d.rule && d.whole.begin >= it->whole.begin && d.whole.end <= it->whole.end;
      if (!generic(*it) && (generic(d) || same_rule_kept || inside_outer || decoded_in_place)) {
        if (inside_outer && !generic(d) && outer.decode == DecodeKind::kBasicAuth &&
            it->decoded_secret.empty() && d.secret.begin >= it->secret.begin &&
            d.secret.end <= it->secret.end) {
          it->decoded_secret = std::move(d.decoded_secret);
          it->decoded_whole = std::move(d.decoded_whole);
          it->facts["encoded"] = "true";
        }
        keep = false;
        break;
      }
      if (decoded_in_place) {
        keep = false;
        break;
      }
      it = candidates->erase(it);
    }
    if (keep) candidates->push_back(std::move(d));
  }
  std::sort(candidates->begin(), candidates->end(),
            [](const Candidate& a, const Candidate& b) { return a.secret.begin < b.secret.begin; });
}

// Values whose text is encoded where they stand carry their decoded form,
// located at the encoded text:
//   * clients percent-decode a URL's user information (RFC 3986 3.2.1), so
//     the credential in postgres://app:p%40ss@db is "p@ss";
//   * a double-quoted string's escapes (YAML, JSON, most languages) are the
//     parser's: password: "pa\"ss" holds pa"ss.
// Done before the decoded views, which decode whole tokens and strings (and
// so break a URL's syntax when its password holds '@', '/' or '?').
void DecodeInPlace(std::string_view data, std::vector<Candidate>* candidates) {
  for (Candidate& c : *candidates) {
    if (!c.decoded_secret.empty() || c.secret.begin == 0 || c.secret.end >= data.size()) continue;
    std::string_view secret = data.substr(c.secret.begin, c.secret.size());
    std::string decoded;
    if (secret.find('\\') != std::string_view::npos && data[c.secret.begin - 1] == '"') {
      if (!DecodeEscapes(secret, &decoded)) continue;
    } else if (secret.find('%') != std::string_view::npos && data[c.secret.end] == '@' &&
               data[c.secret.begin - 1] == ':') {
      // user:password@ right after a scheme's "//".
      size_t line = data.rfind('\n', c.secret.begin);
      size_t from = line == std::string_view::npos ? 0 : line + 1;
      size_t slashes = data.substr(from, c.secret.begin - from).rfind("//");
      if (slashes == std::string_view::npos) continue;
      std::string_view user = data.substr(from + slashes + 2, c.secret.begin - 1 - (from + slashes + 2));
      if (user.find_first_of("/@ \t") != std::string_view::npos) continue;
      if (!DecodePercent(secret, &decoded)) continue;
    } else {
      continue;
    }
    c.decoded_secret = std::move(decoded);
    c.facts["encoded"] = "true";
  }
}

class MatcherScratch final : public FinderScratch {
 public:
  explicit MatcherScratch(const RuleSet& rules) : scratch(rules) {}
  const Status& status() const override { return scratch.status(); }
  MatchScratch scratch;
};

// Moves the disagreements of the last scans with `scratch` to *out.
void TakeDisagreements(MatchScratch& scratch, bool decoded_view, std::vector<FinderDisagreement>* out) {
  for (const EngineDisagreement& e : scratch.TakeDisagreements())
    out->push_back(FinderDisagreement{e.rule, e.end, decoded_view});
}

}  // namespace

MatcherFinder::MatcherFinder(const RuleSet& rules, int max_decode_depth)
    : rules_(rules), matcher_(rules), max_decode_depth_(max_decode_depth) {}

const DamageModel& MatcherFinder::damage_model() const { return rules_.db().damage_model(); }

std::unique_ptr<FinderScratch> MatcherFinder::NewScratch() const {
  return std::make_unique<MatcherScratch>(rules_);
}

Status MatcherFinder::Find(std::string_view data, std::string_view path, FinderScratch& scratch,
                           std::vector<Candidate>* out,
                           std::vector<FinderDisagreement>* disagreements) const {
  MatchScratch& sc = static_cast<MatcherScratch&>(scratch).scratch;
  Status s = matcher_.Scan(data, sc, out, path);
  TakeDisagreements(sc, false, disagreements);
  if (max_decode_depth_ > 0) {
    DecodeInPlace(data, out);
    AddDecodedCandidates(matcher_, sc, data, path, max_decode_depth_, rules_, out);
    TakeDisagreements(sc, true, disagreements);
  }
  return s;
}

}  // namespace blastradius
