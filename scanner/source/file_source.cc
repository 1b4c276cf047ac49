#include "scanner/source/file_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <tbb/enumerable_thread_specific.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "scanner/core/parallel.h"
#include "scanner/diag/diagnostics.h"
#include "scanner/git/exposure.h"

namespace blastradius {
namespace {

constexpr size_t kFileBatch = 32;

struct FileRef {
  std::string abs;                    // absolute path (exposure, fallback open)
  std::string path;                   // display path relative to its root
  int root_fd = -1;                   // directory root: `path` is opened beneath it
  const std::string* root = nullptr;  // Blob::root ("" or null: none)
};

struct Task {
  bool is_dir = false;
  std::string abs;  // directory: absolute path
  std::string rel;  // directory: path relative to root ("" for the root)
  int root_fd = -1;
  std::vector<FileRef> files;
  const std::string* root = nullptr;  // Blob::root of its files
};

// `path` under its root label, as messages and reports name it.
std::string Qualified(const std::string* root, const std::string& path) {
  if (!root || root->empty()) return path;
  if (path.empty()) return *root;
  return root->back() == '/' ? *root + path : *root + "/" + path;
}

// With several roots, a root's paths are shown under the root as given
// ("a/" -> "a", "./a" -> "a"; "." adds nothing), so that `scan a b` where
// both hold config/app.env names two files.
std::string RootLabel(const std::string& root) {
  std::string s = std::filesystem::path(root).lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s == "." ? "" : s;
}

// Opens `rel` beneath the directory `root_fd` without following any
// symlink on the way (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): a
// file or directory swapped for a symlink after the listing is refused
// (ELOOP/EXDEV), so nothing outside the root is ever read. Kernels before
// 5.6: the absolute path with O_NOFOLLOW (last component only).
int OpenBeneath(int root_fd, const std::string& rel, const std::string& abs, int flags) {
  flags |= O_NOFOLLOW | O_CLOEXEC;
  if (root_fd >= 0) {
    struct open_how how = {};
    how.flags = static_cast<uint64_t>(flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, root_fd, rel.empty() ? "." : rel.c_str(), &how, sizeof how);
    if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
  }
  return open(abs.c_str(), flags);
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}

std::string TooLarge(uint64_t max_size) {
  return "larger than --max-file-size (" + std::to_string(max_size) + " bytes); not scanned";
}

// A file over --max-file-size found by walking a tree is counted and shown
// in the summary (and by -v), as binary files are; one named on the command
// line is an error (it was asked for and not scanned). The staged and diff
// sources always fail closed.
void ReportTooLarge(const FileRef& ref, uint64_t max_size, Diagnostics& diag) {
  if (ref.root_fd < 0)
    diag.Error(Qualified(ref.root, ref.path), TooLarge(max_size));
  else
    diag.Debug(Qualified(ref.root, ref.path), TooLarge(max_size));
}

// Reads the whole regular file at `ref` into `buf` (its first `*len`
// bytes). Returns false (after counting or reporting) when the file is
// skipped. Most files fit the first read into the 256 KiB per-thread
// buffer, so the common case costs open + read + close: fstat only runs
// when the buffer fills, and a short read of a regular file is its end.
bool ReadFile(const FileRef& ref, const FileSourceOptions& options, std::string* buf, size_t* len,
              SourceCounters& counters, Diagnostics& diag) {
  const uint64_t max_size = options.max_file_size;
  int fd;
  if (int injected = options.inject_open_error ? options.inject_open_error(ref.path) : 0; injected != 0) {
    errno = injected;
    fd = -1;
  } else {
    fd = ref.root_fd >= 0 ? OpenBeneath(ref.root_fd, ref.path, ref.abs, O_RDONLY | O_NONBLOCK | O_NOCTTY)
                          : open(ref.abs.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  }
  if (fd < 0) {
    if (errno == ELOOP || errno == EXDEV) {
      // Listed as a regular file, a symlink by the time it was opened.
      diag.Error(Qualified(ref.root, ref.path), "replaced by a symbolic link during the scan; not read");
      return false;
    }
    diag.Error(Qualified(ref.root, ref.path), std::string("cannot open: ") + std::strerror(errno));
    return false;
  }
  constexpr size_t kFirstRead = 256 * 1024;
  if (buf->size() < kFirstRead) buf->resize(kFirstRead);
  ssize_t n;
  while ((n = read(fd, buf->data(), kFirstRead)) < 0 && errno == EINTR) {
  }
  if (n < 0) {
    // EISDIR, EAGAIN on a FIFO swapped in after the walk, or an I/O error:
    // either way the file was not scanned, which the summary must say.
    int err = errno;
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    close(fd);
    diag.Error(Qualified(ref.root, ref.path), regular ? std::string("read failed: ") + std::strerror(err)
                                                      : std::string("not a regular file; not scanned"));
    return false;
  }
  size_t got = static_cast<size_t>(n);
  if (got == kFirstRead) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      diag.Error(Qualified(ref.root, ref.path), "not a regular file; not scanned");
      return false;
    }
    if (static_cast<uint64_t>(st.st_size) > max_size) {
      close(fd);
      counters.files_too_large++;
      ReportTooLarge(ref, max_size, diag);
      return false;
    }
    if (LooksBinary(std::string_view(buf->data(), got))) {
      // Binary by its first bytes, which is all the caller looks at: the
      // rest (a multi-gigabyte sparse file under a large --max-file-size)
      // is never read.
      close(fd);
      *len = got;
      return true;
    }
    for (;;) {
      if (got == buf->size())
        buf->resize(std::max<size_t>(buf->size() * 2, static_cast<size_t>(st.st_size) + 1));
      ssize_t m = read(fd, buf->data() + got, buf->size() - got);
      if (m < 0 && errno == EINTR) continue;
      if (m < 0) {
        diag.Error(Qualified(ref.root, ref.path), std::string("read failed: ") + std::strerror(errno));
        close(fd);
        return false;
      }
      if (m == 0) break;
      got += static_cast<size_t>(m);
      if (got > max_size) break;
    }
  }
  close(fd);
  if (got > max_size) {
    counters.files_too_large++;
    ReportTooLarge(ref, max_size, diag);
    return false;
  }
  *len = got;
  return true;
}

}  // namespace

