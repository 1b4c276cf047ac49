// DecodedView: a copy of a blob in which encoded text is replaced by what it
// says, so the matcher can find credentials that are stored encoded:
// base64 (Kubernetes Secret data, Docker auth, Basic headers), percent
// encoding (URLs) and string escapes (\/, \", \uXXXX, \xXX). Each decoded
// run remembers where it came from, so a finding in the view is reported at
// the encoded text of the original. Pure functions; no state is shared.
#ifndef BLASTRADIUS_DECODE_DECODED_VIEW_H_
#define BLASTRADIUS_DECODE_DECODED_VIEW_H_

#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/span.h"

namespace blastradius {

// A range of a view's text to match in, for candidates that touch a
// decoded run (see DecodedView::MatchWindows).
struct MatchWindow {
  Span span;
  // The edge falls inside a line (a long one, cut at a byte bound) rather
  // than at a line boundary or the text's end: a match there may be cut off
  // or anchored (^, \b) where the whole text has no match.
  bool cut_begin = false;
  bool cut_end = false;
};

struct MatchWindowOptions {
  // Text kept on each side of a decoded run: a keyword-anchored pattern's
  // keyword, the 256 bytes the matcher searches for keywords before a
  // secret, the quotes and separators after it.
  size_t before = 1024;
  size_t after = 256;
  // Each edge then moves out to its line's boundary when that adds at most
  // this many bytes (whole lines, so ^, $ and \b see real line ends);
  // otherwise it stays where it is (a cut edge).
  size_t max_line = 4096;
  // Windows closer than this are merged into one.
  size_t merge_gap = 256;
};

class DecodedView {
 public:
  // Builds the view of `data` (one decoding level). Returns false, leaving
  // the view empty, when nothing in `data` decodes to printable text. Blobs
  // over `max_bytes` are not decoded.
  bool Build(std::string_view data, size_t max_bytes = 4u << 20);

  const std::string& text() const { return text_; }
  // The decoded runs, as ranges of text().
  const std::vector<Span>& decoded_runs() const { return decoded_; }
  // True if `view_range` overlaps a decoded run.
  bool TouchesDecoded(Span view_range) const;
  // True if `view_range` lies inside one decoded run (the whole value was
  // encoded, as in <Pass encoding="base64">).
  bool WithinDecoded(Span view_range) const;
  // The range of the source (the `data` given to Build) that `view_range`
  // came from: a decoded run maps to its whole encoded text.
  Span ToSource(Span view_range) const;
  // Disjoint ranges of text(), in order, that hold each decoded run with
  // the text around it (MatchWindowOptions): matching only these finds
  // every candidate touching a decoded run whose match lies within the
  // margins, without matching the rest of the view (the blob's own text,
  // already matched).
  std::vector<MatchWindow> MatchWindows(const MatchWindowOptions& options = {}) const;

 private:
  struct Piece {
    Span view, source;
    bool decoded = false;
  };
  size_t SourceOffset(size_t view_offset, bool is_end) const;
  std::string text_;
  std::vector<Piece> pieces_;  // cover text_ in order
  std::vector<Span> decoded_;
};

// Decoders used by the view; each returns false when the input is not
// encoded that way or does not decode to printable text.
bool DecodePrintableBase64(std::string_view in, std::string* out);
bool DecodePercent(std::string_view in, std::string* out);
bool DecodeEscapes(std::string_view in, std::string* out);

// The last position in [begin, end) of `p` whose byte is not printable
// (ASCII 0x20-0x7e, tab, LF, CR), or `none` when every byte is. The view
// skips decoding escaped strings that hold one.
size_t LastUnprintable(const char* p, size_t begin, size_t end, size_t none);

}  // namespace blastradius

#endif  // BLASTRADIUS_DECODE_DECODED_VIEW_H_
