#include "scanner/match/matcher.h"

#include <algorithm>
#include <cstring>

#include "scanner/core/ascii.h"
#include "scanner/match/fly_macaroon.h"
#include "scanner/match/k8s_secret.h"
#include "scanner/match/validators.h"

namespace blastradius {
namespace {

int OnEvent(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
            void* ctx) {
  auto* events = static_cast<std::vector<std::pair<uint32_t, uint64_t>>*>(ctx);
  events->emplace_back(id, to);
  return events->size() >= Matcher::kMaxEvents ? 1 : 0;  // non-zero stops the scan
}

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

size_t Offset(std::string_view data, const re2::StringPiece& p) {
  return static_cast<size_t>(p.data() - data.data());
}

// The longest range capture() locates matches in. Its NFA walks the range
// up to the match at about 60 cycles a byte on a wide pattern (plus a few
// thousand to start), where forward()'s DFA, once warm, takes a few: a
// gate hit's line is short, a prefilter rule's whole blob is not.
constexpr size_t kCaptureMaxRange = 512;

// Forward search of one rule over [begin, end) of data, with context: each
// match is the leftmost-first one from `pos` on. In a range of at most
// kCaptureMaxRange bytes RE2 first says whether there is one (forward(),
// its DFA stopping at the earliest match), then where it is and where its
// secret is (capture(), see there). In a longer range, and always for the
// reference (FindRawReference), forward() answers both at once.
void ForwardAll(const CompiledRule& rule, uint32_t index, std::string_view data, size_t begin, size_t end,
                std::vector<RawMatch>* out, bool reference = false) {
  re2::StringPiece groups[2];
  size_t pos = begin;
  while (pos <= end) {
    if (reference || end - pos > kCaptureMaxRange) {
      if (!rule.forward().Match(Piece(data), pos, end, RE2::UNANCHORED, groups, 2)) break;
    } else if (!rule.forward().Match(Piece(data), pos, end, RE2::UNANCHORED, nullptr, 0) ||
               !rule.capture().Match(Piece(data), pos, end, RE2::UNANCHORED, groups, 2)) {
      break;
    }
    size_t mb = Offset(data, groups[0]);
    size_t me = mb + groups[0].size();
    if (groups[1].data() != nullptr && !groups[1].empty()) {
      size_t sb = Offset(data, groups[1]);
      out->push_back({index, Span(mb, me), Span(sb, sb + groups[1].size())});
    }
    pos = me > mb ? me : me + 1;
  }
}

void SortRaw(std::vector<RawMatch>* v) {
  std::sort(v->begin(), v->end(), [](const RawMatch& a, const RawMatch& b) {
    if (a.secret.begin != b.secret.begin) return a.secret.begin < b.secret.begin;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.whole.begin < b.whole.begin;
  });
}

bool KeywordNear(std::string_view data, Span secret, const std::vector<std::string>& keywords) {
  size_t from = secret.begin > 256 ? secret.begin - 256 : 0;
  const std::string window = AsciiLower(data.substr(from, secret.end - from));
  for (const auto& k : keywords) {
    if (window.find(k) != std::string::npos) return true;
  }
  return false;
}

// A path-searched rule that cannot match in this blob whatever its text:
// Kubernetes Secret entries exist only where a Secret is declared
// (MayHoldK8sSecret). FindRaw and the reference skip such rules alike.
bool RuledOutByContent(const CompiledRule& r, std::string_view data) {
  return r.signature->decode == DecodeKind::kK8sSecretData && !MayHoldK8sSecret(data);
}

}  // namespace

MatchScratch::MatchScratch(const RuleSet& rules) {
  hs_error_t rc = rules.prototype_scratch() ? hs_clone_scratch(rules.prototype_scratch(), &scratch_)
                                            : hs_alloc_scratch(rules.database(), &scratch_);
  if (rc != HS_SUCCESS) {
    scratch_ = nullptr;
    status_ = Status::Internal("cannot allocate Vectorscan scratch space (Vectorscan returned " +
                               std::to_string(rc) + (rc == HS_NOMEM ? ": out of memory)" : ")"));
  }
  events_.reserve(4096);
}

MatchScratch::~MatchScratch() {
  if (scratch_) hs_free_scratch(scratch_);
}

Status Matcher::FindRaw(std::string_view data, MatchScratch& scratch, std::vector<RawMatch>* out,
                        std::optional<std::string_view> path) const {
  out->clear();
  std::vector<std::pair<uint32_t, uint64_t>>& events = scratch.events_;
  events.clear();
  Status status;
  if (!scratch.status_.ok()) return scratch.status_;
  if (data.size() > UINT32_MAX) return Status::InvalidArgument("blob larger than 4 GiB");
  hs_error_t rc = hs_scan(rules_.database(), data.data(), static_cast<unsigned>(data.size()), 0,
                          scratch.scratch_, OnEvent, &events);
  if (rc == HS_SCAN_TERMINATED) {
    status = Status::Corrupt("too many candidate matches; rest of file not scanned");
  } else if (rc != HS_SUCCESS) {
    return Status::Internal("Vectorscan scan failed with code " + std::to_string(rc));
  }
  // Path-limited rules are not in the database: each one that applies to
  // the blob's path is searched over the whole blob.
  for (uint32_t index : rules_.path_searched_rules()) {
    const CompiledRule& r = rules_.rules()[index];
    if (path && !r.AppliesToPath(*path)) continue;
    if (RuledOutByContent(r, data)) continue;
    ForwardAll(r, index, data, 0, data.size(), out);
  }
  if (events.empty()) {
    SortRaw(out);
    return status;
  }

  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  const auto& rules = rules_.rules();
  re2::StringPiece groups[2];
  // Walk each rule's events from the last end backwards.
  size_t i = events.size();
  while (i > 0) {
    uint32_t rule = events[i - 1].first;
    size_t first = i;
    while (first > 0 && events[first - 1].first == rule) --first;
    const CompiledRule& r = rules[rule];
    if (r.prefilter) {
      ForwardAll(r, rule, data, 0, data.size(), out);
      i = first;
      continue;
    }
    if (r.gated) {
      // The events are the gate's hits. A match holds one, so it lies within
      // the pattern's width (r.window) of that hit's end; when the pattern
      // cannot match a line feed (r.line_local()), also on the line of the
      // hit's last byte, so the window is cut to that line (line bounds
      // looked up once per line). Overlapping windows are merged (on one
      // line, for a line-local rule), so every match lies inside one, and a
      // forward search of each (with the whole blob as context for ^, $ and
      // \b) finds what a search of the whole blob would: no match starts in
      // a gap between windows.
      size_t line_begin = 0, line_end = data.size();  // the whole blob unless line-local
      bool have_line = false;
      for (size_t k = first; k < i;) {
        const size_t end = std::min(static_cast<size_t>(events[k].second), data.size());
        if (r.line_local() && (!have_line || end > line_end + 1)) {
          const size_t last = end > 0 ? end - 1 : 0;  // the hit's last byte
          const void* before = last > 0 ? memrchr(data.data(), '\n', last) : nullptr;
          line_begin = before ? static_cast<size_t>(static_cast<const char*>(before) - data.data()) + 1 : 0;
          const void* after = std::memchr(data.data() + last, '\n', data.size() - last);
          line_end = after ? static_cast<size_t>(static_cast<const char*>(after) - data.data()) : data.size();
          have_line = true;
        }
        const size_t begin = std::max(line_begin, end > r.window ? end - r.window : 0);
        size_t stop = std::min(line_end, end + r.window);
        for (++k; k < i; ++k) {
          const size_t next = static_cast<size_t>(events[k].second);
          // A window apart, or (line-local) its last byte on a later line.
          if (next > line_end || (next > r.window ? next - r.window : 0) > stop) break;
          stop = std::min(line_end, next + r.window);
        }
        ForwardAll(r, rule, data, begin, stop, out);
      }
      i = first;
      continue;
    }
    // Exact rules: each event is a match's end. The windows reaching back
    // from the events are merged into regions (as for gated rules), and in
    // each region every event is confirmed by the end-anchored pattern from
    // the last one backwards, each confirmed match covering the events that
    // end inside it. The end-anchored match is the leftmost one ending at
    // its event, so when an event ends inside another's match (two curl
    // commands on one line, the first one's "curl" within reach of the
    // second's password), the matches overlap and the covered events'
    // secrets (the first password) would be lost: such a region is searched
    // forward instead, which finds what a search of the whole blob finds.
    // Disagreements are counted either way.
    for (size_t k = first; k < i;) {
      const size_t region_first = k;
      size_t region_end = static_cast<size_t>(events[k].second);
      const size_t region_begin = region_end > r.window ? region_end - r.window : 0;
      for (++k; k < i; ++k) {
        size_t next = static_cast<size_t>(events[k].second);
        if ((next > r.window ? next - r.window : 0) > region_end) break;
        region_end = next;
      }
      const size_t emitted = out->size();
      bool overlapped = false;
      size_t covered_from = SIZE_MAX;  // start of the last confirmed match
      for (size_t e = k; e > region_first; --e) {
        size_t end = static_cast<size_t>(events[e - 1].second);
        if (covered_from != SIZE_MAX && end > covered_from) {
          overlapped = true;
          continue;
        }
        size_t begin = end > r.window ? end - r.window : 0;
        // Text ends at `end` so that \z anchors there; bytes before `begin`
        // remain visible as context for \b and ^.
        if (end > data.size() ||
            !r.end_anchored().Match(Piece(data.substr(0, end)), begin, end, RE2::UNANCHORED, groups, 2)) {
          // Vectorscan's exact match ends here and RE2 finds none: the engines
          // disagree (counted, reported with -v and in the JSON stats).
          scratch.disagreements_.push_back({rule, events[e - 1].second});
          continue;
        }
        size_t mb = Offset(data, groups[0]);
        covered_from = mb;
        if (groups[1].data() == nullptr || groups[1].empty()) continue;
        size_t sb = Offset(data, groups[1]);
        out->push_back({rule, Span(mb, end), Span(sb, sb + groups[1].size())});
      }
      if (overlapped) {
        out->resize(emitted);
        ForwardAll(r, rule, data, region_begin, std::min(region_end, data.size()), out);
      }
    }
    i = first;
  }
  SortRaw(out);
  return status;
}

void Matcher::Validate(std::string_view data, const std::vector<RawMatch>& raw,
                       std::vector<Candidate>* out) const {
  const auto& rules = rules_.rules();
  const auto& documented = rules_.db().documented_examples();
  std::vector<Candidate> kept;
  std::optional<std::vector<K8sSecretBlock>> k8s_blocks;  // computed at the first entry
  for (const RawMatch& m : raw) {
    const Signature& sig = *rules[m.rule].signature;
    std::string_view secret = data.substr(m.secret.begin, m.secret.size());
    if (!sig.keywords.empty() && !KeywordNear(data, m.secret, sig.keywords)) continue;
    // A Kubernetes Secret's base64 of a stock password (or of user:stock)
    // is the workload's weak credential, not a documentation value: such an
    // entry is judged after decoding, below.
    const bool placeholder = IsPlaceholder(secret, documented);
    if (placeholder && sig.decode != DecodeKind::kK8sSecretData) continue;
    if (sig.min_entropy > 0 && ShannonEntropy(secret) < MinEntropyFor(secret, sig.min_entropy)) continue;
    Candidate c{m.rule, m.whole, m.secret, Confidence::kHigh, {}, {}, {}};
    if (IsStockPassword(secret)) c.facts["weak_password"] = "common";
    if (sig.decode == DecodeKind::kUrlUserinfo) {
      // The URL's scheme and user say what it logs in to and as whom (the
      // pipeline's account stage classifies them; informative only).
      std::string scheme, user;
      if (UrlUserinfo(data.substr(m.whole.begin, m.whole.size()), &scheme, &user)) {
        c.facts["url_scheme"] = scheme;
        c.facts["url_user"] = user;
      }
    } else if (sig.decode == DecodeKind::kK8sSecretData) {
      if (!k8s_blocks) k8s_blocks = FindK8sSecretBlocks(data);
      if (!K8sSecretEntry(data, *k8s_blocks, m.whole.begin, secret, &c.facts, &c.decoded_secret)) continue;
      // A data value's text is base64 where it stands: the finding carries
      // the credential itself, as for other values encoded in place.
      if (!c.decoded_secret.empty()) c.facts["encoded"] = "true";
      if (placeholder) {
        // Kept, at info, only when the decoded text is a stock password,
        // alone or after "user:" (admin:password).
        const std::string_view plain = c.decoded_secret;
        const size_t colon = plain.find(':');
        const std::string_view password = colon == std::string_view::npos ? plain : plain.substr(colon + 1);
        if (password.empty() || !IsStockPassword(password) || IsPlaceholder(password, documented)) continue;
        c.facts["weak_password"] = "common";
      }
      c.kept_for_decoded_value = c.facts.count("weak_password") > 0;
    } else if (sig.decode != DecodeKind::kNone) {
      bool ok = sig.decode == DecodeKind::kJwt            ? DecodeJwt(secret, &c.facts)
                : sig.decode == DecodeKind::kPypiMacaroon ? DecodePypiMacaroon(secret, &c.facts)
                : sig.decode == DecodeKind::kFlyMacaroon  ? DecodeFlyMacaroon(secret, &c.facts)
                                                          : DecodeBasicAuth(secret, &c.facts);
      // Fly.io caveats only inform the score: an undecodable value stays,
      // permission-blind (worst case shown).
      if (!ok && sig.decode != DecodeKind::kFlyMacaroon) continue;
      bool meets = true;
      for (const auto& [k, v] : sig.decode_require) {
        auto it = c.facts.find(k);
        if (it == c.facts.end() || it->second != v) meets = false;
      }
      if (!meets) continue;
    }
    if (sig.checksum == ChecksumKind::kCrc32Base62 && !Crc32Base62Valid(secret)) {
      c.confidence = Confidence::kLow;
      c.facts["checksum"] = "invalid";
    } else if (sig.checksum == ChecksumKind::kCrc32Base62) {
      c.facts["checksum"] = "valid";
    } else if (sig.card.generic) {
      c.confidence = Confidence::kLow;
    } else if (sig.card.context_required) {
      c.confidence = Confidence::kMedium;
    }
    kept.push_back(std::move(c));
  }
  // Overlap resolution: clusters of candidates whose secrets overlap.
  std::sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) {
    return a.secret.begin != b.secret.begin ? a.secret.begin < b.secret.begin : a.secret.end < b.secret.end;
  });
  auto better = [&](const Candidate& a, const Candidate& b) {
    const RuleCard& x = rules[a.rule].signature->card;
    const RuleCard& y = rules[b.rule].signature->card;
    if (x.generic != y.generic) return !x.generic;
    // Among fallbacks, one that decoded the value (a JWT's claims) says more;
    // a URL's scheme and user are not a decoded value.
    auto decoded = [&](const Candidate& c) {
      return !c.facts.empty() && rules[c.rule].signature->decode != DecodeKind::kUrlUserinfo;
    };
    if (x.generic && decoded(a) != decoded(b)) return decoded(a);
    if (a.whole.size() != b.whole.size()) return a.whole.size() > b.whole.size();
    if (x.base_blast_radius != y.base_blast_radius) return x.base_blast_radius > y.base_blast_radius;
    return x.id < y.id;
  };
  size_t k = 0;
  while (k < kept.size()) {
    size_t best = k, cluster_end = kept[k].secret.end, j = k + 1;
    while (j < kept.size() && kept[j].secret.begin < cluster_end) {
      if (better(kept[j], kept[best])) best = j;
      cluster_end = std::max(cluster_end, kept[j].secret.end);
      ++j;
    }
    out->push_back(std::move(kept[best]));
    k = j;
  }
}

Status Matcher::Scan(std::string_view data, MatchScratch& scratch, std::vector<Candidate>* out,
                     std::optional<std::string_view> path) const {
  out->clear();
  std::vector<RawMatch> raw;
  Status s = FindRaw(data, scratch, &raw, path);
  if (!raw.empty()) Validate(data, raw, out);
  return s;
}

std::vector<RawMatch> FindRawReference(const RuleSet& rules, std::string_view data) {
  std::vector<RawMatch> out;
  for (size_t i = 0; i < rules.rules().size(); ++i) {
    const CompiledRule& r = rules.rules()[i];
    if (RuledOutByContent(r, data)) continue;
    ForwardAll(r, static_cast<uint32_t>(i), data, 0, data.size(), &out, /*reference=*/true);
  }
  SortRaw(&out);
  return out;
}

}  // namespace blastradius
