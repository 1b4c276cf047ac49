// Content that is not in a file tree: blobs held in memory (`rules check`
// runs each signature example through the scan as one) and standard input
// (`scan -`).
#ifndef BLASTRADIUS_SOURCE_MEMORY_SOURCE_H_
#define BLASTRADIUS_SOURCE_MEMORY_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/source/blob.h"

namespace blastradius {

struct MemoryBlob {
  std::string path;  // the reported path (also picks the context layer's language)
  std::string data;
};

// Visits each blob in order, on the calling thread; binary ones (a NUL in
// the first 8 KiB) are counted and skipped, like files.
class MemorySource : public ContentSource {
 public:
  explicit MemorySource(std::vector<MemoryBlob> blobs) : blobs_(std::move(blobs)) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

 private:
  std::vector<MemoryBlob> blobs_;
};

// Reads `fd` (standard input) to its end and scans it as one file named
// `name`. More than `max_size` bytes is an error, as for a file named on the
// command line: the input is not scanned and the scan is partial.
class StdinSource : public ContentSource {
 public:
  StdinSource(std::string name, uint64_t max_size, int fd = 0)
      : name_(std::move(name)), max_size_(max_size), fd_(fd) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

 private:
  std::string name_;
  uint64_t max_size_;
  int fd_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_SOURCE_MEMORY_SOURCE_H_
