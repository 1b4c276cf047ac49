#include "scanner/core/file_io.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace blastradius {
namespace {

std::string Errno() { return std::strerror(errno); }

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// 16 random hex digits for temporary names.
std::string RandomSuffix() {
  unsigned char bytes[8] = {};
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out = std::to_string(getpid()) + ".";
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace

Status ReadWholeFile(const std::string& path, std::string* out, const ReadOptions& options) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is rejected
  // by the fstat below anyway.
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  if (!options.follow_symlinks) flags |= O_NOFOLLOW;
  Fd fd(open(path.c_str(), flags));
  if (fd.get() < 0) {
    if (errno == ELOOP && !options.follow_symlinks)
      return Status::InvalidArgument(path + ": is a symbolic link; not read");
    return Status::NotFound(path + ": cannot open: " + Errno());
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return Status::IoError(path + ": " + Errno());
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > options.max_size)
    return Status::InvalidArgument(path + ": larger than " + std::to_string(options.max_size) + " bytes");
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  for (;;) {
    if (got == data.size()) {
      // The file grew after fstat: read on, still bounded.
      if (data.size() > options.max_size)
        return Status::InvalidArgument(path + ": larger than " + std::to_string(options.max_size) + " bytes");
      data.resize(data.size() + 4096);
    }
    ssize_t n = read(fd.get(), data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError(path + ": read failed: " + Errno());
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  if (got > options.max_size)
    return Status::InvalidArgument(path + ": larger than " + std::to_string(options.max_size) + " bytes");
  data.resize(got);
  *out = std::move(data);
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& data, mode_t mode,
                           bool devices_in_place) {
  // Devices and FIFOs (-o /dev/null, -o /dev/stdout, a named pipe) are
  // written in place: renaming over them would replace the device. Opened
  // without O_CREAT or O_TRUNC and checked again after the open, so a
  // regular file swapped in meanwhile is never truncated or followed.
  struct stat st;
  if (devices_in_place && stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    Fd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) return Status::IoError(path + ": cannot open for writing: " + Errno());
    struct stat now;
    if (fstat(fd.get(), &now) == 0 && !S_ISREG(now.st_mode)) {
      if (!WriteAll(fd.get(), data)) return Status::IoError(path + ": write failed: " + Errno());
      return Status::Ok();
    }
    // A regular file now: fall through to the atomic replacement.
  }
  std::string dir = ".", base = path;
  if (size_t slash = path.rfind('/'); slash != std::string::npos) {
    dir = slash == 0 ? "/" : path.substr(0, slash);
    base = path.substr(slash + 1);
  }
  if (base.empty() || base == "." || base == "..") return Status::InvalidArgument(path + ": not a file name");
  Fd dir_fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0) return Status::IoError(path + ": cannot open its directory: " + Errno());
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    tmp = "." + base + ".tmp." + RandomSuffix();
    fd = openat(dir_fd.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return Status::IoError(path + ": cannot create a temporary file: " + Errno());
  Fd tmp_fd(fd);
  if (!WriteAll(tmp_fd.get(), data)) {
    std::string why = Errno();
    unlinkat(dir_fd.get(), tmp.c_str(), 0);
    return Status::IoError(path + ": write failed: " + why);
  }
  if (renameat(dir_fd.get(), tmp.c_str(), dir_fd.get(), base.c_str()) != 0) {
    std::string why = Errno();
    unlinkat(dir_fd.get(), tmp.c_str(), 0);
    return Status::IoError(path + ": " + why);
  }
  return Status::Ok();
}

}  // namespace blastradius
