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
std::string QuerySource(const std::string& name, int depth) {
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

bool IsNameByte(char c) { return IsAsciiAlnum(c) || c == '_'; }

// The end of the string literal starting at `at` (a double quote): the
// position after its closing quote, or the text's size.
size_t SkipString(std::string_view text, size_t at) {
  for (size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

}  // namespace

std::string ContextQuerySource(const std::string& name) { return QuerySource(name, 0); }

std::string WildcardTopLevelParents(std::string_view text, uint32_t* rewritten) {
  std::string out;
  if (rewritten) *rewritten = 0;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ';') {  // a comment, to the end of its line
      const size_t eol = text.find('\n', i);
      i = eol == std::string_view::npos ? text.size() : eol;
      continue;
    }
    if (c == '"') {
      const size_t end = SkipString(text, i);
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    if (c != '(' && c != '[') {
      out += c;
      ++i;
      continue;
    }
    // A top-level pattern: where its node (or alternation) closes, and
    // whether the node has child patterns (a parenthesis or bracket inside,
    // outside strings and comments; a predicate counts too, which only
    // makes the rewrite apply where it was not needed).
    size_t depth = 0, j = i;
    bool children = false;
    for (; j < text.size(); ++j) {
      const char d = text[j];
      if (d == '"') {
        j = SkipString(text, j) - 1;
      } else if (d == ';') {
        const size_t eol = text.find('\n', j);
        j = (eol == std::string_view::npos ? text.size() : eol) - 1;
      } else if (d == '(' || d == '[') {
        if (depth == 1) children = true;
        ++depth;
      } else if (d == ')' || d == ']') {
        if (--depth == 0) break;
      }
    }
    size_t type_end = i + 1;
    while (c == '(' && type_end < text.size() && IsNameByte(text[type_end])) ++type_end;
    const std::string_view type = text.substr(i + 1, type_end - i - 1);
    if (c == '[' || j >= text.size() || type.empty() || type == "_" || !children) {
      // An alternation, a group, a wildcard, a leaf, or unbalanced (left
      // for tree-sitter to report): as written, up to its end.
      const size_t end = std::min(text.size(), j + 1);
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    // The node's own captures follow its closing parenthesis.
    size_t k = j + 1;
    std::string captures;
    for (;;) {
      size_t at = k;
      while (at < text.size() &&
             (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
        ++at;
      if (at >= text.size() || text[at] != '@') break;
      size_t name_end = at + 1;
      while (name_end < text.size() &&
             (IsNameByte(text[name_end]) || text[name_end] == '.' || text[name_end] == '-'))
        ++name_end;
      captures += " ";
      captures.append(text.substr(at, name_end - at));
      k = name_end;
    }
    if (rewritten) ++*rewritten;
    out += "((_";
    out.append(text.substr(type_end, j - type_end));
    out += ")";
    out += captures;
    out += " @_kind (#kind? @_kind \"";
    out.append(type);
    out += "\"))";
    i = k;
  }
  return out;
}

// Compiles lang->name's context query into lang: with wildcard parents
// (WildcardTopLevelParents) or, with `as_written`, as the file says.
// Languages without a query file are left alone.
Status CompileLanguageQuery(Language* lang, bool as_written) {
  std::string wanted = lang->name + "/context.scm";
  const std::string source = QuerySource(lang->name, 0);
  if (!source.empty()) {
    lang->wildcard_parents = 0;
    const std::string built = as_written ? source : WildcardTopLevelParents(source, &lang->wildcard_parents);
    uint32_t err_offset = 0;
    TSQueryError err = TSQueryErrorNone;
    lang->query =
        ts_query_new(lang->grammar, built.data(), static_cast<uint32_t>(built.size()), &err_offset, &err);
    if (!lang->query) {
      // Reported at the query as written: its own error, if it has one.
      TSQuery* written = as_written ? nullptr
                                    : ts_query_new(lang->grammar, source.data(),
                                                   static_cast<uint32_t>(source.size()), &err_offset, &err);
      if (written) {
        ts_query_delete(written);
        return Status::Internal("grammars/queries/" + wanted +
                                ": the query compiles as written, not rewritten");
      }
      return Status::InvalidArgument("grammars/queries/" + wanted + ": byte " + std::to_string(err_offset) +
                                     ": " + QueryErrorName(err));
    }
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
        return Status::InvalidArgument("grammars/queries/" + wanted + ": unknown capture @" + name +
                                       "; expected @key, @value, @call or @comment");
    }
    return CompilePredicates("grammars/queries/" + wanted, lang);
  }
  return Status::Ok();
}

Status LanguageRegistry::Build(std::unique_ptr<LanguageRegistry>* out, bool compile_now) {
  std::unique_ptr<LanguageRegistry> reg(new LanguageRegistry());
  reg->languages_.reserve(kGrammarCount);
  reg->slots_ = std::make_unique<Slot[]>(kGrammarCount);
  reg->written_slots_ = std::make_unique<Slot[]>(kGrammarCount);
  reg->written_.resize(kGrammarCount);
  for (size_t i = 0; i < kGrammarCount; ++i) {
    Language& lang = reg->languages_.emplace_back();
    lang.name = kGrammars[i].name;
    lang.grammar = kGrammars[i].language();
  }
  if (compile_now) {
    for (size_t i = 0; i < reg->languages_.size(); ++i) {
      Status s = reg->Compiled(i);
      if (!s.ok()) return s;
    }
  }
  *out = std::move(reg);
  return Status::Ok();
}

Status LanguageRegistry::Compiled(size_t index) const {
  Slot& slot = slots_[index];
  std::call_once(slot.once, [&] {
    // The registry owns the query (and deletes it) even when a check fails.
    slot.status = CompileLanguageQuery(&languages_[index], false);
  });
  return slot.status;
}

const Language* LanguageRegistry::AsWritten(const Language& lang) const {
  const size_t index = static_cast<size_t>(&lang - languages_.data());
  if (index >= languages_.size() || !lang.query) return nullptr;
  Slot& slot = written_slots_[index];
  std::call_once(slot.once, [&] {
    Language& written = written_[index];
    written.name = lang.name;
    written.grammar = lang.grammar;
    slot.status = CompileLanguageQuery(&written, true);
  });
  return slot.status.ok() && written_[index].query ? &written_[index] : nullptr;
}

LanguageRegistry::~LanguageRegistry() {
  for (auto* all : {&languages_, &written_})
    for (auto& l : *all)
      if (l.query) ts_query_delete(l.query);
}

const Language* LanguageRegistry::ByName(std::string_view name) const {
  for (size_t i = 0; i < languages_.size(); ++i) {
    if (languages_[i].name != name) continue;
    // A query that fails to compile leaves the language usable without
    // bindings; the test suite compiles every query eagerly.
    Compiled(i).ok();
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
