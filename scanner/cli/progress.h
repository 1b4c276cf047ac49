// Progress of a scan on stderr: what was read so far (files, bytes,
// findings, elapsed time, rate), or a spinner while the patterns compile.
// On a terminal one status line is redrawn at most ten times a second and
// erased at the end; elsewhere (--progress into a log) a plain line every
// few seconds. It only reads counters: the scan's results never depend on
// it.
#ifndef BLASTRADIUS_CLI_PROGRESS_H_
#define BLASTRADIUS_CLI_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "scanner/source/blob.h"

namespace blastradius {

// One snapshot, as drawn.
struct ProgressSnapshot {
  std::string phase;  // "compiling patterns", "scanning", ...
  bool scanning = false;
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t findings = 0;
  uint64_t commits = 0;  // --history
  double elapsed_s = 0;  // since the meter started
  double scan_s = 0;     // since scanning started (the rate's base)
  int tick = 0;          // spinner frame
};

// The status line for `s`, at most `columns` - 1 characters (a line as wide
// as the terminal would wrap and could no longer be erased).
std::string FormatProgress(const ProgressSnapshot& s, int columns);

// Whether to show progress: --progress / --no-progress when given, else
// only when stderr is a terminal (not TERM=dumb, not under CI, not -q).
bool ProgressWanted(int flag /* -1 unset, 0 off, 1 on */, bool quiet);

class ProgressMeter {
 public:
  // `terminal`: redraw one status line in place; otherwise print lines.
  // With BLASTRADIUS_PROGRESS_EACH_PHASE=1 in the environment (tests), every
  // phase change (SetPhase, Attach, Detach) also draws a frame at once, so
  // what is drawn does not depend on how fast the machine scans.
  explicit ProgressMeter(bool terminal);
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // What is going on before the scan reads anything ("compiling patterns").
  void SetPhase(const std::string& phase);
  // The scan's findings-so-far counter (ScanOptions::findings_so_far).
  std::atomic<uint64_t>* findings() { return &findings_; }
  // Erases the status line and stops drawing; idempotent. Call before
  // anything is written to stdout (which may be the same terminal).
  void Stop();

  // The source's counters while it runs (ProgressSource).
  void Attach(const SourceCounters* counters);
  void Detach();

 private:
  void Loop();
  ProgressSnapshot Snapshot();
  void PhaseChangedLocked();                   // a frame now when each_phase_; mu_ held
  void Draw(const ProgressSnapshot& s) const;  // one frame of `s`; no lock needed

  const bool terminal_;
  const bool each_phase_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point scan_start_;
  std::chrono::steady_clock::time_point scan_end_;  // guarded by mu_ (rate after the scan)
  bool scan_ended_ = false;                         // guarded by mu_
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;                         // guarded by mu_
  std::string phase_;                         // guarded by mu_
  const SourceCounters* counters_ = nullptr;  // guarded by mu_
  bool scanning_ = false;                     // guarded by mu_
  ProgressSnapshot last_;                     // guarded by mu_: the counts at Detach
  std::atomic<uint64_t> findings_{0};
  int tick_ = 0;
  std::thread thread_;
};

// A ContentSource that shows its inner source's counters on a meter while
// it runs. The inner source is unchanged; so are its blobs.
class ProgressSource : public ContentSource {
 public:
  ProgressSource(std::unique_ptr<ContentSource> inner, ProgressMeter* meter)
      : inner_(std::move(inner)), meter_(meter) {}
  Status Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) override;

 private:
  std::unique_ptr<ContentSource> inner_;
  ProgressMeter* meter_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_PROGRESS_H_