Status FileSystemSource::Run(const BlobVisitor& visit, SourceCounters& counters, Diagnostics& diag) {
  ExposureMap exposure;
  std::vector<Task> initial;
  // One descriptor per directory root, closed when Run returns.
  std::vector<int> root_fds;
  struct Closer {
    std::vector<int>* fds;
    ~Closer() {
      for (int fd : *fds) close(fd);
    }
  } closer{&root_fds};
  // Root labels (pointed at by tasks and files: sized once, never moved).
  std::vector<std::string> labels;
  labels.reserve(options_.roots.size());
  for (const auto& root : options_.roots) {
    labels.push_back(options_.roots.size() > 1 ? RootLabel(root) : "");
    const std::string* label = &labels.back();
    struct stat st;
    if (stat(root.c_str(), &st) != 0) return Status::NotFound(root + ": " + std::strerror(errno));
    std::error_code ec;
    std::string abs = std::filesystem::weakly_canonical(std::filesystem::absolute(root), ec).string();
    if (ec) abs = root;
    if (S_ISDIR(st.st_mode)) {
      int fd = open(abs.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0) return Status::NotFound(root + ": " + std::strerror(errno));
      root_fds.push_back(fd);
      initial.push_back({true, abs, "", fd, {}, label});
    } else if (S_ISREG(st.st_mode)) {
      // An explicit file is always scanned, excludes notwithstanding.
      std::string shown = std::filesystem::path(root).lexically_normal().generic_string();
      initial.push_back({false, "", "", -1, {{abs, shown, -1}}});
    } else {
      diag.Error(root, "not a regular file or directory; skipped");
    }
  }

  tbb::enumerable_thread_specific<std::string> buffers;
  auto scan_files = [&](const std::vector<FileRef>& files) {
    std::string& buf = buffers.local();
    for (const auto& f : files) {
      if (HasBinaryExtension(f.path)) {
        counters.files_binary++;
        diag.Debug(Qualified(f.root, f.path), "binary file (by its extension); skipped");
        continue;
      }
      size_t len = 0;
      if (!ReadFile(f, options_, &buf, &len, counters, diag)) continue;
      std::string_view data(buf.data(), len);
      if (LooksBinary(data)) {
        counters.files_binary++;
        diag.Debug(Qualified(f.root, f.path), "binary file; skipped");
        continue;
      }
      counters.files_scanned++;
      counters.bytes_scanned += len;
      Blob blob;
      blob.data = data;
      blob.path = f.path;
      if (f.root) blob.root = *f.root;
      blob.exposure = options_.classify_exposure ? exposure.Classify(f.abs) : Exposure::kFile;
      visit(blob);
    }
  };

  ParallelForEachFed<Task>(
      initial.begin(), initial.end(), [&](const Task& task, ParallelFeeder<Task>& feeder) {
        if (!task.is_dir) {
          scan_files(task.files);
          return;
        }
        int dir_fd = OpenBeneath(task.root_fd, task.rel, task.abs, O_RDONLY | O_DIRECTORY);
        DIR* dir = dir_fd >= 0 ? fdopendir(dir_fd) : nullptr;
        if (!dir) {
          int err = errno;
          if (dir_fd >= 0) close(dir_fd);
          diag.Error(task.rel.empty() ? task.abs : Qualified(task.root, task.rel),
                     err == ELOOP || err == EXDEV || err == ENOTDIR
                         ? std::string("replaced by a symbolic link during the scan; not read")
                         : std::string("cannot read directory: ") + std::strerror(err));
          return;
        }
        Task batch;
        while (struct dirent* e = readdir(dir)) {
          std::string name = e->d_name;
          if (name == "." || name == "..") continue;
          std::string abs = Join(task.abs, name);
          std::string rel = Join(task.rel, name);
          unsigned char type = e->d_type;
          if (type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
            type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
          }
          if (type == DT_DIR) {
            if (!options_.filter || !options_.filter->ExcludedDir(name, rel))
              feeder.Add(Task{true, abs, rel, task.root_fd, {}, task.root});
          } else if (type == DT_REG) {
            if (options_.filter && options_.filter->ExcludedFile(rel)) continue;
            batch.files.push_back({abs, rel, task.root_fd, task.root});
            if (batch.files.size() == kFileBatch) {
              feeder.Add(std::move(batch));
              batch = Task{};
            }
          }
          // Symlinks, FIFOs, sockets and devices are not followed or opened.
        }
        closedir(dir);
        if (!batch.files.empty()) scan_files(batch.files);
      });
  return Status::Ok();
}

}  // namespace blastradius
