#include "scanner/context/language.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "grammars/grammar_registry.h"
#include "scanner/core/ascii.h"

namespace blastradius {
namespace {

const char* QueryErrorName(TSQueryError e) {
  switch (e) {
    case TSQueryErrorSyntax:
      return "syntax error";
    case TSQueryErrorNodeType:
      return "unknown node type";
    case TSQueryErrorField:
      return "unknown field";
    case TSQueryErrorCapture:
      return "unknown capture";
    case TSQueryErrorStructure:
      return "impossible pattern structure";
    case TSQueryErrorLanguage:
      return "language mismatch";
    default:
      return "error";
  }
}

std::string_view StringValue(const TSQuery* q, uint32_t id) {
  uint32_t len = 0;
  const char* s = ts_query_string_value_for_id(q, id, &len);
  return std::string_view(s, len);
}

// Compiles the text predicates of every pattern of lang->query.
Status CompilePredicates(const std::string& file, Language* lang) {
  uint32_t patterns = ts_query_pattern_count(lang->query);
  lang->predicates.assign(patterns, {});
  for (uint32_t p = 0; p < patterns; ++p) {
    uint32_t step_count = 0;
    const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(lang->query, p, &step_count);
    uint32_t i = 0;
    while (i < step_count) {
      uint32_t end = i;
      while (end < step_count && steps[end].type != TSQueryPredicateStepTypeDone) ++end;
      std::string where = file + ": pattern " + std::to_string(p) + ": ";
      if (end == i || steps[i].type != TSQueryPredicateStepTypeString)
        return Status::InvalidArgument(where + "malformed predicate");
      std::string_view name = StringValue(lang->query, steps[i].value_id);
      QueryPredicate pred;
      std::string_view op = name;
      if (op.rfind("not-", 0) == 0) {
        pred.negated = true;
        op.remove_prefix(4);
      }
      uint32_t argc = end - i - 1;
      const TSQueryPredicateStep* args = steps + i + 1;
      if (argc == 0 || args[0].type != TSQueryPredicateStepTypeCapture)
        return Status::InvalidArgument(where + "#" + std::string(name) + " needs a capture first");
      pred.capture = args[0].value_id;
      if (op == "eq?" || op == "match?") {
        if (argc != 2) return Status::InvalidArgument(where + "#" + std::string(name) + " takes 2 arguments");
        if (op == "eq?") {
          pred.op = QueryPredicate::Op::kEq;
          if (args[1].type == TSQueryPredicateStepTypeCapture)
            pred.other_capture = args[1].value_id;
          else
            pred.literals.emplace_back(StringValue(lang->query, args[1].value_id));
        } else {
          if (args[1].type != TSQueryPredicateStepTypeString)
            return Status::InvalidArgument(where + "#match? needs a regex string");
          pred.op = QueryPredicate::Op::kMatch;
          std::string_view re = StringValue(lang->query, args[1].value_id);
          auto compiled = std::make_shared<const RE2>(re2::StringPiece(re.data(), re.size()), RE2::Quiet);
          if (!compiled->ok())
            return Status::InvalidArgument(where + "bad regex \"" + std::string(re) +
                                           "\": " + compiled->error());
          pred.regex = std::move(compiled);
        }
      } else if (op == "any-of?" || op == "kind?") {
        pred.op = op == "kind?" ? QueryPredicate::Op::kKind : QueryPredicate::Op::kAnyOf;
        for (uint32_t a = 1; a < argc; ++a) {
          if (args[a].type != TSQueryPredicateStepTypeString)
            return Status::InvalidArgument(where + "#" + std::string(name) +
                                           " takes strings after the capture");
          pred.literals.emplace_back(StringValue(lang->query, args[a].value_id));
        }
      } else {
        return Status::InvalidArgument(where + "unsupported predicate #" + std::string(name));
      }
      lang->predicates[p].push_back(std::move(pred));
      i = end + 1;
    }
  }
  return Status::Ok();
}

std::string_view CaptureText(const TSNode& n, std::string_view data) {
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > data.size() || b > e) return {};
  return data.substr(b, e - b);
}

bool PredicateHolds(const QueryPredicate& pred, const TSQueryMatch& match, std::string_view data) {
  const TSNode* other = nullptr;
  if (pred.other_capture != UINT32_MAX) {
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      if (match.captures[i].index == pred.other_capture) {
        other = &match.captures[i].node;
        break;
      }
    }
  }
  for (uint16_t i = 0; i < match.capture_count; ++i) {
    if (match.captures[i].index != pred.capture) continue;
    std::string_view text = CaptureText(match.captures[i].node, data);
    bool holds = false;
    switch (pred.op) {
      case QueryPredicate::Op::kEq:
        holds = other ? text == CaptureText(*other, data) : text == pred.literals.front();
        break;
      case QueryPredicate::Op::kMatch:
        holds = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *pred.regex);
        break;
      case QueryPredicate::Op::kAnyOf:
        holds = std::find(pred.literals.begin(), pred.literals.end(), text) != pred.literals.end();
        break;
      case QueryPredicate::Op::kKind:
        holds = std::find(pred.literals.begin(), pred.literals.end(),
                          std::string_view(ts_node_type(match.captures[i].node))) != pred.literals.end();
        break;
    }
    if (holds == pred.negated) return false;
  }
  // A predicate on a capture absent from the match (optional or quantified
  // node not present) does not reject it.
  return true;
}

}  // namespace

