#include "scanner/cli/common.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string_view>

#include "scanner/core/ascii.h"
#include "scanner/core/file_io.h"
#include "scanner/core/terminal_text.h"
#include "scanner/diag/stderr_line.h"
#include "scanner/plan/scan_plan.h"

namespace blastradius {

int Fail(const std::string& msg) {
  WriteStderr(fmt::format("blastradius: {}\n", EscapeForTerminal(msg, /*keep_newlines=*/true)));
  return kExitError;
}

Status LoadSignatures(const Args& args, SignatureDb* db, const Config* config) {
  Status s = LoadSignatureSet(args.signature_dirs, config, db);
  if (s.ok() && !args.quiet && !args.log_quiet) PrintSignatureWarnings(*db);
  return s;
}

void PrintSignatureWarnings(const SignatureDb& db) {
  for (const auto& w : db.warnings())
    WriteStderr(fmt::format("blastradius: warning: {}\n", EscapeForTerminal(w)));
}

namespace {

// One output, "-" (stdout) or a file written atomically, filled by
// `produce`, which hands its text to the sink in one or more pieces.
Status WritePieces(const std::string& path, const std::function<Status(const ReportSink&)>& produce) {
  if (path == "-") {
    Status s = produce([](std::string_view piece) {
      if (fwrite(piece.data(), 1, piece.size(), stdout) != piece.size())
        return Status::IoError("cannot write to stdout");
      return Status::Ok();
    });
    if (s.ok() && fflush(stdout) != 0) return Status::IoError("cannot write to stdout");
    return s;
  }
  std::unique_ptr<AtomicFileWriter> file;
  if (Status s = AtomicFileWriter::Open(path, 0666, /*devices_in_place=*/true, &file); !s.ok()) return s;
  if (Status s = produce([&](std::string_view piece) { return file->Append(piece); }); !s.ok()) return s;
  return file->Commit();
}

}  // namespace

Status WriteOutput(const std::string& path, const std::string& data) {
  return WritePieces(path, [&](const ReportSink& sink) { return sink(data); });
}

Status StreamOutput(const std::string& path, const ReportWriter& writer, const Report& report) {
  return WritePieces(path, [&](const ReportSink& sink) { return writer.Stream(report, sink); });
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

}  // namespace blastradius
