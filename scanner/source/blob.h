// Blob and ContentSource: the one interface every input sits behind. A
// source (file system today; git index and history next) produces blobs
// with their provenance and calls a visitor for each, possibly from several
// threads at once.
#ifndef BLASTRADIUS_SOURCE_BLOB_H_
#define BLASTRADIUS_SOURCE_BLOB_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/finding.h"
#include "scanner/core/status.h"

namespace blastradius {

class AddedLines;  // scanner/git/added_lines.h

// Where a history blob was seen: one path in one commit (the earliest commit
// that put this blob at this path).
struct BlobOrigin {
  std::string path;
  std::string commit;
  std::string author;
  std::string date;            // author date, ISO 8601
  uint64_t order = 0;          // commit position, oldest first
  bool at_head = false;        // HEAD has this very blob at this path
  bool removed_later = false;  // --diff: the range's last commit no longer has it
};

struct Blob {
  std::string_view data;  // valid only during the visitor call
  std::string path;       // display path relative to its root, '/' separators
  // The root `path` is relative to, as shown, when the scan has several
  // (`scan a b`: "a", "b"); "" when there is one or the source has none.
  std::string root;
  Exposure exposure = Exposure::kFile;
  std::string commit;  // history blobs: the commit that introduced it
  // Diff sources (scan --staged, --diff): the lines the change added; a
  // secret outside them is not reported. nullptr = every line counts.
  const AddedLines* added_lines = nullptr;
  // History sources: the blob's object id and every (path, commit) it was
  // found at; the blob is scanned once and each origin gets a location.
  // nullptr for other sources.
  std::string blob_id;
  const std::vector<BlobOrigin>* origins = nullptr;
  // scan --diff, commit by commit: the range's last version of this path
  // ("" when it was deleted). A secret still in it is left to the net diff
  // of the range; one no longer in it was removed later in the range.
  const std::string* head_text = nullptr;
};

// Counters a source updates while it runs (shared by all its threads).
struct SourceCounters {
  std::atomic<uint64_t> files_scanned{0};
  std::atomic<uint64_t> bytes_scanned{0};
  std::atomic<uint64_t> files_binary{0};
  std::atomic<uint64_t> files_too_large{0};
  std::atomic<uint64_t> submodules_skipped{0};
  std::atomic<uint64_t> objects_missing{0};
  std::atomic<uint64_t> commits_scanned{0};
  std::atomic<uint64_t> blobs_distinct{0};
  std::atomic<bool> history{false};
  std::atomic<bool> history_partial{false};
};

using BlobVisitor = std::function<void(const Blob&)>;

class Diagnostics;

class ContentSource {
 public:
  virtual ~ContentSource() = default;
  // Calls `visit` once per text blob, concurrently from worker threads.
  // Per-input problems go to `diag`; a non-OK status means the source could
  // not run at all.
  virtual Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) = 0;
  // Optional: starts work that needs nothing from the rest of the scan (a
  // git child process) so that it overlaps with loading the signatures.
  // Called at most once, before Run(); its failures surface in Run().
  virtual void Prefetch() {}
};

// Binary sniffing: a NUL byte in the first 8 KiB, or a known binary extension.
// UTF-16 text with a byte order mark is text (NUL code units are not).
bool LooksBinary(std::string_view head);

// When `data` starts with a UTF-16 byte order mark (FF FE little-endian,
// FE FF big-endian), writes its UTF-8 form without the mark to *out and
// returns true. Unpaired surrogates and a trailing odd byte become U+FFFD,
// so nothing is dropped. Findings in such a blob are reported at the UTF-8
// text's lines and columns (lines are the same; columns count UTF-8 bytes).
bool TranscodeUtf16(std::string_view data, std::string* out);
bool HasBinaryExtension(std::string_view path);

}  // namespace blastradius

#endif  // BLASTRADIUS_SOURCE_BLOB_H_