bool MatchSatisfiesPredicates(const Language& lang, const TSQueryMatch& match, std::string_view data) {
  if (match.pattern_index >= lang.predicates.size()) return true;
  for (const QueryPredicate& pred : lang.predicates[match.pattern_index]) {
    if (!PredicateHolds(pred, match, data)) return false;
  }
  return true;
}

namespace {

// The text of grammars/queries/<name>/context.scm, with the queries named
// by a first line "; inherits: other" prepended (as nvim-treesitter does),
// so that tsx/context.scm adds JSX to typescript/context.scm instead of
// copying it. Empty when the language has no query file.
std::string QuerySource(const std::string& name, int depth = 0) {
  std::string wanted = name + "/context.scm";
  for (size_t q = 0; q < kGrammarQueries_count; ++q) {
    if (wanted != kGrammarQueries[q].name) continue;
    std::string_view text = kGrammarQueries[q].data;
    static constexpr std::string_view kInherits = "; inherits: ";
    std::string prefix;
    if (depth < 4 && text.substr(0, kInherits.size()) == kInherits) {
      size_t eol = text.find('\n');
      std::string_view parents = text.substr(kInherits.size(), eol - kInherits.size());
      size_t start = 0;
      while (start < parents.size()) {
        size_t comma = parents.find(',', start);
        if (comma == std::string_view::npos) comma = parents.size();
        std::string parent(parents.substr(start, comma - start));
        parent.erase(0, parent.find_first_not_of(' '));
        parent.erase(parent.find_last_not_of(" \r") + 1);
        prefix += QuerySource(parent, depth + 1) + "\n";
        start = comma + 1;
      }
    }
    return prefix + std::string(text);
  }
  return "";
}

// Compiles `source` into `lang` (its query, captures and predicates);
// `file` names the query in errors. The caller owns lang->query, even when a
// check fails.
Status CompileQuery(std::string_view source, const std::string& file, Language* lang) {
  uint32_t err_offset = 0;
  TSQueryError err = TSQueryErrorNone;
  lang->query =
      ts_query_new(lang->grammar, source.data(), static_cast<uint32_t>(source.size()), &err_offset, &err);
  if (!lang->query)
    return Status::InvalidArgument(file + ": byte " + std::to_string(err_offset) + ": " +
                                   QueryErrorName(err));
  for (uint32_t c = 0; c < ts_query_capture_count(lang->query); ++c) {
    // Two statements: the order in which arguments are evaluated is
    // unspecified, so `len` must be read after the call returns.
    uint32_t len = 0;
    const char* chars = ts_query_capture_name_for_id(lang->query, c, &len);
    std::string name(chars, len);
    if (name == "key")
      lang->key_capture = c;
    else if (name == "value")
      lang->value_capture = c;
    else if (name == "call")
      lang->call_capture = c;
    else if (name == "comment")
      lang->comment_capture = c;
    else if (name.rfind("_", 0) != 0)
      return Status::InvalidArgument(file + ": unknown capture @" + name +
                                     "; expected @key, @value, @call or @comment");
  }
  return CompilePredicates(file, lang);
}

// Compiles the context query of one language (grammars/queries/<name>/
// context.scm) into `lang`. Languages without a query file are left alone.
Status CompileLanguageQuery(Language* lang) {
  const std::string source = QuerySource(lang->name);
  if (source.empty()) return Status::Ok();
  return CompileQuery(source, "grammars/queries/" + lang->name + "/context.scm", lang);
}

bool IsNameByte(char c) { return IsAsciiAlnum(c) || c == '_' || c == '-'; }

// The position after the string literal starting at `at` (a double quote),
// or npos when it does not end.
size_t SkipString(std::string_view text, size_t at) {
  for (size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The position after the comment or white space at `at`, or `at`.
size_t SkipBlank(std::string_view text, size_t at) {
  while (at < text.size()) {
    if (text[at] == ';') {
      const size_t eol = text.find('\n', at);
      at = eol == std::string_view::npos ? text.size() : eol + 1;
    } else if (IsAsciiSpace(text[at])) {
      ++at;
    } else {
      break;
    }
  }
  return at;
}

// The position of the bracket closing the one at `at` ('(' or '['),
// skipping strings and comments, or npos when it is not closed.
size_t MatchingClose(std::string_view text, size_t at) {
  size_t depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      i = SkipString(text, i);
      if (i == std::string_view::npos) return i;
      --i;
    } else if (c == ';') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) return i;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

// The position after the captures and quantifiers following a node, from
// `at` (just past its closing bracket).
size_t SkipSuffixes(std::string_view text, size_t at) {
  for (;;) {
    const size_t next = SkipBlank(text, at);
    if (next < text.size() && text[next] == '@') {
      at = next + 1;
      while (at < text.size() && (IsNameByte(text[at]) || text[at] == '.')) ++at;
    } else if (next < text.size() && (text[next] == '?' || text[next] == '*' || text[next] == '+')) {
      at = next + 1;
    } else {
      return at;
    }
  }
}

// The node type at the root of the node pattern text[at..close] ("(" at
// `at`, its ")" at `close`): the type named first, or the root of a
// parenthesized group holding one node and predicates only. "" otherwise.
std::string RootType(std::string_view text, size_t at, size_t close) {
  size_t p = SkipBlank(text, at + 1);
  if (p >= close) return "";
  if (text[p] == '(') {
    // A group: one node, then only captures, quantifiers and predicates.
    if (p + 1 < close && text[p + 1] == '#') return "";
    const size_t inner_close = MatchingClose(text, p);
    if (inner_close == std::string_view::npos || inner_close >= close) return "";
    std::string root = RootType(text, p, inner_close);
    size_t q = SkipSuffixes(text, inner_close + 1);
    for (q = SkipBlank(text, q); q < close; q = SkipBlank(text, q)) {
      if (text[q] != '(' || q + 1 >= close || text[q + 1] != '#') return "";
      const size_t pred_close = MatchingClose(text, q);
      if (pred_close == std::string_view::npos || pred_close >= close) return "";
      q = pred_close + 1;
    }
    return root;
  }
  size_t e = p;
  while (e < close && IsNameByte(text[e])) ++e;
  std::string name(text.substr(p, e - p));
  return name == "_" ? "" : name;
}

// Whether `text` captures @name (a whole capture name).
bool Captures(std::string_view text, std::string_view name) {
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    const size_t end = at + 1 + name.size();
    if (text.substr(at + 1, name.size()) == name && (end >= text.size() || !IsNameByte(text[end])))
      return true;
  }
  return false;
}

// Rewrites one top-level pattern for WildcardParents (see there).
class WildcardRewriter {
 public:
  explicit WildcardRewriter(std::string_view text) : text_(text) {}

