#include "scanner/git/diff_blobs.h"

#include "scanner/diag/diagnostics.h"
#include "scanner/git/cat_file.h"
#include "scanner/git/git_process.h"
#include "scanner/walk/path_filter.h"

namespace blastradius {
namespace {

struct Pending {
  const RawDiffEntry* entry;
  std::string data;
};

}  // namespace

bool PathExcluded(const PathFilter* filter, const std::string& path) {
  if (!filter) return false;
  size_t start = 0;
  for (;;) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) break;
    std::string_view name(path.data() + start, slash - start);
    if (filter->ExcludedDir(name, std::string_view(path.data(), slash))) return true;
    start = slash + 1;
  }
  return filter->ExcludedFile(path);
}

bool SplitRawDiffFields(std::string_view meta, std::array<std::string_view, 5>* fields) {
  size_t n = 0, s = 0;
  while (s <= meta.size()) {
    size_t sp = meta.find(' ', s);
    if (sp == std::string_view::npos) sp = meta.size();
    if (n == fields->size()) return false;
    (*fields)[n++] = meta.substr(s, sp - s);
    s = sp + 1;
  }
  return n == fields->size() && !(*fields)[4].empty();
}

Status ParseRawDiff(const std::string& raw, std::vector<RawDiffEntry>* out) {
  out->clear();
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t z = raw.find('\0', pos);
    if (z == std::string::npos || raw[pos] != ':') return Status::Corrupt("unexpected git raw diff output");
    std::string_view meta(raw.data() + pos + 1, z - pos - 1);
    pos = z + 1;
    std::array<std::string_view, 5> f;
    if (!SplitRawDiffFields(meta, &f))
      return Status::Corrupt("unexpected git raw diff line: " + std::string(meta));
    RawDiffEntry e;
    e.mode = std::string(f[1]);
    e.id = std::string(f[3]);
    e.status = f[4][0];
    size_t paths = (e.status == 'R' || e.status == 'C') ? 2 : 1;
    for (size_t i = 0; i < paths; ++i) {
      size_t pz = raw.find('\0', pos);
      if (pz == std::string::npos) return Status::Corrupt("truncated git raw diff output");
      e.path = raw.substr(pos, pz - pos);  // the last one is the post-image path
      pos = pz + 1;
    }
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

std::vector<std::string> PatchFlags() {
  // Rename detection is on here (unlike the listing): a moved file adds only
  // the lines it changed, so an old secret is not reported again because
  // its file was renamed.
  return {"-p",
          "-U0",
          "--inter-hunk-context=0",
          "--no-color",
          "--no-ext-diff",
          "--no-textconv",
          "--text",
          "-M",
          "--src-prefix=a/",
          "--dst-prefix=b/",
          "--submodule=short",
          "--diff-filter=ACMRT"};
}

Status EmptyTreeId(const std::string& dir, std::string* id) {
  std::string out;
  if (Status s = RunGitWithInput(dir, {"hash-object", "-t", "tree", "--stdin"}, "", &out); !s.ok()) return s;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  *id = out;
  return Status::Ok();
}

Status StartDiff(const DiffBlobsSpec& spec, StartedDiff* out) {
  // The patch does not depend on the listing, so the two gits run side by
  // side (and cat-file starts before the patch is read): a pre-commit run
  // would otherwise wait for each git in turn.
  out->patch.reset();
  out->raw.reset();
  if (spec.only_added_lines) {
    if (Status s = GitProcess::Start(spec.dir, spec.patch_args, "", &out->patch); !s.ok()) return s;
  }
  return GitProcess::Start(spec.dir, spec.raw_args, "", &out->raw);
}

Status RunDiffBlobs(const DiffBlobsSpec& spec, const BlobVisitor& visit, SourceCounters& counters,
                    Diagnostics& diag, std::unordered_map<std::string, AddedLines>* added) {
  StartedDiff started;
  if (Status s = StartDiff(spec, &started); !s.ok()) return s;
  return RunDiffBlobs(spec, std::move(started), visit, counters, diag, added);
}

Status RunDiffBlobs(const DiffBlobsSpec& spec, StartedDiff started, const BlobVisitor& visit,
                    SourceCounters& counters, Diagnostics& diag,
                    std::unordered_map<std::string, AddedLines>* added) {
  // An early return stops whichever process is still running (~GitProcess).
  std::unique_ptr<GitProcess> patch = std::move(started.patch);
  if (spec.only_added_lines != (patch != nullptr) || !started.raw)
    return Status::Internal("git diff started without its processes");
  std::string raw;
  started.raw->ReadAll(&raw);
  if (Status s = started.raw->Finish(); !s.ok()) return s;
  std::vector<RawDiffEntry> entries;
  if (Status s = ParseRawDiff(raw, &entries); !s.ok()) return s;

  std::vector<const RawDiffEntry*> wanted;
  for (const auto& e : entries) {
    if (e.mode == "160000" || e.mode == "120000") continue;  // submodules, symlinks
    if (PathExcluded(spec.filter, e.path)) continue;
    if (HasBinaryExtension(e.path)) {
      counters.files_binary++;
      diag.Debug(e.path, "binary file; skipped");
      continue;
    }
    wanted.push_back(&e);
  }
  if (wanted.empty()) return Status::Ok();

  std::string ids;
  for (const auto* e : wanted) ids += e->id + "\n";
  std::unique_ptr<GitProcess> cat;
  if (Status s = GitProcess::Start(spec.dir, {"cat-file", "--batch"}, std::move(ids), &cat); !s.ok())
    return s;

  std::unordered_map<std::string, AddedLines> local_added;
  std::unordered_map<std::string, AddedLines>& lines = added ? *added : local_added;
  lines.clear();
  if (patch) {
    UnifiedDiffParser parser;
    std::string line;
    while (patch->ReadLine(&line)) parser.Line(line);
    parser.Finish();
    if (Status s = patch->Finish(); !s.ok()) return s;
    lines = std::move(parser.files());
  }

  auto visit_one = [&](const Pending& p) {
    Blob blob;
    blob.data = p.data;
    blob.path = p.entry->path;
    blob.exposure = spec.exposure;
    blob.commit = spec.commit;
    if (spec.only_added_lines) {
      auto it = lines.find(p.entry->path);
      // A path the patch did not mention (should not happen): scan it all
      // rather than miss something.
      if (it != lines.end()) AttachAddedLines(blob, &it->second);
    }
    visit(blob);
  };
  ParallelBatches<Pending, decltype(visit_one)> batches(visit_one);
  CatFileObject object;
  for (const auto* e : wanted) {
    if (Status s = ReadCatFileObject(*cat, spec.max_file_size, &object); !s.ok()) return s;
    switch (object.kind) {
      case CatFileObject::Kind::kMissing:
        diag.Error(e->path, "object " + e->id + " cannot be read (" + object.header + ")");
        break;
      case CatFileObject::Kind::kNotBlob:
        break;
      case CatFileObject::Kind::kTooLarge:
        counters.files_too_large++;
        diag.Error(e->path, "larger than --max-file-size (" + std::to_string(spec.max_file_size) +
                                " bytes); not scanned");
        break;
      case CatFileObject::Kind::kBinary:
        counters.files_binary++;
        diag.Debug(e->path, "binary file; skipped");
        break;
      case CatFileObject::Kind::kText:
        counters.files_scanned++;
        counters.bytes_scanned += object.data.size();
        batches.Add(Pending{e, std::move(object.data)});
        break;
    }
  }
  batches.Flush();
  return cat->Finish();
}

}  // namespace blastradius
