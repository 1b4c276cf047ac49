// Helpers the blastradius commands share: exit codes, error messages,
// writing outputs, loading the signature database.
#ifndef BLASTRADIUS_CLI_COMMON_H_
#define BLASTRADIUS_CLI_COMMON_H_

#include <string>
#include <vector>

#include "reports/report.h"
#include "scanner/cli/args.h"
#include "scanner/core/status.h"

namespace blastradius {

class SignatureDb;
struct Config;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

// Prints "blastradius: MSG" on stderr (control characters escaped: messages
// may quote paths and file content) and returns kExitError.
int Fail(const std::string& msg);

// The built-in signatures, then the config's and --signatures directories.
// Prints the set's warnings (replaced ids) unless --quiet.
Status LoadSignatures(const Args& args, SignatureDb* db, const Config* config = nullptr);

// "blastradius: warning: ..." on stderr for each of the set's warnings.
void PrintSignatureWarnings(const SignatureDb& db);

// Writes `data` to `path` atomically (temp file in the same directory, then
// rename), or to stdout for "-".
Status WriteOutput(const std::string& path, const std::string& data);
// WriteOutput for a report written in pieces (ReportWriter::Stream): the
// file appears only once the whole report is written.
Status StreamOutput(const std::string& path, const ReportWriter& writer, const Report& report);

std::string Join(const std::vector<std::string>& v, const char* sep);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_COMMON_H_