  // False when the pattern is left as written.
  bool Run(std::string* out, uint32_t* rewritten) {
    const size_t at = SkipBlank(text_, 0);
    if (at >= text_.size() || text_[at] != '(') return false;
    // A group (`((node) @c (#pred))`) takes the #kind? tests at its end; a
    // node is put in a group with them, its own captures and quantifier
    // inside: a predicate may name only captures written before it.
    const size_t p = SkipBlank(text_, at + 1);
    const bool group = p < text_.size() && text_[p] == '(';
    const size_t end = Element(at, group);
    if (!ok_ || end == std::string_view::npos || count_ == 0) return false;
    // One pattern only: after it, its captures and quantifier (a text that
    // did not split is queried as written).
    if (SkipBlank(text_, SkipSuffixes(text_, end)) != text_.size()) return false;
    if (group) {
      out_.append(text_.substr(end));
    } else {
      const size_t tail = text_.find_last_not_of(" \t\r\n");
      out_ = "(" + out_ + std::string(text_.substr(end, tail + 1 - end)) + predicates_ + ")" +
             std::string(text_.substr(tail + 1));
    }
    *out = std::move(out_);
    *rewritten = count_;
    return true;
  }

 private:
  // Copies the element at `at` ('(' or '['), rewriting named parents, and
  // returns the position after it (npos when unbalanced).
  size_t Element(size_t at, bool top) {
    const size_t close = MatchingClose(text_, at);
    if (close == std::string_view::npos) return close;
    if (text_[at] == '[') {
      out_ += '[';
      Contents(at + 1, close);
      out_ += ']';
      return close + 1;
    }
    size_t p = SkipBlank(text_, at + 1);
    size_t name_end = p;
    while (name_end < close && IsNameByte(text_[name_end])) ++name_end;
    const std::string_view name = text_.substr(p, name_end - p);
    if (name.empty() || name == "_" || !HasChildren(name_end, close)) {
      // A predicate, a group, an anonymous node, a wildcard or a leaf.
      out_ += '(';
      Contents(at + 1, close);
      CloseContainer(top);
      return close + 1;
    }
    const std::string capture = "@_kind" + std::to_string(count_++);
    predicates_ += " (#kind? " + capture + " \"" + std::string(name) + "\")";
    out_ += "(_";
    Contents(name_end, close);
    CloseContainer(top);
    size_t after = close + 1;
    if (after < text_.size() && (text_[after] == '?' || text_[after] == '*' || text_[after] == '+'))
      out_ += text_[after++];
    out_ += " " + capture;
    return after;
  }

