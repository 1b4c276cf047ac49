#include "scanner/diag/stderr_line.h"

#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <string>

namespace blastradius {
namespace {

std::mutex& Mutex() {
  static std::mutex mu;
  return mu;
}
bool status_drawn = false;  // guarded by Mutex()

// Carriage return, then erase to the end of the line (ECMA-48 EL).
constexpr std::string_view kErase = "\r\x1b[K";

void WriteAll(std::string_view s) {
  while (!s.empty()) {
    ssize_t n = write(STDERR_FILENO, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr gone: nothing more to say
    s.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

void WriteStderr(std::string_view text) {
  std::lock_guard<std::mutex> lock(Mutex());
  std::string out;
  if (status_drawn) out = kErase;
  status_drawn = false;
  out += text;
  // One write: lines from several threads do not interleave.
  WriteAll(out);
}

void DrawStatusLine(std::string_view line) {
  std::lock_guard<std::mutex> lock(Mutex());
  std::string out(kErase);
  out += line;
  WriteAll(out);
  status_drawn = true;
}

void ClearStatusLine() {
  std::lock_guard<std::mutex> lock(Mutex());
  if (!status_drawn) return;
  WriteAll(kErase);
  status_drawn = false;
}

}  // namespace blastradius
