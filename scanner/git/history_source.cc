#include "scanner/git/history_source.h"

#include <unordered_map>
#include <unordered_set>

#include "scanner/diag/diagnostics.h"
#include "scanner/git/cat_file.h"
#include "scanner/git/diff_blobs.h"
#include "scanner/git/git_process.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {
namespace {

// Diff commands never run user-configured converters.
const std::vector<std::string> kNoConverters = {"--no-textconv", "--no-ext-diff"};

std::string TrimEol(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    if (nl > start) out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

struct CommitInfo {
  std::string author;
  std::string date;
  uint64_t order = 0;
};

struct Pending {
  const std::string* id;
  const std::vector<BlobOrigin>* origins;
  std::string data;
};

bool IsZeroId(std::string_view id) { return id.find_first_not_of('0') == std::string_view::npos; }

}  // namespace

Status CheckGitRepository(const std::string& dir, bool* bare) {
  std::string out;
  Status s = RunGitWithInput(dir, {"rev-parse", "--is-bare-repository", "--git-dir"}, "", &out);
  std::vector<std::string> lines = SplitLines(out);
  if (!s.ok() || lines.size() < 2) {
    if (s.code() == Status::Code::kNotFound) return s;  // no git binary
    return Status::InvalidArgument(dir + ": not a git repository" +
                                   (s.ok() ? std::string() : " (" + s.message() + ")"));
  }
  if (bare) *bare = lines[0] == "true";
  return Status::Ok();
}

Status SequenceSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  if (Status s = first_->Run(visit, counters, diag); !s.ok()) return s;
  return second_->Run(visit, counters, diag);
}

