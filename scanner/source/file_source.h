// FileSystemSource: the files an agent could read under some roots, read
// in parallel (oneTBB work stealing over directories and file batches).
// Gitignored and hidden files are included; .git/ and the default
// dependency caches are skipped; symlinks are never followed; FIFOs,
// sockets and devices are never opened for reading.
#ifndef BLASTRADIUS_SOURCE_FILE_SOURCE_H_
#define BLASTRADIUS_SOURCE_FILE_SOURCE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scanner/source/blob.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {

struct FileSourceOptions {
  std::vector<std::string> roots;      // files or directories, as given
  const PathFilter* filter = nullptr;  // must outlive Run()
  uint64_t max_file_size = 10 * 1024 * 1024;
  bool classify_exposure = true;  // ask git for tracked/ignored
  // I/O seam for tests: called with a file's display path before it is
  // opened; a non-zero errno makes the open fail with it (as EACCES does for
  // an unreadable file, which root cannot otherwise see). Null: no faults.
  std::function<int(const std::string& path)> inject_open_error;
};

class FileSystemSource : public ContentSource {
 public:
  explicit FileSystemSource(FileSourceOptions options) : options_(std::move(options)) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

 private:
  FileSourceOptions options_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_SOURCE_FILE_SOURCE_H_
