#include "scanner/pipeline/scan.h"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "scanner/context/context_worker.h"
#include "scanner/context/generic_filter.h"
#include "scanner/context/language.h"
#include "scanner/context/line_reader.h"
#include "scanner/core/line_hash.h"
#include "scanner/core/line_index.h"
#include "scanner/core/secret_hash.h"
#include "scanner/decode/decoded_view.h"
#include "scanner/git/added_lines.h"
#include "scanner/match/matcher.h"
#include "scanner/match/provider_index.h"
#include "scanner/pipeline/decoded_match.h"
#include "scanner/pipeline/history_fold.h"
#include "scanner/policy/allow_markers.h"
#include "scanner/policy/baseline.h"
#include "scanner/score/pairs.h"
#include "scanner/score/scorer.h"

namespace blastradius {
namespace {

// Replaces every occurrence of a known secret in the text fields of the
// findings and errors (key names, paths, environment, factor evidence,
// facts) by its redacted form. A secret can be another one's key
// ({"ghp_...": "xoxb-..."}) or part of a file name; only the dedicated
// `secret` field may hold one in clear (--show-secrets).
class SecretScrubber {
 public:
  explicit SecretScrubber(const std::set<std::string>& secrets) {
    for (const auto& s : secrets) {
      if (s.empty()) continue;
      if (s.size() < kKey)
        short_.push_back(&s);
      else
        by_prefix_[std::string_view(s).substr(0, kKey)].push_back(&s);
    }
    // Longest first, so that a secret containing another is replaced whole.
    for (auto& [k, v] : by_prefix_)
      std::sort(v.begin(), v.end(),
                [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
    std::sort(short_.begin(), short_.end(),
              [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
  }

  void Scrub(std::string* text) const {
    if (text->empty() || (by_prefix_.empty() && short_.empty())) return;
    std::string out;
    bool changed = false;
    size_t i = 0;
    while (i < text->size()) {
      const std::string* hit = Match(*text, i);
      if (hit) {
        out += Redact(*hit);
        i += hit->size();
        changed = true;
      } else {
        out.push_back((*text)[i]);
        ++i;
      }
    }
    if (changed) *text = std::move(out);
  }

 private:
  static constexpr size_t kKey = 4;

  const std::string* Match(const std::string& text, size_t i) const {
    std::string_view rest = std::string_view(text).substr(i);
    if (rest.size() >= kKey) {
      auto it = by_prefix_.find(rest.substr(0, kKey));
      if (it != by_prefix_.end()) {
        for (const std::string* s : it->second) {
          if (rest.substr(0, s->size()) == *s) return s;
        }
      }
    }
    for (const std::string* s : short_) {
      if (rest.substr(0, s->size()) == *s) return s;
    }
    return nullptr;
  }

  std::unordered_map<std::string_view, std::vector<const std::string*>> by_prefix_;
  std::vector<const std::string*> short_;
};

void ScrubSecrets(const std::set<std::string>& secrets, std::vector<Finding>* findings,
                  std::vector<ScanError>* errors) {
  SecretScrubber scrub(secrets);
  for (auto& f : *findings) {
    for (auto& l : f.locations) {
      scrub.Scrub(&l.path);
      scrub.Scrub(&l.root);
      scrub.Scrub(&l.key_name);
      scrub.Scrub(&l.environment);
    }
    for (auto& x : f.factors) scrub.Scrub(&x.evidence);
    for (auto& n : f.notes) scrub.Scrub(&n);
    for (auto& [k, v] : f.facts) scrub.Scrub(&v);
  }
  for (auto& e : *errors) {
    scrub.Scrub(&e.path);
    scrub.Scrub(&e.message);
  }
}

}  // namespace

bool LocationBefore(const Location& a, const Location& b) {
  auto key = [](const Location& l) {
    return std::tie(l.path, l.root, l.line, l.column, l.end_line, l.end_column, l.history_order, l.commit,
                    l.blob, l.offset, l.exposure, l.key_name, l.environment, l.author, l.date);
  };
  return key(a) < key(b);
}

void SortFindings(std::vector<Finding>* findings) {
  for (auto& f : *findings) std::sort(f.locations.begin(), f.locations.end(), LocationBefore);
  // Damage first (unclamped: no ties at a cap), then confidence, then a
  // stable key.
  std::sort(findings->begin(), findings->end(), [](const Finding& a, const Finding& b) {
    if (a.blast_radius != b.blast_radius) return a.blast_radius > b.blast_radius;
    if (a.confidence_score != b.confidence_score) return a.confidence_score > b.confidence_score;
    if (a.rule->id != b.rule->id) return a.rule->id < b.rule->id;
    const Location& la = a.locations.front();
    const Location& lb = b.locations.front();
    if (la.path != lb.path) return la.path < lb.path;
    if (la.line != lb.line) return la.line < lb.line;
    if (la.column != lb.column) return la.column < lb.column;
    return a.fingerprint < b.fingerprint;
  });
}

namespace {

// Candidates found only in decoded views of `data` (up to `depth` layers),
// with their ranges mapped back to the encoded text of `data`. Where one
// overlaps a candidate of `data` itself, the format-specific one wins; the
// same rule, or two fallbacks, keep the decoded one only when it is a
// different rule or the original is a fallback.
void AddDecodedCandidates(const Matcher& matcher, MatchScratch& scratch, std::string_view data, int depth,
                          const RuleSet& rules, std::vector<Candidate>* candidates) {
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
    MatchDecodedView(matcher, scratch, view, &in_view);
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

// A value only a fallback rule matched takes a provider's card when its key
// names one (HEROKU_API_KEY: exactly; JEKYLL_GITHUB_TOKEN: by provider name)
// or, for HTTP credentials, when the request goes to a known API host. An
// unknown host is kept as a fact, so the report can name it.
void AnchorToProvider(const ProviderIndex& providers, const RuleSet& rules, std::string_view data,
                      const Context& ctx, Candidate* c, const RuleCard** card) {
  const RuleCard& r = **card;
  bool http = r.id.rfind("http.", 0) == 0 || r.id.rfind("urlcred.", 0) == 0;
  if (!r.generic && !http) return;
  ProviderMatch m;
  if (!http) m = providers.ForKey(ctx.key_name);
  std::string host;
  if (m.rule < 0 && http) {
    // The value's own line first, then, if it names no host, the request's
    // neighbourhood (two lines each side: curl commands continued with
    // backslashes).
    for (int reach : {0, 2}) {
      size_t b = c->whole.begin, e = c->whole.end;
      for (int n = 0; n <= reach; ++n) {
        size_t nl = b > 0 ? data.rfind('\n', b - 1) : std::string_view::npos;
        b = nl == std::string_view::npos ? 0 : (n == 0 ? nl + 1 : nl);
        size_t ne = data.find('\n', n == 0 ? e : e + 1);
        e = ne == std::string_view::npos ? data.size() : ne;
      }
      m = providers.ForHost(data.substr(b, e - b), &host);
      if (m.rule >= 0 || !host.empty()) break;  // the nearest host decides
    }
  }
  if (m.rule >= 0) {
    c->rule = static_cast<uint32_t>(m.rule);
    c->confidence = Confidence::kLow;  // the value itself does not have the provider's format
    c->facts["anchored_by"] = m.why;
    *card = &rules.rules()[c->rule].signature->card;
  } else if (!host.empty()) {
    c->facts["host"] = host;
  }
}

// The account a credential logs in as, classified by the damage model's
// account table into facts["account"] (the scorer's account factor): a
// URL's scheme and user (facts the matcher read from it), or else the key of
// a value no format claims (MYSQL_ROOT_PASSWORD).
void ClassifyAccount(const DamageModel& model, const RuleCard& card, const Context& ctx, Candidate* c) {
  if (auto scheme = c->facts.find("url_scheme"); scheme != c->facts.end()) {
    std::string account = model.ClassifyUrlAccount(scheme->second, c->facts["url_user"]);
    if (!account.empty()) c->facts["account"] = account;
    return;
  }
  bool http = card.id.rfind("http.", 0) == 0 || card.id.rfind("urlcred.", 0) == 0;
  if (!card.generic || http || ctx.key_name.empty()) return;
  std::string account = model.ClassifyKeyAccount(ctx.key_name);
  if (!account.empty()) {
    c->facts["account"] = account;
    c->facts["account_key"] = ctx.key_name;
  }
}

// The same secret matched by a format-specific rule somewhere and only by a
// fallback elsewhere is one credential: the fallback's locations join the
// most damaging specific finding.
void FoldFallbacksIntoSpecific(const std::map<std::string, std::set<std::string>>& same_secret,
                               std::map<std::string, Finding>* by_fingerprint) {
  for (const auto& [digest, fps] : same_secret) {
    if (fps.size() < 2) continue;
    Finding* best = nullptr;
    for (const auto& fp : fps) {
      Finding& f = by_fingerprint->at(fp);
      if (!f.rule->generic && (!best || f.rule->base_blast_radius > best->rule->base_blast_radius)) best = &f;
    }
    if (!best) continue;
    for (const auto& fp : fps) {
      Finding& f = by_fingerprint->at(fp);
      if (!f.rule->generic || &f == best) continue;
      for (auto& l : f.locations) best->locations.push_back(std::move(l));
      by_fingerprint->erase(fp);
    }
  }
}

// A blob as messages name it: under its root when the scan has several.
std::string BlobName(const Blob& b) {
  if (b.root.empty()) return b.path;
  return b.root.back() == '/' ? b.root + b.path : b.root + "/" + b.path;
}

// One confirmed candidate of one worker, before the merge.
struct Hit {
  std::string fp;      // Fingerprint(rule id, secret): internal, unkeyed
  std::string digest;  // Fingerprint("", secret): the same secret under any rule
  const RuleCard* card = nullptr;
  std::string secret;
  Confidence confidence = Confidence::kHigh;
  std::map<std::string, std::string> facts;
  std::vector<Location> locations;  // one, or one per history origin
};

// What one worker gathers during the walk; merged once after it.
struct Gathered {
  std::vector<Hit> hits;
  std::set<std::string> secrets;       // to scrub from the report's other fields
  std::vector<std::string> seen_keys;  // ScanOptions::seen
  uint64_t by_marker = 0, by_baseline = 0, disagreements = 0;
  size_t hits_reported = 0;  // hits already counted in ScanOptions::findings_so_far
};

// The key of a run that has none (ScanOptions::fingerprint_key empty): made
// when the first finding needs it (seeding the random generator costs more
// than scanning a small file).
const std::string& ProcessFingerprintKey() {
  static const std::string key = RandomBytes(32);
  return key;
}

}  // namespace

Status Scan(ContentSource& source, const RuleSet& rules, const ScanOptions& options, Diagnostics& diag,
            ScanResult* result) {
  auto started = std::chrono::steady_clock::now();
  Matcher matcher(rules);
  tbb::enumerable_thread_specific<MatchScratch> scratch([&] { return MatchScratch(rules); });
  std::unique_ptr<tbb::enumerable_thread_specific<ContextWorker>> workers;
  if (options.languages) {
    workers = std::make_unique<tbb::enumerable_thread_specific<ContextWorker>>(
        [&] { return ContextWorker(*options.languages, ContextOptions{}); });
  }
  // Each worker gathers into its own Gathered (no lock on the per-candidate
  // work); they are merged once, in a deterministic order, after the walk.
  tbb::enumerable_thread_specific<Gathered> gathered;
  SourceCounters counters;

  // Every worker's scratch is allocated like this one: a failure stops the
  // scan before it starts instead of failing each file.
  if (Status s = scratch.local().status(); !s.ok()) return s;

  // Engine disagreements of the last scan with `sc`, named with -v.
  auto disagreements_of = [&](MatchScratch& sc, Gathered& g, const Blob& blob, const char* where) {
    std::vector<EngineDisagreement> d = sc.TakeDisagreements();
    g.disagreements += d.size();
    for (const EngineDisagreement& e : d)
      diag.Debug(BlobName(blob),
                 fmt::format("engine disagreement: Vectorscan matched {} ending at byte {}{}, RE2 did "
                             "not confirm it",
                             rules.rules()[e.rule].signature->card.id, e.end, where));
  };

  auto visit = [&](const Blob& source_blob) {
    if (source_blob.added_lines && source_blob.added_lines->empty()) return;  // nothing added
    // UTF-16 text (with a byte order mark) is scanned as its UTF-8 form.
    std::string utf8;
    std::optional<Blob> transcoded;
    if (TranscodeUtf16(source_blob.data, &utf8)) {
      transcoded.emplace(source_blob);
      transcoded->data = utf8;
    }
    const Blob& blob = transcoded ? *transcoded : source_blob;
    Gathered& g = gathered.local();
    std::vector<Candidate> candidates;
    MatchScratch& local_scratch = scratch.local();
    Status s = matcher.Scan(blob.data, local_scratch, &candidates);
    if (!s.ok()) diag.Error(BlobName(blob), s.message());
    disagreements_of(local_scratch, g, blob, "");
    if (options.max_decode_depth > 0) {
      DecodeInPlace(blob.data, &candidates);
      AddDecodedCandidates(matcher, local_scratch, blob.data, options.max_decode_depth, rules, &candidates);
      disagreements_of(local_scratch, g, blob, " of a decoded view");
    }
    std::erase_if(candidates,
                  [&](const Candidate& c) { return !rules.rules()[c.rule].AppliesToPath(blob.path); });
    if (candidates.empty()) return;
    std::vector<Context> contexts;
    std::vector<Span> spans;
    for (const auto& c : candidates) spans.push_back(c.secret);
    // Parsing is the expensive part of context: only generic candidates need
    // the syntax tree (literal vs comment, the real key); format-specific
    // ones take their key name from the line. A file whose candidates are
    // all generic values dropped whatever their context says (a lock file,
    // a value shaped like a version, a path, an identifier: most generic
    // candidates in source code) is not parsed either: no context of its
    // is ever read. With any other candidate the tree serves them all, as
    // before, so no reported context changes.
    auto generic = [&](const Candidate& c) { return rules.rules()[c.rule].signature->card.generic; };
    auto context_unused = [&](const Candidate& c) {
      std::string_view value = c.decoded_secret.empty() ? blob.data.substr(c.secret.begin, c.secret.size())
                                                        : std::string_view(c.decoded_secret);
      return generic(c) && GenericDroppedByValue(blob.path, value);
    };
    bool needs_tree = workers && std::any_of(candidates.begin(), candidates.end(), generic) &&
                      !std::all_of(candidates.begin(), candidates.end(), context_unused);
    if (needs_tree) {
      workers->local().Annotate(blob.path, blob.data, spans, &contexts);
    } else {
      for (const Span& span : spans) {
        contexts.emplace_back();
        Context& ctx = contexts.back();
        ReadLineContext(LineFormatFor(blob.path), blob.data, span, &ctx);
      }
    }
    LineIndex lines(blob.data);
    // Diff hunks number lines by LF only; a lone CR starts a line only for
    // the reported position.
    std::optional<LineIndex> git_lines;
    if (blob.added_lines && blob.data.find('\r') != std::string_view::npos)
      git_lines.emplace(blob.data, LineIndex::Breaks::kLineFeed);
    // GitHub's line hashes of this blob, up to the last candidate's line:
    // computed here, from the bytes scanned, when a location needs one.
    std::vector<std::string> line_hashes;
    auto line_hash = [&](uint32_t line) -> std::string {
      if (line_hashes.empty()) {
        uint32_t last = 1, column = 0;
        for (const auto& c : candidates) {
          uint32_t l = 0;
          lines.Position(c.secret.begin, &l, &column);
          last = std::max(last, l);
        }
        line_hashes = PrimaryLocationLineHashes(blob.data, last);
      }
      return line >= 1 && line <= line_hashes.size() ? line_hashes[line - 1] : std::string();
    };
    for (size_t i = 0; i < candidates.size(); ++i) {
      Candidate& c = candidates[i];
      const Context& ctx = contexts[i];
      const RuleCard* cardp = &rules.rules()[c.rule].signature->card;
      std::string_view secret = c.decoded_secret.empty() ? blob.data.substr(c.secret.begin, c.secret.size())
                                                         : std::string_view(c.decoded_secret);
      bool quoted = !c.decoded_secret.empty() ||
                    (c.secret.begin > 0 &&
                     (blob.data[c.secret.begin - 1] == '"' || blob.data[c.secret.begin - 1] == '\'' ||
                      blob.data[c.secret.begin - 1] == '`'));
      if (workers && cardp->generic &&
          !KeepGenericCandidate(blob.path, secret, ctx, quoted, KeyRuleFor(*cardp)))
        continue;
      if (options.providers) AnchorToProvider(*options.providers, rules, blob.data, ctx, &c, &cardp);
      const RuleCard& card = *cardp;
      ClassifyAccount(rules.db().damage_model(), card, ctx, &c);
      if (!options.show_secrets) {
        g.secrets.emplace(secret);
        // A decoded secret's encoded form is just as sensitive.
        if (!c.decoded_secret.empty()) g.secrets.emplace(blob.data.substr(c.secret.begin, c.secret.size()));
      }
      Location loc;
      lines.Position(c.secret.begin, &loc.line, &loc.column);
      lines.Position(c.secret.end, &loc.end_line, &loc.end_column);
      loc.code_point_column = lines.CodePointColumn(c.secret.begin);
      loc.end_code_point_column = lines.CodePointColumn(c.secret.end);
      // scan --staged / --diff: only what the change added.
      if (blob.added_lines) {
        uint32_t first = loc.line, last = loc.end_line, column = 0;
        if (git_lines) {
          git_lines->Position(c.secret.begin, &first, &column);
          git_lines->Position(c.secret.end, &last, &column);
        }
        if (!blob.added_lines->Intersects(first, last)) continue;
      }
      // scan --diff, one commit of the range: what the range still has at
      // its end is the net diff's to report.
      if (blob.head_text &&
          blob.head_text->find(blob.data.substr(c.secret.begin, c.secret.size())) != std::string::npos)
        continue;
      if (options.allow_markers && IsAllowedByMarker(lines, loc.line)) {
        ++g.by_marker;
        continue;
      }
      if (options.baseline || options.seen) {
        std::string key = BaselineKey(options.seen ? *options.seen : *options.baseline, card.id, secret);
        if (options.seen) g.seen_keys.push_back(key);
        if (options.baseline && options.baseline->Contains(key)) {
          ++g.by_baseline;
          continue;
        }
      }
      Hit hit;
      hit.fp = Fingerprint(card.id, secret);
      hit.digest = Fingerprint("", secret);
      hit.card = &card;
      hit.secret = std::string(secret);
      hit.confidence = c.confidence;
      hit.facts = c.facts;
      loc.path = blob.path;
      loc.root = blob.root;
      loc.exposure = blob.exposure;
      loc.offset = c.secret.begin;
      loc.key_name = ctx.key_name;
      loc.line_hash = line_hash(loc.line);
      loc.environment =
          ctx.environment.empty() ? std::string(EnvironmentFromPath(blob.path)) : ctx.environment;
      loc.commit = blob.commit;
      loc.blob = blob.blob_id;
      if (!blob.origins) {
        hit.locations.push_back(std::move(loc));
      } else {
        // A history blob is scanned once; every path and commit it was
        // introduced at gets the location.
        for (const BlobOrigin& o : *blob.origins) {
          Location at = loc;
          at.path = o.path;
          at.commit = o.commit;
          at.author = o.author;
          at.date = o.date;
          at.history_order = o.order;
          at.at_head = o.at_head;
          at.removed_later = o.removed_later;
          hit.locations.push_back(std::move(at));
        }
      }
      g.hits.push_back(std::move(hit));
    }
    // Progress only: locations gathered so far (merged into findings after the walk).
    if (options.findings_so_far && g.hits.size() > g.hits_reported) {
      options.findings_so_far->fetch_add(g.hits.size() - g.hits_reported, std::memory_order_relaxed);
      g.hits_reported = g.hits.size();
    }
  };
  Status status = source.Run(visit, counters, diag);
  if (!status.ok()) return status;

  // The merge: every worker's hits in one order that does not depend on
  // which thread saw which blob first.
  std::vector<Hit> hits;
  std::set<std::string> secrets;  // every confirmed secret, reported or suppressed
  uint64_t by_marker = 0, by_baseline = 0, disagreements = 0;
  for (Gathered& g : gathered) {
    std::move(g.hits.begin(), g.hits.end(), std::back_inserter(hits));
    secrets.merge(g.secrets);
    if (options.seen)
      for (auto& k : g.seen_keys) options.seen->Add(std::move(k));
    by_marker += g.by_marker;
    by_baseline += g.by_baseline;
    disagreements += g.disagreements;
  }
  for (Hit& h : hits) std::sort(h.locations.begin(), h.locations.end(), LocationBefore);
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.fp != b.fp) return a.fp < b.fp;
    return std::lexicographical_compare(a.locations.begin(), a.locations.end(), b.locations.begin(),
                                        b.locations.end(), LocationBefore);
  });
  // One finding per (rule, secret); keyed by the internal, unkeyed hash.
  // Its first hit in that order gives the per-finding fields.
  std::map<std::string, Finding> by_fingerprint;
  // Secret digest -> fingerprints of the findings holding it (one per rule).
  std::map<std::string, std::set<std::string>> same_secret;
  for (Hit& h : hits) {
    Finding& f = by_fingerprint[h.fp];
    same_secret[h.digest].insert(h.fp);
    if (!f.rule) {
      f.rule = h.card;
      f.fingerprint = KeyedFingerprint(
          options.fingerprint_key.empty() ? ProcessFingerprintKey() : options.fingerprint_key, h.card->id,
          h.secret);
      f.secret_redacted = Redact(h.secret);
      if (options.show_secrets) f.secret = h.secret;
      f.confidence = h.confidence;
      f.facts = std::move(h.facts);
    }
    std::move(h.locations.begin(), h.locations.end(), std::back_inserter(f.locations));
  }
  hits.clear();

  FoldFallbacksIntoSpecific(same_secret, &by_fingerprint);
  result->findings.clear();
  for (auto& [fp, f] : by_fingerprint) result->findings.push_back(std::move(f));
  MergePairs(&result->findings);
  for (auto& f : result->findings) {
    ScoreFinding(&f, options.now);
    FoldHistoryLocations(&f, counters.history);
    // Scored on root-relative paths (environment, documentation); reported
    // under their root, so `scan a b` names a/x and b/x.
    for (auto& l : f.locations) l.path = RootedPath(l);
  }
  ScanStats& st = result->stats;
  st.errors = diag.TakeErrors();
  if (!options.show_secrets) ScrubSecrets(secrets, &result->findings, &st.errors);
  SortFindings(&result->findings);
  result->suppressed_by_marker = by_marker;
  result->suppressed_by_baseline = by_baseline;
  st.files_scanned = counters.files_scanned;
  st.bytes_scanned = counters.bytes_scanned;
  st.files_binary = counters.files_binary;
  st.files_too_large = counters.files_too_large;
  st.files_skipped = st.files_binary + st.files_too_large;
  st.history = counters.history;
  st.history_partial = counters.history_partial;
  st.commits_scanned = counters.commits_scanned;
  st.blobs_distinct = counters.blobs_distinct;
  st.submodules_skipped = counters.submodules_skipped;
  st.objects_missing = counters.objects_missing;
  st.engine_disagreements = disagreements;
  st.duration_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count());
  return Status::Ok();
}

}  // namespace blastradius
