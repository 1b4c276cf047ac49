// Baseline: the credentials a team has accepted, so that a scan reports only
// new ones. The file holds no secret, no path and no line number:
//
//   {"version": 1, "salt": "<32 hex>", "entries": ["<64 hex>", ...]}
//
// Each entry is HMAC-SHA256(key = the salt's bytes, rule_id "\0" secret) in
// lower-case hex; entries are sorted and unique, so the file only changes
// when the set of accepted credentials does, and moving a secret to another
// line or file does not. The random salt keeps the entries from being
// checked against a guessed secret without the file.
#ifndef BLASTRADIUS_POLICY_BASELINE_H_
#define BLASTRADIUS_POLICY_BASELINE_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "scanner/core/status.h"

namespace blastradius {

class Baseline {
 public:
  // An empty baseline with a new random salt (for --write-baseline).
  static Baseline New();
  // An empty baseline sharing `other`'s salt: collects the keys seen by a
  // scan so that they can be compared with, or replace, `other`.
  static Baseline SameSalt(const Baseline& other);

  // Loads FILE. Errors name the file and the JSON pointer:
  // "b.json: /entries/3: expected 64 lower-case hex digits".
  static Status Load(const std::string& path, Baseline* out);
  static Status Parse(std::string_view json, const std::string& name, Baseline* out);

  std::string Key(std::string_view rule_id, std::string_view secret) const;
  bool Contains(const std::string& key) const { return entries_.count(key) != 0; }
  void Add(std::string key) { entries_.insert(std::move(key)); }

  // Keeps only the entries that are also in `seen` (--baseline-prune);
  // returns how many were removed.
  size_t Prune(const Baseline& seen);

  const std::string& salt() const { return salt_hex_; }
  const std::set<std::string>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

  // The file's text (2-space indented JSON, trailing newline).
  std::string Serialize() const;
  // Writes atomically (temporary file + rename).
  Status Write(const std::string& path) const;

 private:
  std::string salt_hex_;
  std::string salt_bytes_;
  std::set<std::string> entries_;
};

// HMAC-SHA256(salt, rule_id "\0" secret) as 64 lower-case hex digits.
std::string BaselineKey(const Baseline& baseline, std::string_view rule_id, std::string_view secret);

// The baseline options of one scan: --baseline FILE (filter), --write-baseline
// FILE (record every candidate, write a new file; it keeps the salt of
// --baseline when both are given, else that of the baseline FILE already
// holds) and --baseline-prune (rewrite --baseline keeping only the entries
// this scan still found; only after a complete scan of the whole tree, which
// the caller vouches for with `complete`).
class BaselineSession {
 public:
  Status Start(const std::string& baseline_path, const std::string& write_path, bool prune);
  // For ScanOptions::baseline and ScanOptions::seen (null when unused).
  const Baseline* filter() const { return loaded_ ? &*loaded_ : nullptr; }
  Baseline* seen() { return seen_ ? &*seen_ : nullptr; }
  // After the scan: writes the file(s); `note` gets a one-line summary for
  // stderr ("" when nothing was written). With --baseline-prune and
  // `complete` false nothing is written and an error is returned.
  Status Finish(bool complete, std::string* note);

 private:
  std::string baseline_path_, write_path_;
  bool prune_ = false;
  std::optional<Baseline> loaded_, seen_;
  std::string replaced_note_;  // --write-baseline over a file that was not a baseline
};

}  // namespace blastradius

#endif  // BLASTRADIUS_POLICY_BASELINE_H_
