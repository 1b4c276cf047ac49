#include "scanner/git/diff_source.h"

#include <memory>

#include "scanner/diag/diagnostics.h"
#include "scanner/git/cat_file.h"
#include "scanner/git/diff_blobs.h"
#include "scanner/git/git.h"
#include "scanner/git/git_process.h"
#include "scanner/git/index_source.h"

namespace blastradius {
namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

Status ParseRevisionRange(std::string_view spec, RevisionRange* out) {
  *out = RevisionRange{};
  std::string s(spec);
  size_t dots = s.find("..");
  if (dots == std::string::npos) {
    out->base = s;
  } else {
    out->base = s.substr(0, dots);
    size_t rest = dots + 2;
    if (rest < s.size() && s[rest] == '.') {
      out->merge_base = true;
      ++rest;
    }
    std::string head = s.substr(rest);
    if (!head.empty()) out->head = head;
  }
  if (out->base.empty())
    return Status::InvalidArgument("'" + s + "': expected BASE..HEAD, BASE...HEAD or BASE");
  for (const std::string* r : {&out->base, &out->head}) {
    if ((*r)[0] == '-' || r->find("..") != std::string::npos)
      return Status::InvalidArgument("'" + s + "': bad revision '" + *r + "'");
  }
  return Status::Ok();
}

Status ResolveRevision(const std::string& dir, const std::string& rev, bool allow_tree, std::string* id) {
  if (rev.empty() || rev[0] == '-') return Status::InvalidArgument("bad revision '" + rev + "'");
  std::string out;
  if (RunGitWithInput(dir, {"rev-parse", "--verify", "-q", rev + "^{commit}"}, "", &out).ok() &&
      !out.empty()) {
    *id = FirstLine(out);
    return Status::Ok();
  }
  if (allow_tree && RunGitWithInput(dir, {"rev-parse", "--verify", "-q", rev + "^{tree}"}, "", &out).ok() &&
      !out.empty()) {
    *id = FirstLine(out);
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown revision '" + rev + "' (not a commit in " + dir + ")");
}

const AddedLines* GitDiffSource::AddedLinesFor(const std::string& path) const {
  auto it = added_.find(path);
  return it == added_.end() ? nullptr : &it->second;
}

Status GitDiffSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  if (Status s = WorkTreeTop(options_.repo, &top_); !s.ok()) return s;
  const RevisionRange& r = options_.range;
  if (Status s = ResolveRevision(top_, r.head, false, &head_commit_); !s.ok()) return s;
  if (Status s = ResolveRevision(top_, r.base, true, &base_id_); !s.ok()) return s;
  if (r.merge_base) {
    std::string out;
    if (!RunGitWithInput(top_, {"merge-base", base_id_, head_commit_}, "", &out).ok() || out.empty())
      return Status::InvalidArgument("'" + r.base + "..." + r.head + "': no merge base");
    base_id_ = FirstLine(out);
  }
  DiffBlobsSpec spec;
  spec.dir = top_;
  spec.raw_args = {"diff-tree",           "-r",     "--raw",      "-z", "--no-renames",
                   "--diff-filter=ACMRT", base_id_, head_commit_, "--"};
  spec.patch_args = {"-c", "core.quotePath=false", "diff-tree", "-r"};
  for (auto& f : PatchFlags()) spec.patch_args.push_back(f);
  spec.patch_args.insert(spec.patch_args.end(), {base_id_, head_commit_, "--"});
  spec.exposure = Exposure::kHistory;
  spec.commit = head_commit_;
  spec.filter = options_.filter;
  spec.max_file_size = options_.max_file_size;
  spec.only_added_lines = options_.only_added_lines;
  if (Status s = RunDiffBlobs(spec, visit, counters, diag, &added_); !s.ok()) return s;
  if (!options_.only_added_lines) return Status::Ok();
  return RunCommitByCommit(visit, counters, diag);
}

// The net diff misses a secret that one commit of the range added and a
// later one removed. Each commit's own added lines are scanned too; what is
// still in the range's last version of the path is left to the net diff
// (Blob::head_text), the rest is reported at the commit that added it with
// Location::removed_later.
Status GitDiffSource::RunCommitByCommit(const BlobVisitor& visit, SourceCounters& counters,
                                        Diagnostics& diag) {
  std::string out;
  // A tree as base (the empty tree): no commits to walk.
  if (!RunGitWithInput(top_, {"rev-parse", "--verify", "-q", base_id_ + "^{commit}"}, "", &out).ok())
    return Status::Ok();
  std::string listing;
  if (Status s = RunGitWithInput(top_,
                                 {"rev-list", "--no-commit-header", "--format=%H%x1f%an%x1f%aI", "--reverse",
                                  "--topo-order", "--no-merges", base_id_ + ".." + head_commit_, "--"},
                                 "", &listing);
      !s.ok())
    return s;
  struct CommitInfo {
    std::string id, author, date;
  };
  std::vector<CommitInfo> commits;
  std::string ids;
  size_t start = 0;
  while (start < listing.size()) {
    size_t nl = listing.find('\n', start);
    if (nl == std::string::npos) nl = listing.size();
    std::string line = listing.substr(start, nl - start);
    start = nl + 1;
    size_t a = line.find('\x1f');
    size_t b = a == std::string::npos ? a : line.find('\x1f', a + 1);
    if (b == std::string::npos) continue;
    commits.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
    ids += commits.back().id + "\n";
  }
  // One commit: its diff is the net diff.
  if (commits.size() < 2) return Status::Ok();

  // Added lines per commit, from one patch stream split at the commit ids
  // diff-tree --stdin prints before each commit's patch.
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < commits.size(); ++i) index[commits[i].id] = i;
  std::vector<std::unordered_map<std::string, AddedLines>> added(commits.size());
  {
    std::vector<std::string> args = {"-c", "core.quotePath=false", "diff-tree", "--stdin", "-r", "--root"};
    for (auto& f : PatchFlags()) args.push_back(f);
    std::unique_ptr<GitProcess> patch;
    if (Status s = GitProcess::Start(top_, args, ids, &patch); !s.ok()) return s;
    std::unique_ptr<UnifiedDiffParser> parser;
    size_t current = 0;
    std::string line;
    auto finish = [&] {
      if (!parser) return;
      parser->Finish();
      added[current] = std::move(parser->files());
      parser.reset();
    };
    while (patch->ReadLine(&line)) {
      auto it = index.find(line);
      if (it != index.end()) {
        finish();
        current = it->second;
        parser = std::make_unique<UnifiedDiffParser>();
        continue;
      }
      if (parser) parser->Line(line);
    }
    finish();
    if (Status s = patch->Finish(); !s.ok()) return s;
  }

