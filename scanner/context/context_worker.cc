#include "scanner/context/context_worker.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "scanner/context/line_reader.h"
#include "scanner/core/line_index.h"

namespace blastradius {
namespace {

std::string_view NodeText(TSNode n, std::string_view data) {
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > data.size() || b > e) return {};
  return data.substr(b, e - b);
}

std::string StripQuotes(std::string_view s) {
  while (!s.empty() && (s.front() == '"' || s.front() == '\'' || s.front() == '`' || s.front() == ':'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == '`')) s.remove_suffix(1);
  if (s.size() > 128) s = s.substr(0, 128);
  return std::string(s);
}

bool IsStringType(const char* type) {
  return std::strstr(type, "string") || std::strstr(type, "heredoc") || std::strstr(type, "scalar") ||
         std::strstr(type, "raw_") || std::strcmp(type, "word") == 0 || std::strstr(type, "fragment");
}

// True when the tree's binding key sits on an earlier line than the secret
// and the literal holding the secret spells `line_key` before it, on the
// secret's line: "API_KEY=v" inside a list bound to `environment`.
bool KeyInsideLiteral(std::string_view data, Span secret, uint32_t key_end, bool in_literal,
                      uint32_t literal_begin, std::string_view line_key) {
  if (!in_literal || key_end == 0 || key_end > secret.begin) return false;
  if (data.substr(key_end, secret.begin - key_end).find('\n') == std::string_view::npos) return false;
  size_t from = std::max<size_t>(LineStartAt(data, secret.begin), literal_begin);
  if (from > secret.begin) return false;
  return data.substr(from, secret.begin - from).find(line_key) != std::string_view::npos;
}

}  // namespace

bool NestedDeeperThan(TSNode root, uint32_t from, uint32_t to, uint32_t limit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  uint32_t depth = 0;
  bool deep = false;
  for (;;) {
    // The current node overlaps the range: its end is past `from` (how it
    // was reached) and it starts at or before `to` (checked on the way).
    if (depth > limit) {
      deep = true;
      break;
    }
    if (ts_tree_cursor_goto_first_child_for_byte(&cursor, from) >= 0) {
      // The child found may end at `from` exactly (tree-sitter 0.20.7).
      bool child = true;
      while (child && ts_node_end_byte(ts_tree_cursor_current_node(&cursor)) <= from)
        child = ts_tree_cursor_goto_next_sibling(&cursor);
      if (child && ts_node_start_byte(ts_tree_cursor_current_node(&cursor)) <= to) {
        ++depth;
        continue;
      }
      ts_tree_cursor_goto_parent(&cursor);
    }
    // The next sibling that starts within the range, climbing while none does.
    bool next = false;
    while (depth > 0 && !next) {
      next = ts_tree_cursor_goto_next_sibling(&cursor) &&
             ts_node_start_byte(ts_tree_cursor_current_node(&cursor)) <= to;
      if (!next) {
        ts_tree_cursor_goto_parent(&cursor);
        --depth;
      }
    }
    if (!next) break;
  }
  ts_tree_cursor_delete(&cursor);
  return deep;
}

ContextWorker::ContextWorker(const LanguageRegistry& registry, ContextOptions options)
    : registry_(registry), options_(options), parser_(ts_parser_new()), cursor_(ts_query_cursor_new()) {}

ContextWorker::~ContextWorker() {
  ts_query_cursor_delete(cursor_);
  ts_parser_delete(parser_);
}

void EnclosingTypes(TSNode root, Span secret, std::vector<std::string_view>* types) {
  types->clear();
  const uint32_t begin = static_cast<uint32_t>(secret.begin), end = static_cast<uint32_t>(secret.end);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    const std::string_view type = ts_node_type(ts_tree_cursor_current_node(&cursor));
    if (std::find(types->begin(), types->end(), type) == types->end()) types->push_back(type);
    if (ts_tree_cursor_goto_first_child_for_byte(&cursor, begin) < 0) break;
    // The child found may end at `begin` exactly (tree-sitter 0.20.7).
    bool child = true;
    while (child && ts_node_end_byte(ts_tree_cursor_current_node(&cursor)) <= begin)
      child = ts_tree_cursor_goto_next_sibling(&cursor);
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (!child || ts_node_start_byte(node) > begin || ts_node_end_byte(node) < end) break;
  }
  ts_tree_cursor_delete(&cursor);
}

