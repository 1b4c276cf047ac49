// Span: a half-open [begin, end) byte range into one blob.
#ifndef BLASTRADIUS_CORE_SPAN_H_
#define BLASTRADIUS_CORE_SPAN_H_

#include <cassert>
#include <cstddef>

namespace blastradius {

struct Span {
  size_t begin = 0;
  size_t end = 0;

  Span() = default;
  Span(size_t b, size_t e) : begin(b), end(e) { assert(b <= e); }
  size_t size() const { return end - begin; }
  bool Overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
  bool Contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_SPAN_H_