Status GitHistorySource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  const std::string& dir = options_.repo;
  if (Status s = CheckGitRepository(dir, nullptr); !s.ok()) return s;
  counters.history = true;
  std::string out;
  if (RunGitWithInput(dir, {"rev-parse", "--is-shallow-repository"}, "", &out).ok() &&
      TrimEol(out) == "true") {
    counters.history_partial = true;
    diag.Error(dir,
               "shallow clone: history is partial (commits before the shallow boundary are not scanned)");
  }

  // The commits, oldest first.
  std::vector<std::string> rev_args = {"rev-list", "--no-commit-header", "--format=%H%x1f%an%x1f%aI",
                                       "--reverse", "--topo-order"};
  if (options_.max_commits > 0) rev_args.push_back("--max-count=" + std::to_string(options_.max_commits));
  for (const std::string* rev : {&options_.branch, &options_.since_commit}) {
    if (!rev->empty() && (*rev)[0] == '-') return Status::InvalidArgument("bad revision '" + *rev + "'");
  }
  if (!options_.branch.empty()) {
    rev_args.push_back(options_.branch);
  } else {
    rev_args.push_back("--all");
    // Every stash entry, not only the newest (refs/stash, in --all).
    std::string stashes;
    if (RunGitWithInput(dir, {"log", "-g", "--format=%H", "refs/stash", "--"}, "", &stashes).ok()) {
      for (auto& id : SplitLines(stashes)) rev_args.push_back(id);
    }
  }
  if (!options_.since_commit.empty()) rev_args.push_back("^" + options_.since_commit);
  rev_args.push_back("--");
  std::string listing;
  if (Status s = RunGitWithInput(dir, rev_args, "", &listing); !s.ok()) {
    // An empty repository has no refs: nothing to scan.
    if (options_.branch.empty() && options_.since_commit.empty() &&
        !RunGitWithInput(dir, {"rev-parse", "-q", "--verify", "HEAD"}, "", &out).ok() &&
        RunGitWithInput(dir, {"for-each-ref", "--count=1"}, "", &out).ok() && out.empty())
      return Status::Ok();
    return Status::InvalidArgument(s.message());
  }
  std::unordered_map<std::string, CommitInfo> commits;
  std::string order_input;
  for (const auto& line : SplitLines(listing)) {
    size_t a = line.find('\x1f');
    size_t b = a == std::string::npos ? std::string::npos : line.find('\x1f', a + 1);
    if (b == std::string::npos) return Status::Corrupt("unexpected git rev-list output: " + line);
    std::string id = line.substr(0, a);
    CommitInfo info{line.substr(a + 1, b - a - 1), line.substr(b + 1), commits.size()};
    if (commits.emplace(id, std::move(info)).second) order_input += id + "\n";
  }
  counters.commits_scanned += commits.size();
  if (commits.empty()) return Status::Ok();

  // Blobs at HEAD, by path: a history copy identical to HEAD's is still there.
  const std::unordered_map<std::string, std::string> head_blobs = BlobsAtCommit(dir, "HEAD");

  // Every blob each commit introduced (against each parent for a merge),
  // from one diff-tree process fed the commit list. The first commit that
  // put a blob at a path is kept.
  std::vector<std::string> tree_args = {"diff-tree", "--stdin",      "-r", "--root",
                                        "-m",        "--no-renames", "-z", "--raw"};
  tree_args.insert(tree_args.end(), kNoConverters.begin(), kNoConverters.end());
  std::unique_ptr<GitProcess> tree;
  if (Status s = GitProcess::Start(dir, tree_args, order_input, &tree); !s.ok()) return s;
  std::vector<std::string> blob_order;  // distinct ids, first seen first
  std::unordered_map<std::string, std::vector<BlobOrigin>> origins;
  std::unordered_set<std::string> seen_pairs;  // id + '\0' + path
  std::unordered_set<std::string> submodules;
  const CommitInfo* current = nullptr;
  std::string current_id;
  std::string token, path;
  auto read_token = [&](std::string* t) { return tree->ReadUntil('\0', t); };
  while (read_token(&token)) {
    if (token.empty()) continue;
    if (token[0] != ':') {
      // A commit header: "<id>" (a merge repeats it once per parent).
      current_id = token.substr(0, token.find(' '));
      auto it = commits.find(current_id);
      current = it == commits.end() ? nullptr : &it->second;
      continue;
    }
    if (!read_token(&path)) return Status::Corrupt("truncated git diff-tree output");
    std::array<std::string_view, 5> f;
    if (!SplitRawDiffFields(std::string_view(token).substr(1), &f) || !current)
      return Status::Corrupt("unexpected git diff-tree output: " + token);
    std::string_view mode = f[1], id = f[3];
    if (f[4] == "D" || IsZeroId(id)) continue;
    if (mode == "160000") {
      if (submodules.insert(path).second) {
        counters.submodules_skipped++;
        diag.Debug(path, "submodule; skipped (scan its repository separately)");
      }
      continue;
    }
    if (mode == "120000") continue;  // symlink: its target is a path, not content
    if (PathExcluded(options_.filter, path)) continue;
    std::string key = std::string(id) + '\0' + path;
    if (!seen_pairs.insert(key).second) continue;
    auto& list = origins[std::string(id)];
    if (list.empty()) blob_order.emplace_back(id);
    BlobOrigin o;
    o.path = path;
    o.commit = current_id;
    o.author = current->author;
    o.date = current->date;
    o.order = current->order;
    auto head = head_blobs.find(path);
    o.at_head = head != head_blobs.end() && head->second == id;
    list.push_back(std::move(o));
  }
  if (Status s = tree->Finish(); !s.ok()) return s;
  if (!submodules.empty())
    diag.Note(dir, std::to_string(submodules.size()) +
                       " submodule path(s) skipped: their history lives in other repositories");

  // Read each distinct blob once.
  std::vector<const std::string*> wanted;
  for (const auto& id : blob_order) {
    const auto& list = origins[id];
    if (std::all_of(list.begin(), list.end(),
                    [](const BlobOrigin& o) { return HasBinaryExtension(o.path); })) {
      counters.files_binary++;
      diag.Debug(list.front().path, "binary file; skipped");
      continue;
    }
    wanted.push_back(&id);
  }
  if (wanted.empty()) return Status::Ok();
  std::string ids;
  for (const auto* id : wanted) ids += *id + "\n";
  std::unique_ptr<GitProcess> cat;
  if (Status s = GitProcess::Start(dir, {"cat-file", "--batch"}, std::move(ids), &cat); !s.ok()) return s;

  auto visit_one = [&](const Pending& p) {
    Blob blob;
    blob.data = p.data;
    blob.path = p.origins->front().path;
    blob.exposure = Exposure::kHistory;
    blob.commit = p.origins->front().commit;
    blob.blob_id = *p.id;
    blob.origins = p.origins;
    visit(blob);
  };
  ParallelBatches<Pending, decltype(visit_one)> batches(visit_one);
  CatFileObject object;
  for (const auto* id : wanted) {
    const std::vector<BlobOrigin>& list = origins[*id];
    const std::string& where = list.front().path;
    if (Status s = ReadCatFileObject(*cat, options_.max_file_size, &object); !s.ok()) return s;
    switch (object.kind) {
      case CatFileObject::Kind::kMissing: {
        counters.objects_missing++;
        const size_t sp = object.header.find(' ');
        diag.Error(where, "object " + *id + " (commit " + list.front().commit + ") cannot be read (" +
                              object.header.substr(sp == std::string::npos ? 0 : sp + 1) + ")");
        break;
      }
      case CatFileObject::Kind::kNotBlob:
        break;
      case CatFileObject::Kind::kTooLarge:
        counters.files_too_large++;
        diag.Debug(where, "blob " + *id + " larger than --max-file-size; skipped");
        break;
      case CatFileObject::Kind::kBinary:
        counters.files_binary++;
        diag.Debug(where, "binary file; skipped");
        break;
      case CatFileObject::Kind::kText:
        counters.files_scanned++;
        counters.blobs_distinct++;
        counters.bytes_scanned += object.data.size();
        batches.Add(Pending{id, &list, std::move(object.data)});
        break;
    }
  }
  batches.Flush();
  return cat->Finish();
}

}  // namespace blastradius