  // The blobs each commit added, against its parent.
  std::string raw;
  {
    std::unique_ptr<GitProcess> tree;
    if (Status s = GitProcess::Start(top_,
                                     {"diff-tree", "--stdin", "-r", "--root", "--raw", "-z", "--no-renames",
                                      "--diff-filter=AMT", "--no-textconv", "--no-ext-diff"},
                                     ids, &tree);
        !s.ok())
      return s;
    tree->ReadAll(&raw);
    if (Status s = tree->Finish(); !s.ok()) return s;
  }
  // The range's last version of every path.
  const std::unordered_map<std::string, std::string> head_blobs = BlobsAtCommit(top_, head_commit_);
  struct Item {
    size_t commit;
    std::string path, id;
  };
  std::vector<Item> items;
  std::vector<std::string> head_ids;                        // head versions to read first
  std::unordered_map<std::string, std::string> head_texts;  // by blob id
  {
    size_t pos = 0, current = SIZE_MAX;
    while (pos < raw.size()) {
      size_t z = raw.find('\0', pos);
      if (z == std::string::npos) break;
      std::string token = raw.substr(pos, z - pos);
      pos = z + 1;
      if (token.empty()) continue;
      if (token[0] != ':') {
        auto it = index.find(token);
        current = it == index.end() ? SIZE_MAX : it->second;
        continue;
      }
      size_t pz = raw.find('\0', pos);
      if (pz == std::string::npos) break;
      std::string path = raw.substr(pos, pz - pos);
      pos = pz + 1;
      std::vector<RawDiffEntry> entry;
      if (!ParseRawDiff(token + '\0' + path + '\0', &entry).ok() || entry.size() != 1 || current == SIZE_MAX)
        continue;
      const RawDiffEntry& e = entry[0];
      if (e.mode == "160000" || e.mode == "120000" || PathExcluded(options_.filter, e.path) ||
          HasBinaryExtension(e.path))
        continue;
      auto lines = added[current].find(e.path);
      if (lines == added[current].end() || lines->second.empty()) continue;
      auto head = head_blobs.find(e.path);
      if (head != head_blobs.end() && head->second == e.id) continue;  // unchanged since: the net diff's
      if (head != head_blobs.end() && head_texts.emplace(head->second, std::string()).second)
        head_ids.push_back(head->second);
      items.push_back({current, e.path, e.id});
    }
  }
  if (items.empty()) return Status::Ok();

  std::string want;
  for (const auto& id : head_ids) want += id + "\n";
  for (const auto& it : items) want += it.id + "\n";
  std::unique_ptr<GitProcess> cat;
  if (Status s = GitProcess::Start(top_, {"cat-file", "--batch"}, std::move(want), &cat); !s.ok()) return s;
  CatFileObject object;
  for (const auto& id : head_ids) {
    if (Status s = ReadCatFileObject(*cat, options_.max_file_size, &object); !s.ok()) return s;
    if (object.kind == CatFileObject::Kind::kMissing)
      diag.Error(id, "object cannot be read (" + object.header + ")");
    if (object.kind == CatFileObject::Kind::kTooLarge) counters.files_too_large++;
    // Binary or not, the text the path has at HEAD.
    head_texts[id] = std::move(object.data);
  }
  static const std::string kDeleted;
  struct Pending {
    const Item* item;
    std::string data;
  };
  auto visit_one = [&](const Pending& p) {
    const Item& it = *p.item;
    const CommitInfo& c = commits[it.commit];
    const std::vector<BlobOrigin> origin{{it.path, c.id, c.author, c.date, it.commit, false, true}};
    auto head = head_blobs.find(it.path);
    Blob blob;
    blob.data = p.data;
    blob.path = it.path;
    blob.exposure = Exposure::kHistory;
    blob.commit = c.id;
    blob.blob_id = it.id;
    blob.origins = &origin;
    blob.head_text = head == head_blobs.end() ? &kDeleted : &head_texts.at(head->second);
    AttachAddedLines(blob, &added[it.commit].at(it.path));
    visit(blob);
  };
  ParallelBatches<Pending, decltype(visit_one)> batches(visit_one);
  for (const auto& it : items) {
    if (Status s = ReadCatFileObject(*cat, options_.max_file_size, &object); !s.ok()) return s;
    if (object.kind == CatFileObject::Kind::kMissing)
      diag.Error(it.path, "object cannot be read (" + object.header + ")");
    if (object.kind == CatFileObject::Kind::kTooLarge) counters.files_too_large++;
    if (object.kind != CatFileObject::Kind::kText) continue;
    counters.bytes_scanned += object.data.size();
    batches.Add(Pending{&it, std::move(object.data)});
  }
  batches.Flush();
  return cat->Finish();
}

}  // namespace blastradius
