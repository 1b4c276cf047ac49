#include "scanner/pipeline/decoded_match.h"

#include <string_view>

namespace blastradius {
namespace {

void MatchWhole(const Matcher& matcher, MatchScratch& scratch, const DecodedView& view,
                std::vector<Candidate>* out, std::optional<std::string_view> path) {
  std::vector<Candidate> found;
  matcher.Scan(view.text(), scratch, &found, path);
  for (Candidate& c : found) {
    if (view.TouchesDecoded(c.secret)) out->push_back(std::move(c));
  }
}

}  // namespace

void MatchDecodedView(const Matcher& matcher, MatchScratch& scratch, const DecodedView& view,
                      std::vector<Candidate>* out, ViewMatch mode, const MatchWindowOptions& options,
                      std::optional<std::string_view> path) {
  if (mode == ViewMatch::kWhole) return MatchWhole(matcher, scratch, view, out, path);
  const std::string_view text = view.text();
  const size_t first = out->size();
  std::vector<Candidate> found;
  for (const MatchWindow& w : view.MatchWindows(options)) {
    matcher.Scan(text.substr(w.span.begin, w.span.size()), scratch, &found, path);
    for (Candidate& c : found) {
      c.whole = Span(c.whole.begin + w.span.begin, c.whole.end + w.span.begin);
      c.secret = Span(c.secret.begin + w.span.begin, c.secret.end + w.span.begin);
      if (!view.TouchesDecoded(c.secret)) continue;
      if ((w.cut_begin && c.whole.begin < w.span.begin + kCutMargin) ||
          (w.cut_end && c.whole.end + kCutMargin > w.span.end)) {
        out->resize(first);
        return MatchWhole(matcher, scratch, view, out, path);
      }
      out->push_back(std::move(c));
    }
  }
}

}  // namespace blastradius