  // Whether the node whose contents are text[from, close) has a child
  // pattern (a node or an alternation; a predicate is not one).
  bool HasChildren(size_t from, size_t close) const {
    for (size_t i = from; i < close; ++i) {
      const char c = text_[i];
      if (c == '"') {
        i = SkipString(text_, i);
        if (i == std::string_view::npos || i > close) return false;
        --i;
      } else if (c == ';') {
        i = text_.find('\n', i);
        if (i == std::string_view::npos) return false;
      } else if (c == '[' ||
                 (c == '(' && SkipBlank(text_, i + 1) < close && text_[SkipBlank(text_, i + 1)] != '#')) {
        return true;
      }
    }
    return false;
  }

  // Copies text[from, close), rewriting the elements in it.
  void Contents(size_t from, size_t close) {
    for (size_t i = from; i < close && ok_;) {
      const char c = text_[i];
      if (c == '"') {
        const size_t end = SkipString(text_, i);
        out_.append(text_.substr(i, end - i));
        i = end;
      } else if (c == ';') {
        const size_t eol = text_.find('\n', i);
        i = eol == std::string_view::npos ? close : eol;
      } else if (c == '(' || c == '[') {
        const size_t end = Element(i, false);
        if (end == std::string_view::npos) {
          ok_ = false;
          return;
        }
        i = end;
      } else {
        out_ += c;
        ++i;
      }
    }
  }

