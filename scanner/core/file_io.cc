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
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

bool WriteAll(int fd, std::string_view data) {
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

Status AtomicFileWriter::Open(const std::string& path, mode_t mode, bool devices_in_place,
                              std::unique_ptr<AtomicFileWriter>* out) {
  std::unique_ptr<AtomicFileWriter> w(new AtomicFileWriter());
  w->path_ = path;
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
      w->fd_ = fd.release();
      *out = std::move(w);
      return Status::Ok();
    }
    // A regular file now: fall through to the atomic replacement.
  }
  std::string dir = ".";
  w->base_ = path;
  if (size_t slash = path.rfind('/'); slash != std::string::npos) {
    dir = slash == 0 ? "/" : path.substr(0, slash);
    w->base_ = path.substr(slash + 1);
  }
  if (w->base_.empty() || w->base_ == "." || w->base_ == "..")
    return Status::InvalidArgument(path + ": not a file name");
  w->dir_fd_ = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (w->dir_fd_ < 0) return Status::IoError(path + ": cannot open its directory: " + Errno());
  for (int attempt = 0; attempt < 16 && w->fd_ < 0; ++attempt) {
    w->tmp_ = "." + w->base_ + ".tmp." + RandomSuffix();
    w->fd_ = openat(w->dir_fd_, w->tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (w->fd_ < 0 && errno != EEXIST) break;
  }
  if (w->fd_ < 0) {
    w->tmp_.clear();
    return Status::IoError(path + ": cannot create a temporary file: " + Errno());
  }
  *out = std::move(w);
  return Status::Ok();
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) close(fd_);
  if (!done_ && dir_fd_ >= 0 && !tmp_.empty()) unlinkat(dir_fd_, tmp_.c_str(), 0);
  if (dir_fd_ >= 0) close(dir_fd_);
}

Status AtomicFileWriter::Append(std::string_view data) {
  if (done_ || fd_ < 0) return Status::Internal(path_ + ": written after its end");
  if (!WriteAll(fd_, data)) return Status::IoError(path_ + ": write failed: " + Errno());
  return Status::Ok();
}

Status AtomicFileWriter::Commit() {
  if (done_ || fd_ < 0) return Status::Internal(path_ + ": committed twice");
  done_ = true;
  if (dir_fd_ < 0) return Status::Ok();  // a device, written in place
  if (renameat(dir_fd_, tmp_.c_str(), dir_fd_, base_.c_str()) != 0) {
    std::string why = Errno();
    unlinkat(dir_fd_, tmp_.c_str(), 0);
    return Status::IoError(path_ + ": " + why);
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& data, mode_t mode,
                           bool devices_in_place) {
  std::unique_ptr<AtomicFileWriter> w;
  if (Status s = AtomicFileWriter::Open(path, mode, devices_in_place, &w); !s.ok()) return s;
  if (Status s = w->Append(data); !s.ok()) return s;
  return w->Commit();
}

}  // namespace blastradius