bool ContextWorker::FindBinding(const Language& query, TSNode root, std::string_view data, Span secret,
                                uint32_t from, Binding* out) {
  // The smallest @value that contains the secret wins; for the same value,
  // a binding that names its call beats one that does not (an object pair
  // inside `new OpenAI({...})` matches both ways), then the pattern listed
  // first wins (the cursor's match order is not specified; a query by root
  // type keeps the language's order).
  *out = Binding{};
  ts_query_cursor_set_match_limit(cursor_,
                                  query.wildcard_parents > 0 ? kBuiltMatchLimit : kWrittenMatchLimit);
  ts_query_cursor_set_byte_range(cursor_, from, static_cast<uint32_t>(secret.end));
  ts_query_cursor_exec(cursor_, query.query, root);
  uint32_t best_size = UINT32_MAX;
  bool best_has_call = false;
  uint32_t best_pattern = UINT32_MAX;
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor_, &match)) {
    TSNode key{}, value{}, call{};
    bool has_key = false, has_value = false, has_call = false;
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      const TSQueryCapture& c = match.captures[i];
      if (c.index == query.key_capture)
        key = c.node, has_key = true;
      else if (c.index == query.value_capture)
        value = c.node, has_value = true;
      else if (c.index == query.call_capture)
        call = c.node, has_call = true;
    }
    if (!has_key || !has_value) continue;
    uint32_t vb = ts_node_start_byte(value), ve = ts_node_end_byte(value);
    if (vb > secret.begin || ve < secret.end) continue;
    if (ve - vb > best_size) continue;
    if (ve - vb == best_size) {
      if (best_has_call && !has_call) continue;
      if (best_has_call == has_call && match.pattern_index >= best_pattern) continue;
    }
    if (!MatchSatisfiesPredicates(query, match, data)) continue;
    best_size = ve - vb;
    best_has_call = has_call;
    best_pattern = match.pattern_index;
    out->found = true;
    out->key = StripQuotes(NodeText(key, data));
    out->key_end = ts_node_end_byte(key);
    out->call = has_call ? StripQuotes(NodeText(call, data)) : "";
  }
  return !ts_query_cursor_did_exceed_match_limit(cursor_);
}

ContextWorker::TreeAnswer ContextWorker::AnnotateTree(const Language& lang, TSNode root,
                                                      std::string_view data, Span secret, Context* ctx) {
  TreeAnswer answer;
  TSNode node = ts_node_descendant_for_byte_range(root, static_cast<uint32_t>(secret.begin),
                                                  static_cast<uint32_t>(secret.end));
  bool in_comment = false, in_text = false;
  for (TSNode n = node; !ts_node_is_null(n); n = ts_node_parent(n)) {
    const char* type = ts_node_type(n);
    // Text the grammar does not parse (PHP's inline HTML): the tree says
    // nothing about it.
    if (std::strcmp(type, "text") == 0) {
      in_text = true;
      break;
    }
    if (std::strstr(type, "comment")) {
      ctx->kind = ValueKind::kComment;
      in_comment = true;
      break;
    }
    if (IsStringType(type)) {
      ctx->kind = ValueKind::kLiteral;
      answer.in_literal = true;
      answer.literal_begin = ts_node_start_byte(n);
      break;
    }
  }
  // A comment binds nothing: an enclosing binding (a dict holding the
  // comment) would name the wrong key, so the line reader's key stands.
  if (in_comment) return answer;
  // Neither in a string nor in a comment: the value is code (a name, an
  // attribute, a call), whatever the line reader guessed from the '='
  // before it (`RegEnumKey = win32api.RegEnumKey`).
  if (!answer.in_literal && !in_text && ctx->kind == ValueKind::kLiteral) ctx->kind = ValueKind::kUnknown;
  // The queries that can bind the secret: the whole query, or (by root
  // type) the parts rooted at the node holding the secret or one of its
  // ancestors, since a match's root holds its @value.
  if (registry_.form() == QueryForm::kByRootType) EnclosingTypes(root, secret, &enclosing_types_);
  const Language* query = registry_.QueryFor(lang, enclosing_types_);
  if (!query) return answer;
  // A wildcard parent keeps a match in progress at every node that encloses
  // the one visited: over a range nested deeper than kWildcardDepth, or
  // should the cursor's limit be reached all the same, the same patterns as
  // written answer instead (the same matches, far fewer in progress).
  const uint32_t from = static_cast<uint32_t>(secret.begin > 2048 ? secret.begin - 2048 : 0);
  const uint32_t to = static_cast<uint32_t>(secret.end);
  const Language* as_built = query;
  if (query->wildcard_parents > 0 && NestedDeeperThan(root, from, to, kWildcardDepth)) {
    query = registry_.AsWritten(*query);
    ++ranges_as_written_;
  }
  Binding binding;
  if (query && !FindBinding(*query, root, data, secret, from, &binding) && query == as_built &&
      query->wildcard_parents > 0) {
    query = registry_.AsWritten(*query);
    ++ranges_as_written_;
    if (query) FindBinding(*query, root, data, secret, from, &binding);
  }
  if (binding.found) {
    ctx->key_name = std::move(binding.key);
    answer.key_end = binding.key_end;
    ctx->call = std::move(binding.call);
  }
  return answer;
}

