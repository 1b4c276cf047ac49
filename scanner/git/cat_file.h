// Reading `git cat-file --batch` output for the diff and history sources:
// one object at a time (its header, then the body of a text blob within
// the size limit, the body skipped otherwise), and the text blobs handed
// on in bounded batches, each visited in parallel.
#ifndef BLASTRADIUS_GIT_CAT_FILE_H_
#define BLASTRADIUS_GIT_CAT_FILE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scanner/core/parallel.h"
#include "scanner/core/status.h"
#include "scanner/git/git_process.h"

namespace blastradius {

struct CatFileObject {
  enum class Kind {
    kText,      // a blob: `data` holds its body
    kMissing,   // git could not read it: `header` is its line ("<id> missing")
    kNotBlob,   // a tree, commit or tag
    kTooLarge,  // a blob over the size limit
    kBinary,    // a blob that LooksBinary
  };
  Kind kind = Kind::kMissing;
  std::string header;
  std::string data;
};

// Reads the next object from `cat` (a `git cat-file --batch` being fed
// object ids). An error when its output ends early or its header is
// malformed; `cat` is then aborted.
Status ReadCatFileObject(GitProcess& cat, uint64_t max_size, CatFileObject* object);

// Text blobs held until a batch is full (64 MiB or 256 blobs), then
// visited in parallel: memory stays bounded while matching runs on every
// core. Item has a std::string `data`. Call Flush() after the last Add.
template <typename Item, typename Visit>
class ParallelBatches {
 public:
  explicit ParallelBatches(Visit visit) : visit_(std::move(visit)) {}

  void Add(Item item) {
    bytes_ += item.data.size();
    items_.push_back(std::move(item));
    if (bytes_ >= kMaxBytes || items_.size() >= kMaxItems) Flush();
  }
  void Flush() {
    ParallelForEach(items_.begin(), items_.end(), visit_);
    items_.clear();
    bytes_ = 0;
  }

 private:
  static constexpr size_t kMaxBytes = 64 << 20;
  static constexpr size_t kMaxItems = 256;
  Visit visit_;
  std::vector<Item> items_;
  size_t bytes_ = 0;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_GIT_CAT_FILE_H_
