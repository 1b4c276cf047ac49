// MatchDecodedView: the matcher's candidates in one decoded view that touch
// a decoded run (the rest of the view is the layer below, already matched).
// Only the view's match windows (DecodedView::MatchWindows) are matched, not
// the whole view text: a JavaScript file whose strings hold a few escapes
// costs a few KiB of matching instead of a second pass over the file.
#ifndef BLASTRADIUS_PIPELINE_DECODED_MATCH_H_
#define BLASTRADIUS_PIPELINE_DECODED_MATCH_H_

#include <optional>
#include <string_view>
#include <vector>

#include "scanner/decode/decoded_view.h"
#include "scanner/match/matcher.h"

namespace blastradius {

enum class ViewMatch {
  kWindows,  // the view's match windows; the whole text when one must
  kWhole,    // the whole view text (the reference the windows must equal)
};

// Appends to *out the candidates of view.text() whose secret touches a
// decoded run, in view offsets, sorted by secret offset as Matcher::Scan
// sorts them. With kWindows, a candidate that reaches within kCutMargin
// bytes of a window edge cut inside a long line (where the window may have
// cut a match short or anchored one) sends the view to a whole-text match,
// so those edges never change a result. `path` is the blob's
// (Matcher::FindRaw).
void MatchDecodedView(const Matcher& matcher, MatchScratch& scratch, const DecodedView& view,
                      std::vector<Candidate>* out, ViewMatch mode = ViewMatch::kWindows,
                      const MatchWindowOptions& options = {},
                      std::optional<std::string_view> path = std::nullopt);

inline constexpr size_t kCutMargin = 64;

}  // namespace blastradius

#endif  // BLASTRADIUS_PIPELINE_DECODED_MATCH_H_
