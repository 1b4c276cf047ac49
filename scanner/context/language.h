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
// evaluate them), as is #kind?, the node-type test of the queries built with
// wildcard parents (WildcardParents); any other predicate is a Build error.
#ifndef BLASTRADIUS_CONTEXT_LANGUAGE_H_
#define BLASTRADIUS_CONTEXT_LANGUAGE_H_

#include <tree_sitter/api.h>

#include <cstdint>
#include <deque>
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
  enum class Op { kEq, kMatch, kAnyOf, kKind };
  Op op = Op::kEq;
  bool negated = false;
  uint32_t capture = UINT32_MAX;          // the capture tested
  uint32_t other_capture = UINT32_MAX;    // #eq? @a @b
  std::vector<std::string> literals;      // #eq? @a "x" (one), #any-of?, #kind? (several)
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
  // Nodes made wildcards when the query was built (WildcardParents); 0 for a
  // query as written.
  uint32_t wildcard_parents = 0;
};

// How the context queries are built. Tree-sitter 0.20.7 (Debian's) checks
// every pattern whose parent is a named node against the grammar's parse
// table when it builds a query: 30 ms for TypeScript's whole query, 60 for
// Ruby's, paid by a scan's first candidate in the language.
enum class QueryForm {
  // One query per language, built on the language's first candidate: the
  // least work per candidate once built. For tree and history scans, which
  // meet most of a language's patterns anyway.
  kWhole,
  // A query of the patterns whose root node type encloses the candidate
  // (a match's root holds its @value, which holds the candidate, so no
  // other pattern can bind it), grown as later candidates need more (see
  // LanguageParts), its named parents made wildcards (WildcardParents). The
  // same bindings as the whole query; a scan of a few files builds only the
  // patterns its candidates can meet, without the parse-table check. For
  // named files, standard input, staged and diff scans and the agent hook.
  kByRootType,
};

// One top-level pattern of a query source.
struct QueryPatternText {
  std::string text;       // the pattern with its captures and quantifiers
  std::string root_type;  // the node type at its root; "" for an
                          // alternation, a wildcard or a group of siblings
  bool binds = false;     // captures both @key and @value
};

// The context query of a grammar: grammars/queries/<name>/context.scm with
// the files it inherits prepended. "" when it has none.
std::string ContextQuerySource(const std::string& name);

// One top-level pattern with every named node that has child patterns made
// a wildcard: `(pair key: (_) @k)` becomes `(_ key: (_) @k (#kind? @_kind0
// "pair")) @_kind0`, the #kind? tests gathered in the outermost node (they
// apply to the whole pattern). The same nodes match, but tree-sitter 0.20.7,
// which analyses each named parent against the grammar's parse table when
// it builds a query, skips wildcards: Ruby's patterns cost the build about
// 3 ms each instead of up to 17. Leaves, wildcards, alternations at the top
// and patterns whose outermost node ends in an anchor are left as written.
// `rewritten` (may be null) receives the number of nodes rewritten.
std::string WildcardParents(std::string_view pattern, uint32_t* rewritten = nullptr);

// Splits a query source (tree-sitter's S-expressions) into its top-level
// patterns, in order (pattern i of the compiled query is the i-th). False
// when the text holds something else at the top level, or an unbalanced
// pattern: tree-sitter reports those when it builds the query.
bool SplitQueryPatterns(std::string_view source, std::vector<QueryPatternText>* out);

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
  // In QueryForm::kByRootType, `compile_now` builds the query of every
  // part at once instead.
  static Status Build(std::unique_ptr<LanguageRegistry>* out, bool compile_now = false,
                      QueryForm form = QueryForm::kWhole);
  ~LanguageRegistry();
  LanguageRegistry(const LanguageRegistry&) = delete;
  LanguageRegistry& operator=(const LanguageRegistry&) = delete;

  // The language for a path (by extension or file name), or nullptr. In
  // QueryForm::kWhole its whole query is compiled; in kByRootType its query
  // stays null (QueryFor builds queries of parts).
  const Language* ForPath(std::string_view path) const;
  const Language* ByName(std::string_view name) const;
  const std::vector<Language>& languages() const { return languages_; }
  QueryForm form() const { return form_; }

  // The compiled query of `lang` (one of languages()) to bind a candidate
  // whose enclosing nodes (the node holding it and its ancestors) have
  // `enclosing_types`: the whole query in kWhole form (enclosing_types
  // unused); in kByRootType, a query holding at least the patterns rooted at
  // one of those types and the rootless ones (see LanguageParts). nullptr
  // when no pattern can bind it, or the query lacks @key or @value or failed
  // to compile. Thread-safe.
  const Language* QueryFor(const Language& lang, const std::vector<std::string_view>& enclosing_types) const;
  // The same patterns as `built` (a query QueryFor returned with wildcard
  // parents) as written, for ranges too deeply nested for wildcard parents
  // (ContextWorker); built on first use. nullptr when `built` is not such a
  // query or the build failed. Thread-safe.
  const Language* AsWritten(const Language& built) const;

 private:
  struct Slot {
    std::once_flag once;
    Status status;
  };
  // The patterns of one language's query rooted at one node type.
  struct QueryPart {
    std::string root_type;           // "" for the rootless patterns
    std::vector<uint32_t> patterns;  // indexes into LanguageParts::patterns
  };
  // kByRootType: a language's patterns by root type, and the query built
  // for the parts met so far, its patterns in the language's order (the
  // order breaks ties between bindings). A candidate needing a part the
  // current query lacks gets a new query of the union (the current one
  // stays valid for workers still running it): tree-sitter's fixed cost of
  // a build (about 2 ms) is paid once per new need, not once per part.
  // One query of parts, built with wildcard parents, and the same patterns
  // as written, built only when a range needs them.
  struct PartsQuery {
    Language built;
    std::string written_source;
    Slot written_slot;
    Language written;  // mutated only under written_slot.once
  };
  struct LanguageParts {
    std::once_flag once;
    std::vector<QueryPatternText> patterns;  // written only under `once`
    std::vector<QueryPart> parts;            // written only under `once`
    std::mutex mu;                           // guards the members below
    std::deque<PartsQuery> built;            // deque: never moved; freed with the registry
    const Language* current = nullptr;
    std::vector<bool> covered;  // by part: in *current
    Status failed;              // a union that did not compile: no bindings from parts
  };
  LanguageRegistry() = default;
  // Compiles languages_[index]'s query once; thread-safe.
  Status Compiled(size_t index) const;
  // Splits languages_[index]'s query into parts once; thread-safe.
  LanguageParts& Parts(size_t index) const;
  // The query holding at least the parts of languages_[index] in `needed`
  // (by part), built if the current one lacks some; nullptr when the build
  // failed. Thread-safe.
  const Language* QueryCovering(size_t index, const std::vector<bool>& needed) const;
  QueryForm form_ = QueryForm::kWhole;
  // Mutated only inside Compiled(), under the slot's once_flag.
  mutable std::vector<Language> languages_;
  std::unique_ptr<Slot[]> slots_;
  std::unique_ptr<LanguageParts[]> parts_;
};

}  // namespace blastradius

#endif  // BLASTRADIUS_CONTEXT_LANGUAGE_H_
