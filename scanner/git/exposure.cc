#include "scanner/git/exposure.h"

#include <filesystem>

#include "scanner/git/git.h"
#include "scanner/git/git_process.h"

namespace blastradius {

const ExposureMap::Repo* ExposureMap::RepoFor(const std::string& abs_path) {
  std::string dir = abs_path.substr(0, abs_path.rfind('/'));
  std::string top, parent_top;
  bool known = false, parent_known = false;
  const std::string parent = dir.substr(0, dir.rfind('/'));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto cached = dir_to_top_.find(dir);
    if (cached != dir_to_top_.end()) {
      top = cached->second;
      known = true;
    } else if (auto p = dir_to_top_.find(parent); p != dir_to_top_.end()) {
      parent_top = p->second;
      parent_known = true;
    }
  }
  if (!known) {
    // The walk goes top-down, so the parent's answer is usually known and
    // one stat of dir/.git decides; otherwise walk up to the root. Either
    // way outside the lock, so threads in different directories do not queue.
    std::error_code ec;
    if (parent_known)
      top = std::filesystem::exists(dir + "/.git", ec) ? dir : parent_top;
    else
      top = FindRepoTop(dir.empty() ? "/" : dir);
  }
  Repo* repo = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!known) dir_to_top_[dir] = top;
    if (top.empty()) return nullptr;
    auto& slot = repos_[top];
    if (!slot) {
      slot = std::make_unique<Repo>();
      slot->top = top;
    }
    repo = slot.get();  // stable: repos_ holds it until the map goes
  }
  // Listed once, outside the lock: threads needing this repository wait for
  // it here; the others go on.
  std::call_once(repo->loaded, [&] {
    std::vector<std::string> tracked, ignored;
    repo->ok = lister_(repo->top, &tracked, &ignored);
    if (!repo->ok) return;
    repo->tracked.insert(tracked.begin(), tracked.end());
    repo->ignored.insert(ignored.begin(), ignored.end());
  });
  return repo->ok ? repo : nullptr;
}

ExposureMap::ExposureMap()
    : lister_(
          [](const std::string& top, std::vector<std::string>* tracked, std::vector<std::string>* ignored) {
            std::string out;
            if (!RunGit(top, {"ls-files", "-z", "--cached"}, &out).ok()) return false;
            *tracked = SplitNul(out);
            if (RunGit(top, {"ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"},
                       &out)
                    .ok())
              *ignored = SplitNul(out);
            return true;
          }) {}

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
