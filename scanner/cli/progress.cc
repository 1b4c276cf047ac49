#include "scanner/cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "scanner/cli/terminal.h"
#include "scanner/diag/stderr_line.h"

namespace blastradius {
namespace {

// Nothing is drawn for scans shorter than this (no flicker on small trees).
constexpr auto kFirstDraw = std::chrono::milliseconds(200);
// At most ten frames a second on a terminal; a line every 2 s in a log.
constexpr auto kTerminalInterval = std::chrono::milliseconds(100);
constexpr auto kLogInterval = std::chrono::seconds(2);

std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Bytes(double b) {
  if (b < 1e6) return fmt::format("{:.1f} kB", b / 1e3);
  if (b < 1e9) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.2f} GB", b / 1e9);
}

std::string Seconds(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  const auto whole = static_cast<uint64_t>(s);
  return fmt::format("{}m{:02}s", whole / 60, whole % 60);
}

}  // namespace

std::string FormatProgress(const ProgressSnapshot& s, int columns) {
  static constexpr char kSpinner[] = {'|', '/', '-', '\\'};
  std::string line;
  line += kSpinner[static_cast<unsigned>(s.tick) % 4];
  line += ' ';
  if (!s.scanning) {
    line += fmt::format("{}... {}", s.phase, Seconds(s.elapsed_s));
  } else {
    line += s.phase + ": ";
    if (s.commits > 0) line += Grouped(s.commits) + (s.commits == 1 ? " commit, " : " commits, ");
    line += fmt::format("{} {}, {}, {} finding{}, {}", Grouped(s.files), s.files == 1 ? "file" : "files",
                        Bytes(static_cast<double>(s.bytes)), Grouped(s.findings), s.findings == 1 ? "" : "s",
                        Seconds(s.elapsed_s));
    if (s.scan_s >= 0.1) line += ", " + Bytes(static_cast<double>(s.bytes) / s.scan_s) + "/s";
  }
  const size_t max = columns > 1 ? static_cast<size_t>(columns - 1) : 0;
  if (line.size() > max) line.resize(max);
  return line;
}

bool ProgressWanted(int flag, bool quiet) {
  if (flag >= 0) return flag == 1;
  return !quiet && isatty(STDERR_FILENO) && !DumbTerminal() && !RunningInCi();
}

bool EachPhaseFromEnvironment() {
  const char* v = std::getenv("BLASTRADIUS_PROGRESS_EACH_PHASE");
  return v != nullptr && std::string_view(v) == "1";
}

ProgressMeter::ProgressMeter(bool terminal)
    : terminal_(terminal),
      each_phase_(EachPhaseFromEnvironment()),
      start_(std::chrono::steady_clock::now()),
      scan_start_(start_) {
  thread_ = std::thread([this] { Loop(); });
}

ProgressMeter::~ProgressMeter() { Stop(); }

void ProgressMeter::SetPhase(const std::string& phase) {
  std::lock_guard<std::mutex> lock(mu_);
  phase_ = phase;
  PhaseChangedLocked();
}

void ProgressMeter::Attach(const SourceCounters* counters) {
  std::lock_guard<std::mutex> lock(mu_);
  counters_ = counters;
  scanning_ = true;
  phase_ = "scanning";
  scan_start_ = std::chrono::steady_clock::now();
  PhaseChangedLocked();
}

void ProgressMeter::Detach() {
  std::lock_guard<std::mutex> lock(mu_);
  if (counters_) {
    last_.files = counters_->files_scanned.load(std::memory_order_relaxed);
    last_.bytes = counters_->bytes_scanned.load(std::memory_order_relaxed);
    last_.commits = counters_->commits_scanned.load(std::memory_order_relaxed);
  }
  counters_ = nullptr;
  phase_ = "ranking";
  scan_end_ = std::chrono::steady_clock::now();
  scan_ended_ = true;
  PhaseChangedLocked();
}

void ProgressMeter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (terminal_) {
    ClearStatusLine();
  } else {
    // A log keeps its lines: the last one says what was scanned in all.
    std::lock_guard<std::mutex> lock(mu_);
    if (!scanning_) return;
    ProgressSnapshot s = Snapshot();
    s.phase = "scanned";
    WriteStderr("blastradius: " + FormatProgress(s, 1 << 20).substr(2) + "\n");
  }
}

// Called with mu_ held.
ProgressSnapshot ProgressMeter::Snapshot() {
  ProgressSnapshot s = last_;
  s.phase = phase_;
  s.scanning = scanning_;
  if (counters_) {
    s.files = counters_->files_scanned.load(std::memory_order_relaxed);
    s.bytes = counters_->bytes_scanned.load(std::memory_order_relaxed);
    s.commits = counters_->commits_scanned.load(std::memory_order_relaxed);
  }
  s.findings = findings_.load(std::memory_order_relaxed);
  const auto now = std::chrono::steady_clock::now();
  s.elapsed_s = std::chrono::duration<double>(now - start_).count();
  s.scan_s = std::chrono::duration<double>((scan_ended_ ? scan_end_ : now) - scan_start_).count();
  s.tick = tick_++;
  return s;
}

void ProgressMeter::PhaseChangedLocked() {
  if (each_phase_ && !stop_) Draw(Snapshot());
}

void ProgressMeter::Draw(const ProgressSnapshot& s) const {
  if (terminal_)
    DrawStatusLine(FormatProgress(s, TerminalColumns(STDERR_FILENO)));
  else
    WriteStderr("blastradius: " + FormatProgress(s, 1 << 20).substr(2) + "\n");
}

void ProgressMeter::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  if (cv_.wait_for(lock, terminal_ ? kFirstDraw : kLogInterval, [this] { return stop_; })) return;
  for (;;) {
    const ProgressSnapshot s = Snapshot();
    lock.unlock();
    Draw(s);
    lock.lock();
    if (cv_.wait_for(lock,
                     terminal_ ? std::chrono::duration_cast<std::chrono::milliseconds>(kTerminalInterval)
                               : std::chrono::duration_cast<std::chrono::milliseconds>(kLogInterval),
                     [this] { return stop_; }))
      return;
  }
}

Status ProgressSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  meter_->Attach(&counters);
  Status s = inner_->Run(visit, counters, diag);
  meter_->Detach();
  return s;
}

}  // namespace blastradius
