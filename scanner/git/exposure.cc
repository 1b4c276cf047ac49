#include "scanner/git/exposure.h"

#include "scanner/git/git.h"

namespace blastradius {

const ExposureMap::Repo* ExposureMap::RepoFor(const std::string& abs_path) {
  std::string dir = abs_path.substr(0, abs_path.rfind('/'));
  std::string top;
  bool known = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto cached = dir_to_top_.find(dir);
    if (cached != dir_to_top_.end()) {
      top = cached->second;
      known = true;
    }
  }
  if (!known) {
    // Walking up the tree costs a few stat calls; do it outside the lock so
    // that threads scanning different directories do not queue here.
    top = FindRepoTop(dir.empty() ? "/" : dir);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!known) dir_to_top_[dir] = top;
  if (top.empty()) return nullptr;
  auto& slot = repos_[top];
  if (!slot) {
    slot = std::make_unique<Repo>();
    slot->top = top;
    std::string out;
    if (RunGit(top, {"ls-files", "-z", "--cached"}, &out).ok()) {
      slot->ok = true;
      for (auto& p : SplitNul(out)) slot->tracked.insert(p);
      if (RunGit(top, {"ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"}, &out).ok()) {
        for (auto& p : SplitNul(out)) slot->ignored.insert(p);
      }
    }
  }
  return slot->ok ? slot.get() : nullptr;
}

Exposure ExposureMap::Classify(const std::string& abs_path) {
  const Repo* repo = RepoFor(abs_path);
  if (!repo) return Exposure::kFile;
  if (abs_path.size() <= repo->top.size() + 1) return Exposure::kUntracked;
  std::string rel = abs_path.substr(repo->top.size() + 1);
  if (repo->tracked.count(rel)) return Exposure::kTracked;
  if (repo->ignored.count(rel)) return Exposure::kIgnored;
  for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
    if (repo->ignored.count(rel.substr(0, slash + 1))) return Exposure::kIgnored;
  }
  return Exposure::kUntracked;
}

}  // namespace blastradius
