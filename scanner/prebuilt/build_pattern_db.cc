// Build-time tool: compiles the Vectorscan database of the embedded
// signatures for a generic CPU and writes it in the prebuilt blob layout
// (scanner/match/prebuilt_db.h). Usage: blastradius_build_pattern_db OUT
#include <hs/hs.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "scanner/core/file_io.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/rule_set.h"
#include "scanner/sig/signature_db.h"

namespace blastradius {
namespace {

int Run(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  SignatureDb db;
  db.AddBuiltin();
  if (Status s = db.Finish(); !s.ok()) {
    std::fprintf(stderr, "build_pattern_db: %s\n", s.message().c_str());
    return 2;
  }
  // The tool is relinked whenever a library it links changes; the patterns
  // rarely do. An output already holding this pattern set is kept (and
  // touched, so the build sees it up to date) instead of compiled again.
  {
    std::vector<std::string> patterns;
    for (const auto& sig : db.signatures()) patterns.push_back(PatternKey(sig));
    const std::vector<unsigned> requested(patterns.size(), kPatternFlags);
    std::string existing;
    if (ReadWholeFile(argv[1], &existing).ok() &&
        PrebuiltBlobKey(existing) == PrebuiltKey(patterns, requested)) {
      std::error_code ec;
      std::filesystem::last_write_time(argv[1], std::filesystem::file_time_type::clock::now(), ec);
      return 0;
    }
  }
  const hs_platform_info_t platform = GenericPlatform();
  RuleSetOptions options;
  options.platform = &platform;
  std::unique_ptr<RuleSet> rules;
  if (Status s = RuleSet::Compile(db, options, &rules); !s.ok()) {
    std::fprintf(stderr, "build_pattern_db: %s\n", s.message().c_str());
    return 2;
  }
  std::vector<std::string> patterns;
  std::vector<unsigned> requested, final_flags;
  std::vector<size_t> windows;
  for (const auto& rule : rules->rules()) {
    patterns.push_back(PatternKey(*rule.signature));
    requested.push_back(kPatternFlags);
    final_flags.push_back(rule.final_flags);
    windows.push_back(rule.window);
  }
  std::string blob;
  if (Status s = SerializePrebuilt(patterns, requested, final_flags, windows, rules->database(), &blob);
      !s.ok()) {
    std::fprintf(stderr, "build_pattern_db: %s\n", s.message().c_str());
    return 2;
  }
  if (Status s = WriteFileAtomically(argv[1], blob); !s.ok()) {
    std::fprintf(stderr, "build_pattern_db: %s\n", s.message().c_str());
    return 2;
  }
  return 0;
}

}  // namespace
}  // namespace blastradius

int main(int argc, char** argv) { return blastradius::Run(argc, argv); }
