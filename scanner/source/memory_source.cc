#include "scanner/source/memory_source.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "scanner/diag/diagnostics.h"

namespace blastradius {
namespace {

void VisitOne(const std::string& path, std::string_view data, const BlobVisitor& visit,
              SourceCounters& counters, Diagnostics& diag) {
  if (LooksBinary(data)) {
    counters.files_binary++;
    diag.Debug(path, "binary file; skipped");
    return;
  }
  counters.files_scanned++;
  counters.bytes_scanned += data.size();
  Blob blob;
  blob.data = data;
  blob.path = path;
  blob.exposure = Exposure::kFile;
  visit(blob);
}

}  // namespace

Status MemorySource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  for (const auto& b : blobs_) VisitOne(b.path, b.data, visit, counters, diag);
  return Status::Ok();
}

Status StdinSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  std::string data;
  char buf[64 * 1024];
  for (;;) {
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      diag.Error(name_, std::string("cannot read standard input: ") + std::strerror(errno));
      return Status::Ok();
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > max_size_) {
      counters.files_too_large++;
      diag.Error(name_, "standard input is larger than --max-file-size (" + std::to_string(max_size_) +
                            " bytes); not scanned");
      return Status::Ok();
    }
  }
  VisitOne(name_, data, visit, counters, diag);
  return Status::Ok();
}

}  // namespace blastradius
