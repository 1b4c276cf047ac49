// Whole-file reads and atomic writes for small files (reports, baselines,
// configs, caches). Errors name the file.
#ifndef BLASTRADIUS_CORE_FILE_IO_H_
#define BLASTRADIUS_CORE_FILE_IO_H_

#include <string>

#include "scanner/core/status.h"

namespace blastradius {

// Reads a whole file into `out`.
Status ReadWholeFile(const std::string& path, std::string* out);

// Writes `data` to `path` atomically: a temporary file in the same
// directory, then rename. A failed write leaves `path` untouched. An
// existing non-regular file (/dev/null, a FIFO) is written in place.
Status WriteFileAtomically(const std::string& path, const std::string& data);

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_FILE_IO_H_
