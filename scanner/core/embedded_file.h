// A file compiled into the binary (signatures, queries, schemas).
#ifndef BLASTRADIUS_CORE_EMBEDDED_FILE_H_
#define BLASTRADIUS_CORE_EMBEDDED_FILE_H_

#include <cstddef>
#include <string_view>

namespace blastradius {

struct EmbeddedFile {
  const char* name;       // path relative to the embedded directory
  std::string_view data;  // file contents; static storage
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_EMBEDDED_FILE_H_
