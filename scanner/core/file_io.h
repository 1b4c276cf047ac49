// Whole-file reads and atomic writes for small files (reports, baselines,
// configs, caches, hooks). Errors name the file.
//
// Both sides are safe on paths an attacker may control (a scanned
// repository, a shared cache directory):
//   * reads open regular files only (a FIFO or device at the path is an
//     error, never a hang), with a size bound, optionally refusing a
//     symlink as the last component (O_NOFOLLOW);
//   * writes create their temporary file with O_CREAT|O_EXCL|O_NOFOLLOW
//     under an unpredictable name in the target directory and rename it
//     over the destination, so a symlink planted at the destination is
//     replaced, never followed.
#ifndef BLASTRADIUS_CORE_FILE_IO_H_
#define BLASTRADIUS_CORE_FILE_IO_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "scanner/core/status.h"

namespace blastradius {

struct ReadOptions {
  // Larger files are an error ("larger than N bytes").
  uint64_t max_size = uint64_t{256} << 20;
  // false: a symlink as the last path component is an error (O_NOFOLLOW).
  bool follow_symlinks = true;
};

// Reads a whole regular file into `out`.
Status ReadWholeFile(const std::string& path, std::string* out, const ReadOptions& options = {});

// Writes `data` to `path` atomically: an exclusive temporary file in the
// same directory, then rename. A failed write leaves `path` untouched. A
// symlink at `path` is replaced by the new file. `mode` applies to the new
// file (before umask). With `devices_in_place` (report outputs named by the
// user: -o /dev/null, -o /dev/stdout, a named pipe), an existing FIFO or
// device, also through a symlink, is written in place; otherwise (caches,
// keys, baselines, hooks) it is replaced like anything else, so a FIFO
// planted there cannot block the writer.
Status WriteFileAtomically(const std::string& path, const std::string& data, mode_t mode = 0666,
                           bool devices_in_place = false);

// WriteFileAtomically for output too large to hold at once (a report of
// hundreds of thousands of findings): Open, Append in pieces, Commit. The
// same rules apply: until Commit renames it into place, the output is an
// exclusive temporary file that the destructor removes, so a failed or
// abandoned write leaves `path` untouched. Not thread-safe.
class AtomicFileWriter {
 public:
  static Status Open(const std::string& path, mode_t mode, bool devices_in_place,
                     std::unique_ptr<AtomicFileWriter>* out);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status Append(std::string_view data);
  Status Commit();

 private:
  AtomicFileWriter() = default;
  std::string path_;  // as given, for errors
  int fd_ = -1;       // the temporary file, or the device written in place
  int dir_fd_ = -1;   // the directory holding both names (-1: in place)
  std::string tmp_, base_;
  bool done_ = false;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_FILE_IO_H_