  // Closes a node or group; a pattern's outermost group first takes the
  // #kind? tests (predicates apply to the whole pattern). A group ending in
  // an anchor (`. )`) would anchor the tests instead: left as written.
  void CloseContainer(bool top) {
    if (top) {
      const size_t last = out_.find_last_not_of(" \t\r\n");
      if (last != std::string::npos && out_[last] == '.') ok_ = false;
      out_ += predicates_;
    }
    out_ += ')';
  }

  std::string_view text_;
  std::string out_;
  std::string predicates_;
  uint32_t count_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string WildcardParents(std::string_view pattern, uint32_t* rewritten) {
  std::string out;
  uint32_t count = 0;
  if (!WildcardRewriter(pattern).Run(&out, &count)) {
    if (rewritten) *rewritten = 0;
    return std::string(pattern);
  }
  if (rewritten) *rewritten = count;
  return out;
}

std::string ContextQuerySource(const std::string& name) { return QuerySource(name); }

bool SplitQueryPatterns(std::string_view source, std::vector<QueryPatternText>* out) {
  out->clear();
  for (size_t at = SkipBlank(source, 0); at < source.size(); at = SkipBlank(source, at)) {
    if (source[at] != '(' && source[at] != '[') return false;
    const size_t close = MatchingClose(source, at);
    if (close == std::string_view::npos) return false;
    const size_t end = SkipSuffixes(source, close + 1);
    QueryPatternText pattern;
    pattern.text = std::string(source.substr(at, end - at));
    if (source[at] == '(') pattern.root_type = RootType(source, at, close);
    pattern.binds = Captures(pattern.text, "key") && Captures(pattern.text, "value");
    out->push_back(std::move(pattern));
    at = end;
  }
  return true;
}

Status LanguageRegistry::Build(std::unique_ptr<LanguageRegistry>* out, bool compile_now, QueryForm form) {
  std::unique_ptr<LanguageRegistry> reg(new LanguageRegistry());
  reg->form_ = form;
  reg->languages_.reserve(kGrammarCount);
  reg->slots_ = std::make_unique<Slot[]>(kGrammarCount);
  reg->parts_ = std::make_unique<LanguageParts[]>(kGrammarCount);
  for (size_t i = 0; i < kGrammarCount; ++i) {
    Language& lang = reg->languages_.emplace_back();
    lang.name = kGrammars[i].name;
    lang.grammar = kGrammars[i].language();
  }
  if (compile_now) {
    for (size_t i = 0; i < reg->languages_.size(); ++i) {
      if (form == QueryForm::kWhole) {
        if (Status s = reg->Compiled(i); !s.ok()) return s;
        continue;
      }
      LanguageParts& parts = reg->Parts(i);
      if (parts.parts.empty()) continue;
      if (!reg->QueryCovering(i, std::vector<bool>(parts.parts.size(), true))) {
        std::lock_guard<std::mutex> lock(parts.mu);
        return parts.failed;
      }
    }
  }
  *out = std::move(reg);
  return Status::Ok();
}

Status LanguageRegistry::Compiled(size_t index) const {
  Slot& slot = slots_[index];
  std::call_once(slot.once, [&] {
    // The registry owns the query (and deletes it) even when a check fails.
    slot.status = CompileLanguageQuery(&languages_[index]);
  });
  return slot.status;
}

LanguageRegistry::LanguageParts& LanguageRegistry::Parts(size_t index) const {
  LanguageParts& parts = parts_[index];
  std::call_once(parts.once, [&] {
    const Language& lang = languages_[index];
    const std::string source = QuerySource(lang.name);
    if (source.empty()) return;
    if (!SplitQueryPatterns(source, &parts.patterns)) {
      // Left for tree-sitter to report: one rootless part, the whole query.
      parts.patterns.assign(1, QueryPatternText{source, "", true});
    }
    for (uint32_t i = 0; i < parts.patterns.size(); ++i) {
      const QueryPatternText& pattern = parts.patterns[i];
      if (!pattern.binds) continue;  // a comment pattern binds nothing
      // A name that is not a visible node type (a supertype, say) may match
      // nodes of other types: such a pattern is run for every candidate.
      std::string root = pattern.root_type;
      const TSSymbol symbol = root.empty()
                                  ? 0
                                  : ts_language_symbol_for_name(lang.grammar, root.data(),
                                                                static_cast<uint32_t>(root.size()), true);
      if (symbol == 0 || ts_language_symbol_type(lang.grammar, symbol) != TSSymbolTypeRegular) root.clear();
      auto part = std::find_if(parts.parts.begin(), parts.parts.end(),
                               [&](const QueryPart& p) { return p.root_type == root; });
      if (part == parts.parts.end()) part = parts.parts.insert(parts.parts.end(), QueryPart{root, {}});
      part->patterns.push_back(i);
    }
    parts.covered.assign(parts.parts.size(), false);
  });
  return parts;
}

const Language* LanguageRegistry::QueryCovering(size_t index, const std::vector<bool>& needed) const {
  LanguageParts& parts = Parts(index);
  std::lock_guard<std::mutex> lock(parts.mu);
  if (!parts.failed.ok()) return nullptr;
  bool covered = parts.current != nullptr;
  for (size_t p = 0; p < needed.size() && covered; ++p) covered = !needed[p] || parts.covered[p];
  if (covered) return parts.current;
  // Build the union of what the current query holds and what is needed,
  // its patterns in the language's order.
  std::vector<uint32_t> order;
  for (size_t p = 0; p < parts.parts.size(); ++p) {
    if (!needed[p] && !parts.covered[p]) continue;
    parts.covered[p] = true;
    order.insert(order.end(), parts.parts[p].patterns.begin(), parts.parts[p].patterns.end());
  }
  std::sort(order.begin(), order.end());
  const Language& lang = languages_[index];
  PartsQuery& union_query = parts.built.emplace_back();
  std::string source;
  for (uint32_t i : order) {
    uint32_t rewritten = 0;
    source += WildcardParents(parts.patterns[i].text, &rewritten) + "\n";
    union_query.built.wildcard_parents += rewritten;
    union_query.written_source += parts.patterns[i].text + "\n";
  }
  Language& query = union_query.built;
  query.name = lang.name;
  query.grammar = lang.grammar;
  // The registry owns the query (and deletes it) even when a check fails.
  if (Status s = CompileQuery(source, "grammars/queries/" + lang.name + "/context.scm (a part)", &query);
      !s.ok()) {
    parts.failed = s;
    return nullptr;
  }
  parts.current = &query;
  return parts.current;
}

const Language* LanguageRegistry::AsWritten(const Language& built) const {
  const size_t index = static_cast<size_t>(
      std::find_if(languages_.begin(), languages_.end(),
                   [&](const Language& l) { return l.grammar == built.grammar && l.name == built.name; }) -
      languages_.begin());
  if (index >= languages_.size() || form_ != QueryForm::kByRootType) return nullptr;
  LanguageParts& parts = Parts(index);
  PartsQuery* found = nullptr;
  {
    std::lock_guard<std::mutex> lock(parts.mu);
    for (PartsQuery& q : parts.built) {
      if (&q.built == &built) found = &q;
    }
  }
  if (!found) return nullptr;
  std::call_once(found->written_slot.once, [&] {
    found->written.name = built.name;
    found->written.grammar = built.grammar;
    found->written_slot.status =
        CompileQuery(found->written_source,
                     "grammars/queries/" + built.name + "/context.scm (a part, as written)", &found->written);
  });
  return found->written_slot.status.ok() && found->written.query ? &found->written : nullptr;
}

const Language* LanguageRegistry::QueryFor(const Language& lang,
                                           const std::vector<std::string_view>& enclosing_types) const {
  auto usable = [](const Language& q) {
    return q.query && q.key_capture != UINT32_MAX && q.value_capture != UINT32_MAX;
  };
  const size_t index = static_cast<size_t>(&lang - languages_.data());
  if (index >= languages_.size()) return nullptr;
  if (form_ == QueryForm::kWhole) return Compiled(index).ok() && usable(lang) ? &lang : nullptr;
  LanguageParts& parts = Parts(index);
  std::vector<bool> needed(parts.parts.size());
  bool any = false;
  for (size_t p = 0; p < parts.parts.size(); ++p) {
    const std::string& root = parts.parts[p].root_type;
    needed[p] = root.empty() ||
                std::find(enclosing_types.begin(), enclosing_types.end(), root) != enclosing_types.end();
    any = any || needed[p];
  }
  if (!any) return nullptr;  // no pattern can bind this candidate
  // A query that fails to compile binds nothing; the test suite compiles
  // every query eagerly.
  const Language* query = QueryCovering(index, needed);
  return query && usable(*query) ? query : nullptr;
}

LanguageRegistry::~LanguageRegistry() {
  for (auto& l : languages_) {
    if (l.query) ts_query_delete(l.query);
  }
  for (size_t i = 0; parts_ && i < languages_.size(); ++i) {
    for (PartsQuery& query : parts_[i].built) {
      for (Language* l : {&query.built, &query.written})
        if (l->query) ts_query_delete(l->query);
    }
  }
}

const Language* LanguageRegistry::ByName(std::string_view name) const {
  for (size_t i = 0; i < languages_.size(); ++i) {
    if (languages_[i].name != name) continue;
    // A query that fails to compile leaves the language usable without
    // bindings; the test suite compiles every query eagerly.
    if (form_ == QueryForm::kWhole) Compiled(i).ok();
    return &languages_[i];
  }
  return nullptr;
}

std::string_view LanguageNameForPath(std::string_view path) {
  static const std::array<std::pair<std::string_view, std::string_view>, 30> kExt{{
      {"py", "python"},      {"pyw", "python"},     {"js", "javascript"}, {"mjs", "javascript"},
      {"cjs", "javascript"}, {"jsx", "javascript"}, {"ts", "typescript"}, {"mts", "typescript"},
      {"cts", "typescript"}, {"tsx", "tsx"},        {"go", "go"},         {"java", "java"},
      {"rb", "ruby"},        {"rake", "ruby"},      {"php", "php"},       {"cs", "c_sharp"},
      {"rs", "rust"},        {"sh", "bash"},        {"bash", "bash"},     {"zsh", "bash"},
      {"yml", "yaml"},       {"yaml", "yaml"},      {"json", "json"},     {"jsonc", "json"},
      {"toml", "toml"},      {"gemspec", "ruby"},   {"kts", ""},          {"tf", ""},
      {"hcl", ""},           {"tfvars", ""},
  }};
  size_t slash = path.rfind('/');
  std::string base = AsciiLower(slash == std::string_view::npos ? path : path.substr(slash + 1));
  if (base == "gemfile" || base == "rakefile") return "ruby";
  size_t dot = base.rfind('.');
  if (dot == std::string::npos) return "";
  std::string_view ext = std::string_view(base).substr(dot + 1);
  for (const auto& [e, name] : kExt) {
    if (e == ext) return name;
  }
  return "";
}

const Language* LanguageRegistry::ForPath(std::string_view path) const {
  std::string_view name = LanguageNameForPath(path);
  return name.empty() ? nullptr : ByName(name);
}

}  // namespace blastradius
