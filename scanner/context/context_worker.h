// ContextWorker: per-thread tree-sitter parser and query cursor that
// annotates the candidate secrets of one blob with their Context. Only blobs
// that have candidates are parsed, under a size cap (never a timeout: the
// same input always gets the same context); when there is no grammar or the
// parse fails, the line readers (line_reader.h) answer instead.
#ifndef BLASTRADIUS_CONTEXT_CONTEXT_WORKER_H_
#define BLASTRADIUS_CONTEXT_CONTEXT_WORKER_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "scanner/context/context.h"
#include "scanner/context/language.h"
#include "scanner/core/span.h"

namespace blastradius {

struct ContextOptions {
  // Files up to this size are parsed whole. The parsed size alone bounds the
  // cost (tree-sitter parses ~5 MB/s, linear in the input); there is no
  // wall-clock timeout, so results never depend on load.
  size_t max_parse_bytes = 32 * 1024;
  // Larger files: bytes parsed on each side of a candidate (0 = line reader
  // only).
  size_t window_bytes = 4 * 1024;
};

class ContextWorker {
 public:
  // `registry` must outlive the worker. Not thread-safe: one per thread.
  ContextWorker(const LanguageRegistry& registry, ContextOptions options);
  ~ContextWorker();
  ContextWorker(const ContextWorker&) = delete;
  ContextWorker& operator=(const ContextWorker&) = delete;

  // Appends one Context per secret span, in the same order.
  void Annotate(std::string_view path, std::string_view data, const std::vector<Span>& secrets,
                std::vector<Context>* out);

  // Parses that failed (for statistics and tests).
  uint64_t failed_parses() const { return failed_parses_; }

 private:
  // Where the tree's answer came from, for reconciling it with the line's.
  struct TreeAnswer {
    uint32_t key_end = 0;        // end byte of the chosen @key node; 0: none
    uint32_t literal_begin = 0;  // start byte of the literal holding the secret
    bool in_literal = false;
  };
  // Sets kind, key and call from the tree.
  TreeAnswer AnnotateTree(const Language& lang, TSNode root, std::string_view data, Span secret,
                          Context* ctx);

  TSTree* Parse(const Language& lang, std::string_view text);
  // Annotates `secret` (offsets into `text`) from `tree`, merging with the
  // line reader's key already in `ctx`.
  void ApplyTree(const Language& lang, TSTree* tree, std::string_view text, Span secret, Context* ctx);

  const LanguageRegistry& registry_;
  ContextOptions options_;
  TSParser* parser_ = nullptr;
  TSQueryCursor* cursor_ = nullptr;
  uint64_t failed_parses_ = 0;
  // Scratch of AnnotateTree.
  std::vector<std::string_view> enclosing_types_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_CONTEXT_WORKER_H_
