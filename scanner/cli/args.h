// Command-line parsing for every blastradius command. No I/O besides the
// returned error text.
#ifndef BLASTRADIUS_CLI_ARGS_H_
#define BLASTRADIUS_CLI_ARGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scanner/core/rule_card.h"
#include "scanner/core/status.h"

namespace blastradius {

struct OutputSpec {
  std::string format;  // text|json|sarif
  std::string path;    // "-" = stdout
};

struct Args {
  std::string command;  // scan|rules|explain|version|help
  bool help = false;
  std::vector<std::string> paths;  // scan roots, or the explain id
  std::vector<OutputSpec> outputs;
  int threads = 0;  // 0 = all cores
  std::optional<Severity> fail_on = Severity::kLow;  // nullopt = never fail
  bool show_secrets = false;
  uint64_t max_file_size = 10 * 1024 * 1024;
  std::vector<std::string> excludes;
  bool default_excludes = true;
  std::vector<std::string> signature_dirs;
  bool quiet = false;
  bool verbose = false;
  bool no_cache = false;
  bool no_context = false;
  std::string color = "auto";  // auto|always|never
};

Status ParseArgs(int argc, char** argv, Args* out);
std::string UsageFor(const std::string& command);

}  // namespace blastradius

#endif  // BLASTRADIUS_CLI_ARGS_H_
