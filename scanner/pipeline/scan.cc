#include "scanner/pipeline/scan.h"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "scanner/context/context_worker.h"
#include "scanner/context/generic_filter.h"
#include "scanner/context/language.h"
#include "scanner/context/line_reader.h"
#include "scanner/core/line_index.h"
#include "scanner/core/secret_hash.h"
#include "scanner/git/added_lines.h"
#include "scanner/match/provider_index.h"
#include "scanner/pipeline/candidate_finder.h"
#include "scanner/pipeline/finding_sink.h"
#include "scanner/pipeline/history_fold.h"
#include "scanner/policy/baseline.h"
#include "scanner/policy/candidate_filter.h"
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

// An HTTP credential (a header's token, a URL's user information): its
// request's host, not a key name, names its provider.
bool IsHttpCredential(const RuleCard& card) {
  return card.id.rfind("http.", 0) == 0 || card.id.rfind("urlcred.", 0) == 0;
}

// A value only a fallback rule matched takes a provider's card when its key
// names one (HEROKU_API_KEY: exactly; JEKYLL_GITHUB_TOKEN: by provider name)
// or, for HTTP credentials, when the request goes to a known API host. An
// unknown host is kept as a fact, so the report can name it.
void AnchorToProvider(const ProviderIndex& providers, HostsNearCredentials& hosts,
                      const std::deque<CompiledRule>& rules, const Context& ctx, Candidate* c,
                      const RuleCard** card) {
  const RuleCard& r = **card;
  const bool http = IsHttpCredential(r);
  if (!r.generic && !http) return;
  ProviderMatch m;
  if (!http) m = providers.ForKey(ctx.key_name);
  std::string host;
  if (m.rule < 0 && http) m = hosts.Find(c->whole, &host);
  if (m.rule >= 0) {
    c->rule = static_cast<uint32_t>(m.rule);
    c->confidence = Confidence::kLow;  // the value itself does not have the provider's format
    c->facts["anchored_by"] = m.why;
    *card = &rules[c->rule].signature->card;
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
  const bool http = IsHttpCredential(card);
  if (!card.generic || http || ctx.key_name.empty()) return;
  std::string account = model.ClassifyKeyAccount(ctx.key_name);
  if (!account.empty()) {
    c->facts["account"] = account;
    c->facts["account_key"] = ctx.key_name;
  }
}

// A blob as messages name it: under its root when the scan has several.
std::string BlobName(const Blob& b) {
  if (b.root.empty()) return b.path;
  return b.root.back() == '/' ? b.root + b.path : b.root + "/" + b.path;
}

// What one worker gathers during the walk; merged once after it.
struct Gathered {
  explicit Gathered(bool show_secrets) : sink(show_secrets) {}
  FindingSink sink;   // hits and the secrets to scrub
  FilterTally tally;  // suppression counts, baseline keys seen
  uint64_t disagreements = 0;
};

}  // namespace

Status Scan(ContentSource& source, const RuleSet& rules, const ScanOptions& options, Diagnostics& diag,
            ScanResult* result) {
  MatcherFinder finder(rules, options.max_decode_depth);
  return Scan(source, finder, options, diag, result);
}

