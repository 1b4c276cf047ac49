#include "scanner/git/git.h"

#include <filesystem>

namespace blastradius {

std::string FindRepoTop(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  if (!std::filesystem::is_directory(p, ec)) p = p.parent_path();
  for (; !p.empty(); p = p.parent_path()) {
    if (std::filesystem::exists(p / ".git", ec)) return p.string();
    if (p == p.root_path()) break;
  }
  return "";
}

Status WorkTreeTop(const std::string& path, std::string* top) {
  std::string found = FindRepoTop(path);
  if (found.empty()) return Status::InvalidArgument(path + ": not inside a git work tree");
  *top = std::move(found);
  return Status::Ok();
}

std::vector<std::string> SplitNul(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t z = s.find('\0', start);
    if (z == std::string::npos) z = s.size();
    if (z > start) out.push_back(s.substr(start, z - start));
    start = z + 1;
  }
  return out;
}

}  // namespace blastradius
