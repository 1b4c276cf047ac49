#include "scanner/git/cat_file.h"

#include <charconv>

#include "scanner/source/blob.h"

namespace blastradius {

Status ReadCatFileObject(GitProcess& cat, uint64_t max_size, CatFileObject* object) {
  object->data.clear();
  std::string& header = object->header;
  if (!cat.ReadLine(&header)) {
    cat.Abort();
    return Status::IoError("git cat-file --batch ended early: " + GitErrorSummary(cat.stderr_text()));
  }
  // "<id> <type> <size>" or "<id> missing"
  const size_t sp1 = header.find(' ');
  const size_t sp2 = sp1 == std::string::npos ? std::string::npos : header.find(' ', sp1 + 1);
  if (sp2 == std::string::npos) {
    object->kind = CatFileObject::Kind::kMissing;
    return Status::Ok();
  }
  uint64_t size = 0;
  const char* num = header.data() + sp2 + 1;
  auto [end, ec] = std::from_chars(num, header.data() + header.size(), size);
  if (ec != std::errc() || end != header.data() + header.size()) {
    cat.Abort();
    return Status::Corrupt("unexpected git cat-file output: " + header);
  }
  const bool blob = header.compare(sp1 + 1, sp2 - sp1 - 1, "blob") == 0;
  if (!blob || size > max_size) {
    object->kind = blob ? CatFileObject::Kind::kTooLarge : CatFileObject::Kind::kNotBlob;
    if (!cat.Skip(size + 1)) {
      cat.Abort();
      return Status::IoError("git cat-file --batch ended early");
    }
    return Status::Ok();
  }
  if (!cat.ReadExact(size, &object->data) || !cat.Skip(1)) {
    cat.Abort();
    return Status::IoError("git cat-file --batch ended early");
  }
  object->kind = LooksBinary(object->data) ? CatFileObject::Kind::kBinary : CatFileObject::Kind::kText;
  return Status::Ok();
}

}  // namespace blastradius
