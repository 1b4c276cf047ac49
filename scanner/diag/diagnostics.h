// Diagnostics: thread-safe messages about individual inputs, each printed
// as "blastradius: <path>: <message>" (control characters escaped, see
// EscapeForTerminal). Errors are printed always (even quiet), recorded for
// the report and counted; skips only with verbose. The scan goes on.
#ifndef BLASTRADIUS_DIAG_DIAGNOSTICS_H_
#define BLASTRADIUS_DIAG_DIAGNOSTICS_H_

#include <mutex>
#include <string>
#include <vector>

#include "scanner/core/finding.h"

namespace blastradius {

class Diagnostics {
 public:
  Diagnostics(bool quiet, bool verbose) : quiet_(quiet), verbose_(verbose) {}
  Diagnostics(const Diagnostics&) = delete;
  Diagnostics& operator=(const Diagnostics&) = delete;

  // An input that could not be read or scanned completely; printed even
  // when quiet.
  void Error(const std::string& path, const std::string& message);
  // Printed unless quiet, neither recorded nor counted: something the user
  // should know that is not a gap in the scan (a submodule belongs to
  // another repository).
  void Note(const std::string& path, const std::string& message);
  // Printed with -v only (expected skips: binary, too large).
  void Debug(const std::string& path, const std::string& message);

  std::vector<ScanError> TakeErrors();
  bool verbose() const { return verbose_; }
  bool quiet() const { return quiet_; }

 private:
  std::mutex mu_;
  std::vector<ScanError> errors_;
  bool quiet_;
  bool verbose_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_DIAG_DIAGNOSTICS_H_
