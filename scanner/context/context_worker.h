// ContextWorker: per-thread tree-sitter parser and query cursor that
// annotates the candidate secrets of one blob with their Context. Only blobs
// that have candidates are parsed, under a size cap (never a timeout: the
// same input always gets the same context); when there is no grammar or the
// parse fails, the line readers (line_reader.h) answer instead.
#ifndef BLASTRADIUS_CONTEXT_CONTEXT_WORKER_H_
#define BLASTRADIUS_CONTEXT_CONTEXT_WORKER_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
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
  // Ranges the patterns as written answered (LanguageRegistry::AsWritten):
  // too deeply nested for wildcard parents, or the cursor's limit reached.
  uint64_t ranges_as_written() const { return ranges_as_written_; }

  // Over ranges nested at most this deep, a query with wildcard parents
  // keeps at most (kWildcardDepth + 2) matches in progress per pattern whose
  // root is a wildcard; deeper ranges use the patterns as written.
  static constexpr uint32_t kWildcardDepth = 32;
  static constexpr uint32_t kBuiltMatchLimit = 1024;
  // The limit the queries as written have.
  static constexpr uint32_t kWrittenMatchLimit = 256;

 private:
  // Where the tree's answer came from, for reconciling it with the line's.
  struct TreeAnswer {
    uint32_t key_end = 0;        // end byte of the chosen @key node; 0: none
    uint32_t literal_begin = 0;  // start byte of the literal holding the secret
    bool in_literal = false;
  };
  // The binding (key and call) of the smallest @value holding `secret`
  // that `query` finds in [from, secret.end) of the tree.
  struct Binding {
    bool found = false;
    std::string key;
    uint32_t key_end = 0;
    std::string call;
  };
  // False when the cursor's limit on matches in progress was reached: some
  // may have been dropped, so `out` may miss a binding.
  bool FindBinding(const Language& query, TSNode root, std::string_view data, Span secret, uint32_t from,
                   Binding* out);
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
  uint64_t ranges_as_written_ = 0;
  // Scratch of AnnotateTree.
  std::vector<std::string_view> enclosing_types_;
};

// Whether a node of `root`'s tree that overlaps [from, to] (ends after
// `from`, starts at or before `to`) lies more than `limit` levels below
// `root`. Visits only nodes that overlap the range and the siblings before
// them it steps over, and stops at the first node past the limit: the cost
// is the range's, never the nesting's beyond it.
bool NestedDeeperThan(TSNode root, uint32_t from, uint32_t to, uint32_t limit);

// Sets `types` to the distinct types of the nodes of `root`'s tree that
// hold `secret` (root first): a match's root node holds its @value, so only
// patterns rooted at one of these types can bind the secret. One cursor
// descent (ts_node_parent, which walks down from the root on each call,
// would be quadratic in the depth).
void EnclosingTypes(TSNode root, Span secret, std::vector<std::string_view>* types);

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_CONTEXT_WORKER_H_
