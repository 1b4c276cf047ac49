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

#include "scanner/core/finding.h"
#include "scanner/core/status.h"

namespace blastradius {

class AddedLines;  // scanner/git/added_lines.h

struct Blob {
  std::string_view data;  // valid only during the visitor call
  std::string path;       // display path relative to its root, '/' separators
  Exposure exposure = Exposure::kFile;
  std::string commit;  // history blobs: the commit that introduced it
  // Diff sources (scan --staged, --diff): the lines the change added; a
  // secret outside them is not reported. nullptr = every line counts.
  const AddedLines* added_lines = nullptr;
};

// Counters a source updates while it runs (shared by all its threads).
struct SourceCounters {
  std::atomic<uint64_t> files_scanned{0};
  std::atomic<uint64_t> bytes_scanned{0};
  std::atomic<uint64_t> files_binary{0};
  std::atomic<uint64_t> files_too_large{0};
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
};

// Binary sniffing: a NUL byte in the first 8 KiB, or a known binary extension.
bool LooksBinary(std::string_view head);
bool HasBinaryExtension(std::string_view path);

}  // namespace blastradius

#endif  // BLASTRADIUS_SOURCE_BLOB_H_
