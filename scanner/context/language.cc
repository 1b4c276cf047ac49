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
      } else if (op == "any-of?") {
        pred.op = QueryPredicate::Op::kAnyOf;
        for (uint32_t a = 1; a < argc; ++a) {
          if (args[a].type != TSQueryPredicateStepTypeString)
            return Status::InvalidArgument(where + "#any-of? takes strings after the capture");
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

// Compiles the context query of one language (grammars/queries/<name>/
// context.scm) into `lang`. Languages without a query file are left alone.
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

Status CompileLanguageQuery(Language* lang) {
  std::string wanted = lang->name + "/context.scm";
  const std::string source = QuerySource(lang->name);
  if (!source.empty()) {
    std::string_view src = source;
    uint32_t err_offset = 0;
    TSQueryError err = TSQueryErrorNone;
    lang->query =
        ts_query_new(lang->grammar, src.data(), static_cast<uint32_t>(src.size()), &err_offset, &err);
    if (!lang->query) {
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
    slot.status = CompileLanguageQuery(&languages_[index]);
  });
  return slot.status;
}

LanguageRegistry::~LanguageRegistry() {
  for (auto& l : languages_) {
    if (l.query) ts_query_delete(l.query);
  }
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
