#include "scanner/diag/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

#include "scanner/core/terminal_text.h"
#include "scanner/diag/stderr_line.h"

namespace blastradius {

void Diagnostics::Error(const std::string& path, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  // Shown even when quiet: an input that was not scanned is an error, not a
  // warning (the exit code says so too, unless --allow-partial).
  WriteStderr(fmt::format("blastradius: {}: {}\n", EscapeForTerminal(path), EscapeForTerminal(message)));
  errors_.push_back({path, message});
}

void Diagnostics::Note(const std::string& path, const std::string& message) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mu_);
  fmt::print(stderr, "blastradius: {}: note: {}\n", EscapeForTerminal(path), EscapeForTerminal(message));
}

void Diagnostics::Debug(const std::string& path, const std::string& message) {
  if (!verbose_) return;
  WriteStderr(fmt::format("blastradius: {}: {}\n", EscapeForTerminal(path), EscapeForTerminal(message)));
}

std::vector<ScanError> Diagnostics::TakeErrors() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ScanError> out = std::move(errors_);
  std::sort(out.begin(), out.end(), [](const ScanError& a, const ScanError& b) {
    return a.path != b.path ? a.path < b.path : a.message < b.message;
  });
  return out;
}

}  // namespace blastradius
