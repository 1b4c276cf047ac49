// The finding sink and the merge of every worker's hits (see finding_sink.h).
#include "scanner/pipeline/finding_sink.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "scanner/core/line_hash.h"
#include "scanner/core/secret_hash.h"
#include "scanner/pipeline/scan.h"
#include "scanner/score/scorer.h"

namespace blastradius {
namespace {

// The key of a run that has none (ScanOptions::fingerprint_key empty): made
// when the first finding needs it (seeding the random generator costs more
// than scanning a small file).
const std::string& ProcessFingerprintKey() {
  static const std::string key = RandomBytes(32);
  return key;
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

}  // namespace

std::string SinkBlob::LineHash(uint32_t line) {
  if (!line_hashes_wanted_) return std::string();
  if (line_hashes_.empty()) {
    uint32_t last = 1, column = 0;
    for (const auto& c : candidates_) {
      uint32_t l = 0;
      lines_.Position(c.secret.begin, &l, &column);
      last = std::max(last, l);
    }
    line_hashes_ = PrimaryLocationLineHashes(blob_.data, last);
  }
  return line >= 1 && line <= line_hashes_.size() ? line_hashes_[line - 1] : std::string();
}

void FindingSink::Confirmed(std::string_view secret, std::string_view encoded) {
  if (show_secrets_) return;
  secrets_.emplace(secret);
  if (!encoded.empty()) secrets_.emplace(encoded);
}

void FindingSink::Emit(SinkBlob& sink_blob, const RuleCard& card, std::string_view secret, Candidate&& c,
                       const Context& ctx, Location loc) {
  const Blob& blob = sink_blob.blob();
  Hit hit;
  hit.fp = Fingerprint(card.id, secret);
  hit.digest = Fingerprint("", secret);
  hit.card = &card;
  hit.secret = std::string(secret);
  hit.confidence = c.confidence;
  hit.facts = std::move(c.facts);
  loc.path = blob.path;
  loc.root = blob.root;
  loc.exposure = blob.exposure;
  loc.offset = c.secret.begin;
  loc.key_name = ctx.key_name;
  loc.line_hash = sink_blob.LineHash(loc.line);
  loc.environment = ctx.environment.empty() ? std::string(EnvironmentFromPath(blob.path)) : ctx.environment;
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
  hits_.push_back(std::move(hit));
}

uint64_t FindingSink::TakeNewHits() {
  uint64_t n = hits_.size() > hits_reported_ ? hits_.size() - hits_reported_ : 0;
  hits_reported_ = hits_.size();
  return n;
}

std::vector<Finding> MergeHits(std::vector<Hit> hits, const std::string& fingerprint_key, bool show_secrets) {
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
      f.fingerprint = KeyedFingerprint(fingerprint_key.empty() ? ProcessFingerprintKey() : fingerprint_key,
                                       h.card->id, h.secret);
      f.secret_redacted = Redact(h.secret);
      if (show_secrets) f.secret = h.secret;
      f.confidence = h.confidence;
      f.facts = std::move(h.facts);
    }
    std::move(h.locations.begin(), h.locations.end(), std::back_inserter(f.locations));
  }
  hits.clear();

  FoldFallbacksIntoSpecific(same_secret, &by_fingerprint);
  std::vector<Finding> findings;
  for (auto& [fp, f] : by_fingerprint) findings.push_back(std::move(f));
  return findings;
}

}  // namespace blastradius