Status Scan(ContentSource& source, const CandidateFinder& finder, const ScanOptions& options,
            Diagnostics& diag, ScanResult* result) {
  auto started = std::chrono::steady_clock::now();
  const std::deque<CompiledRule>& rules = finder.rules();
  tbb::enumerable_thread_specific<std::unique_ptr<FinderScratch>> scratch(
      [&] { return finder.NewScratch(); });
  std::unique_ptr<tbb::enumerable_thread_specific<ContextWorker>> workers;
  if (options.languages) {
    workers = std::make_unique<tbb::enumerable_thread_specific<ContextWorker>>(
        [&] { return ContextWorker(*options.languages, ContextOptions{}); });
  }
  const CandidateFilterChain filters(FilterPolicy{
      .allow_markers = options.allow_markers, .baseline = options.baseline, .seen = options.seen});
  // Each worker gathers into its own Gathered (no lock on the per-candidate
  // work); they are merged once, in a deterministic order, after the walk.
  tbb::enumerable_thread_specific<Gathered> gathered([&] { return Gathered(options.show_secrets); });
  SourceCounters counters;

  // Every worker's scratch is allocated like this one: a failure stops the
  // scan before it starts instead of failing each file.
  if (Status s = scratch.local()->status(); !s.ok()) return s;

  auto visit = [&](const Blob& source_blob) {
    // Source: the blob, as UTF-8.
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

    // Match: candidates of the text and of its decoded views; engine
    // disagreements are counted and named with -v.
    std::vector<Candidate> candidates;
    std::vector<FinderDisagreement> disagreements;
    Status s = finder.Find(blob.data, blob.path, *scratch.local(), &candidates, &disagreements);
    if (!s.ok()) diag.Error(BlobName(blob), s.message());
    g.disagreements += disagreements.size();
    for (const FinderDisagreement& e : disagreements)
      diag.Debug(
          BlobName(blob),
          fmt::format("engine disagreement: Vectorscan matched {} ending at byte {}{}, RE2 did "
                      "not confirm it",
                      rules[e.rule].signature->card.id, e.end, e.decoded_view ? " of a decoded view" : ""));
    // Rules limited to some paths.
    std::erase_if(candidates, [&](const Candidate& c) { return !rules[c.rule].AppliesToPath(blob.path); });
    if (candidates.empty()) return;

    // Context: key name, comment, environment of each candidate.
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
    auto generic = [&](const Candidate& c) { return rules[c.rule].signature->card.generic; };
    auto context_unused = [&](const Candidate& c) {
      std::string_view value = c.decoded_secret.empty() ? blob.data.substr(c.secret.begin, c.secret.size())
                                                        : std::string_view(c.decoded_secret);
      return generic(c) &&
             GenericDroppedByValue(blob.path, value, TakesWordPasswords(rules[c.rule].signature->card));
    };
    bool needs_tree = workers && std::any_of(candidates.begin(), candidates.end(), generic) &&
                      !std::all_of(candidates.begin(), candidates.end(), context_unused);
    if (needs_tree) {
      workers->local().Annotate(blob.path, blob.data, spans, &contexts);
    } else {
      LineContextReader line_reader(LineFormatFor(blob.path), blob.data);
      for (const Span& span : spans) {
        contexts.emplace_back();
        line_reader.Read(span, &contexts.back());
      }
    }
    LineIndex lines(blob.data);
    CodePointColumnCursor code_point_columns(lines, blob.data);
    std::optional<HostsNearCredentials> hosts;
    if (options.providers) hosts.emplace(*options.providers, blob.data);
    const FilterBlob filter_blob(blob.data, lines, blob.added_lines, blob.head_text);
    SinkBlob sink_blob(blob, lines, candidates, options.line_hashes);
    for (size_t i = 0; i < candidates.size(); ++i) {
      Candidate& c = candidates[i];
      const Context& ctx = contexts[i];
      const RuleCard* cardp = &rules[c.rule].signature->card;
      std::string_view encoded = blob.data.substr(c.secret.begin, c.secret.size());
      std::string_view secret = c.decoded_secret.empty() ? encoded : std::string_view(c.decoded_secret);
      // Generic filter: a fallback's value in its context.
      // A structural rule's value sits inside its match (user:password@host),
      // so the quote that makes it a literal stands before the whole match.
      auto quote_before = [&](size_t at) {
        return at > 0 && (blob.data[at - 1] == '"' || blob.data[at - 1] == '\'' || blob.data[at - 1] == '`');
      };
      bool quoted = !c.decoded_secret.empty() || quote_before(c.secret.begin) ||
                    (cardp->structural && quote_before(c.whole.begin));
      if (workers && cardp->generic && !c.kept_for_decoded_value &&
          !KeepGenericCandidate(blob.path, secret, ctx, quoted, KeyRuleFor(*cardp),
                                TakesWordPasswords(*cardp)))
        continue;
      // Anchor: a fallback's provider, by key name or API host; account.
      if (options.providers) AnchorToProvider(*options.providers, *hosts, rules, ctx, &c, &cardp);
      const RuleCard& card = *cardp;
      ClassifyAccount(finder.damage_model(), card, ctx, &c);
      g.sink.Confirmed(secret, c.decoded_secret.empty() ? std::string_view() : encoded);
      // Location, then the policy's filters, then the sink.
      Location loc;
      lines.Position(c.secret.begin, &loc.line, &loc.column);
      lines.Position(c.secret.end, &loc.end_line, &loc.end_column);
      loc.code_point_column = code_point_columns.Column(c.secret.begin);
      loc.end_code_point_column = code_point_columns.Column(c.secret.end);
      FilterCandidate fc{
          .span = c.secret, .line = loc.line, .end_line = loc.end_line, .rule_id = card.id, .secret = secret};
      if (filters.Drop(filter_blob, fc, &g.tally)) continue;
      g.sink.Emit(sink_blob, card, secret, std::move(c), ctx, std::move(loc));
    }
    // Progress only: locations gathered so far (merged into findings after the walk).
    if (options.findings_so_far) {
      if (uint64_t n = g.sink.TakeNewHits()) options.findings_so_far->fetch_add(n, std::memory_order_relaxed);
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
    std::move(g.sink.hits().begin(), g.sink.hits().end(), std::back_inserter(hits));
    secrets.merge(g.sink.secrets());
    if (options.seen)
      for (auto& k : g.tally.seen_keys) options.seen->Add(std::move(k));
    by_marker += g.tally.by_marker;
    by_baseline += g.tally.by_baseline;
    disagreements += g.disagreements;
  }
  result->findings = MergeHits(std::move(hits), options.fingerprint_key, options.show_secrets);
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
