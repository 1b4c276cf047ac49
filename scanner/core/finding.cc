// Names of the finding enums, as used in every output format.
#include "scanner/core/finding.h"

namespace blastradius {

const char* ExposureName(Exposure e) {
  switch (e) {
    case Exposure::kFile:
      return "file";
    case Exposure::kTracked:
      return "tracked";
    case Exposure::kUntracked:
      return "untracked";
    case Exposure::kIgnored:
      return "gitignored";
    case Exposure::kStaged:
      return "staged";
    case Exposure::kHistory:
      return "history";
    case Exposure::kHistoryOnly:
      return "history-only";
  }
  return "file";
}

const char* ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kHigh:
      return "high";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kLow:
      return "low";
  }
  return "low";
}

std::string RootedPath(const Location& l) {
  if (l.root.empty()) return l.path;
  return l.root.back() == '/' ? l.root + l.path : l.root + "/" + l.path;
}

}  // namespace blastradius
