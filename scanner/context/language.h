// LanguageRegistry: maps a file to a tree-sitter grammar and owns the
// compiled context query of every language (grammars/queries/<lang>/
// context.scm). Built once at startup; immutable and shared by all threads.
//
// Query capture contract (every context.scm):
//   @key    the name a value is bound to (identifier, property, string key)
//   @value  the bound value expression; a match with both is a binding
//   @call   optional: the function of the call holding a keyword argument
//   @comment a comment node
// Captures starting with '_' are helpers for predicates. The text predicates
// #eq?, #not-eq?, #match?, #not-match?, #any-of? and #not-any-of? are
// evaluated by MatchSatisfiesPredicates (the tree-sitter runtime does not
// evaluate them); any other predicate is a Build error.
#ifndef BLASTRADIUS_CONTEXT_LANGUAGE_H_
#define BLASTRADIUS_CONTEXT_LANGUAGE_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/core/status.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace blastradius {

// One text predicate of a query pattern, compiled.
struct QueryPredicate {
  enum class Op { kEq, kMatch, kAnyOf };
  Op op = Op::kEq;
  bool negated = false;
  uint32_t capture = UINT32_MAX;          // the capture tested
  uint32_t other_capture = UINT32_MAX;    // #eq? @a @b
  std::vector<std::string> literals;      // #eq? @a "x" (one), #any-of? (several)
  std::shared_ptr<const re2::RE2> regex;  // #match?
};

struct Language {
  std::string name;  // "python"
  const TSLanguage* grammar = nullptr;
  TSQuery* query = nullptr;  // owned; may be null if the language has no query
  uint32_t key_capture = UINT32_MAX;
  uint32_t value_capture = UINT32_MAX;
  uint32_t call_capture = UINT32_MAX;
  uint32_t comment_capture = UINT32_MAX;
  // Text predicates of each pattern, indexed by pattern index.
  std::vector<std::vector<QueryPredicate>> predicates;
};

// True when `match` (of lang.query, over `data`) satisfies the text
// predicates of its pattern.
bool MatchSatisfiesPredicates(const Language& lang, const TSQueryMatch& match, std::string_view data);

// The grammar name for a path by extension or file name ("python", "tsx"),
// or "" when none applies. Cheap: compiles nothing.
std::string_view LanguageNameForPath(std::string_view path);

class LanguageRegistry {
 public:
  // Registers every grammar. Queries are compiled on first use of their
  // language (compiling all 14 costs ~0.3 s, too much for a pre-commit
  // run that touches two files), or all at once with `compile_now`, where a
  // bad query is an error naming the file and byte offset.
  static Status Build(std::unique_ptr<LanguageRegistry>* out, bool compile_now = false);
  ~LanguageRegistry();
  LanguageRegistry(const LanguageRegistry&) = delete;
  LanguageRegistry& operator=(const LanguageRegistry&) = delete;

  // The language for a path (by extension or file name), or nullptr.
  const Language* ForPath(std::string_view path) const;
  const Language* ByName(std::string_view name) const;
  const std::vector<Language>& languages() const { return languages_; }

 private:
  struct Slot {
    std::once_flag once;
    Status status;
  };
  LanguageRegistry() = default;
  // Compiles languages_[index]'s query once; thread-safe.
  Status Compiled(size_t index) const;
  // Mutated only inside Compiled(), under the slot's once_flag.
  mutable std::vector<Language> languages_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_LANGUAGE_H_
