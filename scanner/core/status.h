// Status: an error value (code + message) returned across module boundaries.
// An OK status carries no message. Messages name the place of the error
// (file, JSON pointer, signature id) so the CLI can print them verbatim.
#ifndef BLASTRADIUS_CORE_STATUS_H_
#define BLASTRADIUS_CORE_STATUS_H_

#include <string>
#include <utility>

namespace blastradius {

class Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kIoError, kCorrupt, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corrupt(std::string msg) { return Status(Code::kCorrupt, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CORE_STATUS_H_
