// Finding: one credential (rule + secret) and every place it was seen. This
// is the record every report writer consumes. A Finding never holds the
// secret in clear unless the user asked for it (--show-secrets).
#ifndef BLASTRADIUS_CORE_FINDING_H_
#define BLASTRADIUS_CORE_FINDING_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scanner/core/rule_card.h"

namespace blastradius {

// Where a copy of the secret lives, as seen by git and by coding agents.
enum class Exposure {
  kFile,       // outside any git repository
  kTracked,    // committed / in the index
  kUntracked,  // in a work tree, not ignored, not tracked
  kIgnored,    // matched by .gitignore (e.g. .env): invisible to git, visible to agents
  kStaged,     // staged content (scan --staged)
  kHistory,    // in git history (scan --diff, scan --history)
  // scan --history: in git history only, no longer at HEAD nor in the work
  // tree; still readable by every clone (`git log -p`), so still exposed.
  kHistoryOnly,
};
const char* ExposureName(Exposure e);

enum class Confidence { kLow = 0, kMedium, kHigh };
const char* ConfidenceName(Confidence c);

struct Location {
  // Relative to its scan root, '/' separators, while the pipeline scans and
  // scores; in the scan's results, under its root (`root` + "/" + path)
  // when the scan had several, so that two roots holding the same relative
  // path give two locations.
  std::string path;
  std::string root;         // Blob::root: the root as given when there were several, else ""
  uint32_t line = 0;        // 1-based
  uint32_t column = 0;      // 1-based, in bytes
  uint32_t end_line = 0;    // 1-based
  uint32_t end_column = 0;  // 1-based, one past the last byte
  // The same columns in Unicode code points (SARIF's declared columnKind),
  // computed from the scanned bytes; 0 = unknown.
  uint32_t code_point_column = 0;
  uint32_t end_code_point_column = 0;
  Exposure exposure = Exposure::kFile;
  std::string key_name;     // variable/key the value is assigned to, if known
  std::string environment;  // production|staging|development|test, if known
  uint64_t offset = 0;      // byte offset of the secret in its file
  // GitHub code scanning's primaryLocationLineHash of this line, computed
  // from the scanned content (the staged or committed blob in git modes),
  // never re-read from disk by a writer. See core/line_hash.h.
  std::string line_hash;
  // Git provenance (scan --history, --diff): the commit that introduced the
  // secret at this path (the earliest one), its author and date (ISO 8601),
  // and the blob the secret was read from. Empty for work-tree files.
  std::string commit;
  std::string author;
  std::string date;
  std::string blob;
  bool at_head = false;        // --history: the secret is still at this path at HEAD
  bool removed_later = false;  // --diff: a later commit of the range removed it
  uint64_t history_order = 0;  // position of `commit` oldest first (internal)
  // Agent exposure (scanner/agents): set by the post-scan stage of a
  // file-system scan. `agents` can read the file; `agents_advisory` is the
  // subset whose exclusion is advisory (an index ignore); `agents_excluded`
  // are kept out by their own rules. `agent_context`: the file is loaded into
  // an agent's context by design (CLAUDE.md, AGENTS.md, MCP configs...).
  bool agents_assessed = false;
  std::vector<std::string> agents;
  std::vector<std::string> agents_advisory;
  std::vector<std::string> agents_excluded;
  bool agent_context = false;
};

// `root` + "/" + `path` ("" root: the path alone): a location's file, told
// apart from the same relative path under another root. For the pipeline's
// stages; in the scan's results `path` already is this.
std::string RootedPath(const Location& l);

// One reason for the score. Damage factors add `effect` to the blast
// radius; confidence factors (axis "confidence") add it to the confidence
// score.
struct Factor {
  std::string name;
  double effect = 0;
  std::string evidence;
  std::string axis = "damage";  // "damage" or "confidence"
};

struct Finding {
  const RuleCard* rule = nullptr;  // owned by the signature database
  std::string fingerprint;         // "br1:" + hex; content based, no secret
  std::string secret_redacted;     // short prefix/suffix only
  std::string secret;              // clear text; empty unless --show-secrets
  // Damage axis: what the credential can do here (base damage from the card
  // plus the damage factors). Not clamped at 10; severity reads it clamped.
  double blast_radius = 0;
  // Confidence axis: how likely this is a live, usable credential (0-1),
  // from the match kind and the likelihood factors.
  double confidence_score = 0;
  Severity severity = Severity::kInfo;
  Confidence confidence = Confidence::kHigh;
  std::vector<Factor> factors;
  std::map<std::string, std::string> facts;  // decoded facts (JWT role...)
  std::vector<Location> locations;           // sorted by path, line
  // Notes the reports show next to the finding ("permissions unknown: worst
  // case shown", "expired on 2017-03-01", "secret not found in the scanned
  // files").
  std::vector<std::string> notes;
};

struct ScanError {
  std::string path;
  std::string message;
};

struct ScanStats {
  std::vector<std::string> roots;
  uint64_t files_scanned = 0;
  uint64_t files_skipped = 0;  // binary + too large + excluded explicitly
  uint64_t files_binary = 0;
  uint64_t files_too_large = 0;
  uint64_t bytes_scanned = 0;
  uint64_t duration_ms = 0;
  std::vector<ScanError> errors;  // unreadable files and directories
  // The policy files this scan applied, as given or found ("" = none), so
  // that every report says what suppressed or re-ranked its findings.
  std::string config;
  std::string baseline;
  // scan --history: what the history walk covered.
  bool history = false;
  bool history_partial = false;  // shallow clone: older commits are not there
  uint64_t commits_scanned = 0;
  uint64_t blobs_distinct = 0;  // distinct blob ids read (each scanned once)
  uint64_t submodules_skipped = 0;
  uint64_t objects_missing = 0;
  // Exact Vectorscan matches RE2 did not confirm (EngineDisagreement): never
  // expected; each may be a missed credential. Named per file with -v.
  uint64_t engine_disagreements = 0;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_FINDING_H_
