#include "scanner/pipeline/scan.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "scanner/context/context_worker.h"
#include "scanner/context/generic_filter.h"
#include "scanner/context/language.h"
#include "scanner/context/line_reader.h"
#include "scanner/core/line_index.h"
#include "scanner/core/secret_hash.h"
#include "scanner/decode/decoded_view.h"
#include "scanner/git/added_lines.h"
#include "scanner/match/matcher.h"
#include "scanner/pipeline/history_fold.h"
#include "scanner/policy/allow_markers.h"
#include "scanner/policy/baseline.h"
#include "scanner/score/pairs.h"
#include "scanner/score/scorer.h"

namespace blastradius {

void SortFindings(std::vector<Finding>* findings) {
  for (auto& f : *findings) {
    std::sort(f.locations.begin(), f.locations.end(), [](const Location& a, const Location& b) {
      if (a.path != b.path) return a.path < b.path;
      if (a.line != b.line) return a.line < b.line;
      return a.column < b.column;
    });
  }
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
    std::vector<Candidate> in_view;
    matcher.Scan(view.text(), scratch, &in_view);
    for (auto& c : in_view) {
      if (!view.TouchesDecoded(c.secret)) continue;  // also in the layer below
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
      // The same rule keeps the original unless the whole value was encoded.
      if (!generic(*it) && (generic(d) || (it->rule == d.rule && d.facts.count("encoded") == 0))) {
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
  std::mutex mu;
  // One finding per (rule, secret); keyed by the fingerprint.
  std::map<std::string, Finding> by_fingerprint;
  SourceCounters counters;
  uint64_t by_marker = 0, by_baseline = 0;  // guarded by mu

  auto visit = [&](const Blob& blob) {
    if (blob.added_lines && blob.added_lines->empty()) return;  // nothing added
    std::vector<Candidate> candidates;
    Status s = matcher.Scan(blob.data, scratch.local(), &candidates);
    if (!s.ok()) diag.Error(blob.path, s.message());
    if (options.max_decode_depth > 0)
      AddDecodedCandidates(matcher, scratch.local(), blob.data, options.max_decode_depth, rules, &candidates);
    if (candidates.empty()) return;
    std::vector<Context> contexts;
    std::vector<Span> spans;
    for (const auto& c : candidates) spans.push_back(c.secret);
    // Parsing is the expensive part of context: only generic candidates need
    // the syntax tree (literal vs comment, the real key); format-specific
    // ones take their key name from the line.
    bool needs_tree = workers && std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) {
                        return rules.rules()[c.rule].signature->card.generic;
                      });
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
    std::lock_guard<std::mutex> lock(mu);
    for (size_t i = 0; i < candidates.size(); ++i) {
      Candidate& c = candidates[i];
      const Context& ctx = contexts[i];
      const RuleCard& card = rules.rules()[c.rule].signature->card;
      std::string_view secret = c.decoded_secret.empty() ? blob.data.substr(c.secret.begin, c.secret.size())
                                                         : std::string_view(c.decoded_secret);
      bool quoted = !c.decoded_secret.empty() ||
                    (c.secret.begin > 0 &&
                     (blob.data[c.secret.begin - 1] == '"' || blob.data[c.secret.begin - 1] == '\'' ||
                      blob.data[c.secret.begin - 1] == '`'));
      if (workers && card.generic && !KeepGenericCandidate(blob.path, secret, ctx, quoted, card.keyed))
        continue;
      Location loc;
      lines.Position(c.secret.begin, &loc.line, &loc.column);
      lines.Position(c.secret.end, &loc.end_line, &loc.end_column);
      // scan --staged / --diff: only what the change added.
      if (blob.added_lines && !blob.added_lines->Intersects(loc.line, loc.end_line)) continue;
      // scan --diff, one commit of the range: what the range still has at
      // its end is the net diff's to report.
      if (blob.head_text &&
          blob.head_text->find(blob.data.substr(c.secret.begin, c.secret.size())) != std::string::npos)
        continue;
      if (options.allow_markers && IsAllowedByMarker(lines, loc.line)) {
        ++by_marker;
        continue;
      }
      if (options.baseline || options.seen) {
        std::string key = BaselineKey(options.seen ? *options.seen : *options.baseline, card.id, secret);
        if (options.seen) options.seen->Add(key);
        if (options.baseline && options.baseline->Contains(key)) {
          ++by_baseline;
          continue;
        }
      }
      std::string fp = Fingerprint(card.id, secret);
      Finding& f = by_fingerprint[fp];
      if (!f.rule) {
        f.rule = &card;
        f.fingerprint = fp;
        f.secret_redacted = Redact(secret);
        if (options.show_secrets) f.secret = std::string(secret);
        f.confidence = c.confidence;
        f.facts = c.facts;
      }
      loc.path = blob.path;
      loc.exposure = blob.exposure;
      loc.offset = c.secret.begin;
      loc.key_name = ctx.key_name;
      loc.environment =
          ctx.environment.empty() ? std::string(EnvironmentFromPath(blob.path)) : ctx.environment;
      loc.commit = blob.commit;
      loc.blob = blob.blob_id;
      if (!blob.origins) {
        f.locations.push_back(std::move(loc));
        continue;
      }
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
        f.locations.push_back(std::move(at));
      }
    }
  };
  Status status = source.Run(visit, counters, diag);
  if (!status.ok()) return status;

  result->findings.clear();
  for (auto& [fp, f] : by_fingerprint) result->findings.push_back(std::move(f));
  MergePairs(&result->findings);
  for (auto& f : result->findings) {
    ScoreFinding(&f, options.now);
    FoldHistoryLocations(&f, counters.history);
  }
  SortFindings(&result->findings);
  result->suppressed_by_marker = by_marker;
  result->suppressed_by_baseline = by_baseline;
  ScanStats& st = result->stats;
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
  st.errors = diag.TakeErrors();
  st.duration_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count());
  return Status::Ok();
}

}  // namespace blastradius