TSTree* ContextWorker::Parse(const Language& lang, std::string_view text) {
  if (!ts_parser_set_language(parser_, lang.grammar)) return nullptr;
  TSTree* tree = ts_parser_parse_string(parser_, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  if (!tree) {
    ++failed_parses_;
    ts_parser_reset(parser_);
  }
  return tree;
}

void ContextWorker::ApplyTree(const Language& lang, TSTree* tree, std::string_view text, Span secret,
                              Context* ctx) {
  std::string line_key = ctx->key_name;
  ctx->key_name.clear();
  TreeAnswer tree_answer = AnnotateTree(lang, ts_tree_root_node(tree), text, secret, ctx);
  ctx->source = "tree-sitter:" + lang.name;
  if (!ctx->key_name.empty() && !line_key.empty() &&
      KeyInsideLiteral(text, secret, tree_answer.key_end, tree_answer.in_literal, tree_answer.literal_begin,
                       line_key)) {
    // The literal names its own key (`environment:\n  - API_KEY=v`,
    // `secrets=(\n "TOKEN=v"`): that beats the container's binding.
    ctx->key_name = line_key;
    ctx->call.clear();
  } else if (ctx->key_name.empty()) {
    ctx->key_name = line_key;
  }
}

void ContextWorker::Annotate(std::string_view path, std::string_view data, const std::vector<Span>& secrets,
                             std::vector<Context>* out) {
  std::string_view format = LineFormatFor(path);
  const Language* lang = format.empty() ? registry_.ForPath(path) : nullptr;
  // Small files are parsed whole; larger ones only in a window of whole
  // lines around each candidate (parsing costs ~5 MB/s, and a binding is
  // local), so a big bundle with one candidate costs a few KiB of parsing.
  const bool whole = lang && data.size() <= options_.max_parse_bytes;
  TSTree* tree = whole ? Parse(*lang, data) : nullptr;
  // Each query walks the siblings before its range, so a file with thousands
  // of candidates in one container would be quadratic: only the first
  // kMaxTreeCandidates use the tree, the rest the line reader.
  constexpr size_t kMaxTreeCandidates = 64;
  size_t index = 0;
  TSTree* wtree = nullptr;  // window tree for large files, [wfrom, wto)
  size_t wfrom = 0, wto = 0, windows = 0;
  LineContextReader line_reader(format, data);
  for (const Span& s : secrets) {
    Context ctx;
    line_reader.Read(s, &ctx);
    if (lang && index++ < kMaxTreeCandidates) {
      if (tree) {
        ApplyTree(*lang, tree, data, s, &ctx);
      } else if (!whole && options_.window_bytes > 0) {
        // Candidates come sorted; one window serves every candidate it
        // holds with a margin, and at most kMaxWindows are parsed per file.
        constexpr size_t kMaxWindows = 8;
        const size_t margin = options_.window_bytes / 2;
        const bool inside = wtree && s.begin >= wfrom && s.end <= wto &&
                            (wfrom == 0 || s.begin - wfrom >= margin) &&
                            (wto == data.size() || wto - s.end >= margin);
        if (!inside) {
          if (wtree) ts_tree_delete(wtree);
          wtree = nullptr;
          if (windows < kMaxWindows) {
            ++windows;
            wfrom = s.begin > options_.window_bytes ? s.begin - options_.window_bytes : 0;
            wto = std::min(data.size(), s.end + 2 * options_.window_bytes);
            // Start and end on line boundaries when the window holds some.
            size_t nl = data.find('\n', wfrom);
            if (wfrom > 0 && nl != std::string_view::npos && nl < s.begin) wfrom = nl + 1;
            size_t last = data.rfind('\n', wto == 0 ? 0 : wto - 1);
            if (wto < data.size() && last != std::string_view::npos && last >= s.end) wto = last + 1;
            wtree = Parse(*lang, data.substr(wfrom, wto - wfrom));
          }
        }
        if (wtree)
          ApplyTree(*lang, wtree, data.substr(wfrom, wto - wfrom), Span(s.begin - wfrom, s.end - wfrom),
                    &ctx);
      }
    }
    std::string_view env = EnvironmentFromKey(ctx.key_name);
    if (env.empty()) env = line_reader.EnvironmentFromHostsAround(s);
    ctx.environment = std::string(env);
    out->push_back(std::move(ctx));
  }
  if (tree) ts_tree_delete(tree);
  if (wtree) ts_tree_delete(wtree);
}

}  // namespace blastradius
