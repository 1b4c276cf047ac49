// Context layer fixtures: every file under tests/context/<dir>/ holds
// synthetic values `ctxval_<name>` and inline expectations
//
//   # expect ctxval_<name>: key=<key> kind=<literal|comment|...> env=<env> [call=<call>] [source=<src>]
//
// on the value's line or the line right after (JSON has no comments: a
// sidecar <file>.expect holds the same lines). Omitted key= and env= mean
// "empty", an omitted kind= means literal; call= and source= are checked
// only when given. <dir> is a grammar name (the file must map to it and be
// read by tree-sitter) or a line-reader format (dotenv, ini, npmrc, netrc,
// dockerfile, git-credentials).
//
// Also: every language's query compiles, ForPath/LineFormatFor map names
// correctly, query predicates are honoured, and pathological inputs (deep
// nesting, huge files) are annotated by windows or the line readers, bounded by
// size, never by time.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "grammars/grammar_registry.h"
#include "scanner/context/context.h"
#include "scanner/context/context_worker.h"
#include "scanner/context/language.h"
#include "scanner/context/line_reader.h"

#ifndef BLASTRADIUS_CONTEXT_FIXTURE_DIR
#error "BLASTRADIUS_CONTEXT_FIXTURE_DIR must name tests/context"
#endif

namespace blastradius {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTokenPrefix = "ctxval_";
constexpr std::string_view kExpectPrefix = "expect ";

const std::vector<std::string>& AllGrammars() {
  static const std::vector<std::string> kNames{"bash", "c_sharp", "go",         "java", "javascript",
                                               "json", "php",     "python",     "ruby", "rust",
                                               "toml", "tsx",     "typescript", "yaml"};
  return kNames;
}

const std::vector<std::string>& LineFormats() {
  static const std::vector<std::string> kNames{"dotenv",          "ini", "npmrc", "netrc", "dockerfile",
                                               "git-credentials", "c"};
  return kNames;
}

const LanguageRegistry& Registry(QueryForm form = QueryForm::kWhole) {
  auto build = [](QueryForm f) {
    std::unique_ptr<LanguageRegistry> r;
    Status s = LanguageRegistry::Build(&r, /*compile_now=*/false, f);
    REQUIRE_MESSAGE(s.ok(), s.message());
    return r;
  };
  static const std::unique_ptr<LanguageRegistry> whole = build(QueryForm::kWhole);
  static const std::unique_ptr<LanguageRegistry> by_root = build(QueryForm::kByRootType);
  return form == QueryForm::kWhole ? *whole : *by_root;
}

const char* FormName(QueryForm form) { return form == QueryForm::kWhole ? "whole" : "by root type"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

size_t LineNumber(std::string_view data, size_t offset) {
  return static_cast<size_t>(
             std::count(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(offset), '\n')) +
         1;
}

struct Expectation {
  std::string token;
  std::map<std::string, std::string> fields;
  size_t line = 0;    // line of the expectation (0: sidecar)
  std::string where;  // file:line for messages
};

// Parses every "expect ctxval_x: k=v ..." in `text`.
std::vector<Expectation> ParseExpectations(std::string_view text, const std::string& file, bool sidecar) {
  std::vector<Expectation> out;
  size_t pos = 0;
  while ((pos = text.find(kExpectPrefix, pos)) != std::string_view::npos) {
    size_t tok = pos + kExpectPrefix.size();
    pos = tok;
    if (text.substr(tok, kTokenPrefix.size()) != kTokenPrefix) continue;
    size_t end = tok;
    while (end < text.size() && IsTokenChar(text[end])) ++end;
    Expectation e;
    e.token = std::string(text.substr(tok, end - tok));
    e.line = sidecar ? 0 : LineNumber(text, tok);
    e.where = file + ":" + std::to_string(LineNumber(text, tok));
    REQUIRE_MESSAGE((end < text.size() && text[end] == ':'), e.where << ": expected ':' after " << e.token);
    size_t eol = text.find('\n', end);
    if (eol == std::string_view::npos) eol = text.size();
    std::istringstream fields(std::string(text.substr(end + 1, eol - end - 1)));
    std::string field;
    while (fields >> field) {
      size_t eq = field.find('=');
      if (eq == std::string::npos) break;  // "*/", "-->": end of the expectation
      std::string name = field.substr(0, eq);
      REQUIRE_MESSAGE(
          (name == "key" || name == "kind" || name == "env" || name == "call" || name == "source"),
          e.where << ": unknown field " << name);
      e.fields[name] = field.substr(eq + 1);
    }
    out.push_back(std::move(e));
    pos = eol;
  }
  return out;
}

struct Value {
  std::string token;
  Span span;
  size_t line = 0;
};

// Every ctxval_ token that is not the subject of an "expect" line.
std::vector<Value> FindValues(std::string_view data) {
  std::vector<Value> out;
  size_t pos = 0;
  while ((pos = data.find(kTokenPrefix, pos)) != std::string_view::npos) {
    size_t end = pos + kTokenPrefix.size();
    while (end < data.size() && IsTokenChar(data[end])) ++end;
    bool is_expectation = pos >= kExpectPrefix.size() &&
                          data.substr(pos - kExpectPrefix.size(), kExpectPrefix.size()) == kExpectPrefix;
    bool embedded = pos > 0 && IsTokenChar(data[pos - 1]);
    if (!is_expectation && !embedded) {
      out.push_back(Value{std::string(data.substr(pos, end - pos)), Span(pos, end), LineNumber(data, pos)});
    }
    pos = end;
  }
  return out;
}

bool IsGrammarDir(const std::string& dir) {
  return std::find(AllGrammars().begin(), AllGrammars().end(), dir) != AllGrammars().end();
}
bool IsLineFormatDir(const std::string& dir) {
  return std::find(LineFormats().begin(), LineFormats().end(), dir) != LineFormats().end();
}

struct DirStats {
  int expectations = 0;
  int comments = 0;
  std::set<std::string> envs;
};

// Every fixture file under tests/context/<dir>/, sorted.
std::vector<fs::path> FixtureFiles() {
  const fs::path root = BLASTRADIUS_CONTEXT_FIXTURE_DIR;
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& p = entry.path();
    fs::path rel = fs::relative(p, root);
    if (rel.begin() == rel.end() || std::next(rel.begin()) == rel.end()) continue;  // tests/context/* itself
    if (p.extension() == ".expect") continue;
    files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  return files;
}

TEST_CASE("context fixtures: inline expectations hold, with either query form") {
  const fs::path root = BLASTRADIUS_CONTEXT_FIXTURE_DIR;
  for (QueryForm form : {QueryForm::kWhole, QueryForm::kByRootType}) {
    INFO("query form: ", FormName(form));
    ContextWorker worker(Registry(form), ContextOptions{});
    std::map<std::string, DirStats> stats;
    for (const fs::path& p : FixtureFiles()) {
      const std::string dir = fs::relative(p, root).begin()->string();
      const std::string rel = fs::relative(p, root).string();
      const std::string data = ReadFile(p);
      INFO("fixture ", rel);
      // The directory says how the file must be read.
      std::string expected_source;
      if (IsGrammarDir(dir)) {
        CHECK_MESSAGE(LineFormatFor(p.string()).empty(), rel << " is read by a line reader, not " << dir);
        const Language* lang = Registry(form).ForPath(p.string());
        REQUIRE_MESSAGE(lang != nullptr, rel << " maps to no language");
        CHECK_MESSAGE(lang->name == dir, rel << " maps to " << lang->name << ", not " << dir);
        expected_source = "tree-sitter:" + dir;
      } else if (IsLineFormatDir(dir)) {
        CHECK_MESSAGE(LineFormatFor(p.string()) == dir,
                      rel << " is read as '" << LineFormatFor(p.string()) << "'");
        expected_source = dir;
      } else {
        FAIL_CHECK(rel << ": fixture directory '" << dir << "' is neither a grammar nor a line format");
        continue;
      }

      std::vector<Expectation> expectations = ParseExpectations(data, rel, false);
      fs::path sidecar = p;
      sidecar += ".expect";
      if (fs::exists(sidecar)) {
        for (auto& e : ParseExpectations(ReadFile(sidecar), rel + ".expect", true))
          expectations.push_back(std::move(e));
      }
      std::vector<Value> values = FindValues(data);
      std::vector<Span> spans;
      for (const Value& v : values) spans.push_back(v.span);
      std::vector<Context> contexts;
      worker.Annotate(p.string(), data, spans, &contexts);
      REQUIRE(contexts.size() == spans.size());

      std::map<std::string, size_t> value_index;
      for (size_t i = 0; i < values.size(); ++i) {
        CHECK_MESSAGE(value_index.count(values[i].token) == 0,
                      rel << ":" << values[i].line << ": " << values[i].token << " appears twice");
        value_index[values[i].token] = i;
      }
      std::set<std::string> expected_tokens;
      for (const Expectation& e : expectations) {
        CHECK_MESSAGE(expected_tokens.insert(e.token).second,
                      e.where << ": second expectation for " << e.token);
        auto it = value_index.find(e.token);
        if (it == value_index.end()) {
          FAIL_CHECK(e.where << ": " << e.token << " has an expectation but no value in the file");
          continue;
        }
        const Value& v = values[it->second];
        const Context& got = contexts[it->second];
        if (e.line != 0) {
          CHECK_MESSAGE(
              (e.line == v.line || e.line == v.line + 1),
              e.where << ": the expectation must sit on the value's line (" << v.line << ") or the next");
        }
        auto field = [&](const std::string& name, const std::string& dflt) {
          auto f = e.fields.find(name);
          return f == e.fields.end() ? dflt : f->second;
        };
        std::string where = rel + ":" + std::to_string(v.line) + ": " + v.token;
        CHECK_MESSAGE(got.key_name == field("key", ""),
                      where << ": key '" << got.key_name << "', expected '" << field("key", "") << "'");
        CHECK_MESSAGE(
            ValueKindName(got.kind) == field("kind", "literal"),
            where << ": kind " << ValueKindName(got.kind) << ", expected " << field("kind", "literal"));
        CHECK_MESSAGE(got.environment == field("env", ""),
                      where << ": env '" << got.environment << "', expected '" << field("env", "") << "'");
        if (e.fields.count("call")) {
          CHECK_MESSAGE(got.call == e.fields.at("call"),
                        where << ": call '" << got.call << "', expected '" << e.fields.at("call") << "'");
        }
        CHECK_MESSAGE(got.source == field("source", expected_source),
                      where << ": source '" << got.source << "', expected '"
                            << field("source", expected_source) << "'");
        DirStats& st = stats[dir];
        ++st.expectations;
        if (got.kind == ValueKind::kComment) ++st.comments;
        if (!got.environment.empty()) st.envs.insert(got.environment);
      }
      for (const Value& v : values) {
        CHECK_MESSAGE(expected_tokens.count(v.token) == 1,
                      rel << ":" << v.line << ": " << v.token << " has no expectation");
      }
    }

    // Coverage: every grammar and line format has fixtures; every grammar has
    // at least 5 expectations, a comment, a host-based (development) and a
    // key-based (production/staging/test) environment.
    const bool verbose = std::getenv("BLASTRADIUS_CONTEXT_VERBOSE") != nullptr;
    for (const std::string& g : AllGrammars()) {
      const DirStats& st = stats[g];
      INFO("language ", g);
      CHECK(st.expectations >= 5);
      CHECK(st.comments >= 1);
      CHECK(st.envs.count("development") == 1);
      CHECK((st.envs.count("production") + st.envs.count("staging") + st.envs.count("test")) >= 1);
      if (verbose) MESSAGE(g << ": " << st.expectations << " expectations");
    }
    for (const std::string& f : LineFormats()) {
      INFO("line format ", f);
      CHECK(stats[f].expectations >= 3);
      if (verbose) MESSAGE(f << ": " << stats[f].expectations << " expectations");
    }
  }
}

TEST_CASE("the query forms bind every word of every grammar fixture alike") {
  // Not only the fixtures' values: every word of 4+ name characters (keys,
  // values, calls, keywords, comments) is annotated as a candidate by a
  // whole-query worker and a by-root-type worker, which must agree on
  // everything the tree decides. Ties (the same value matched by two
  // patterns) are among them, so the order of a part's patterns is checked
  // too. Each batch of words gets a new by-root-type registry, so that its
  // query holds only the parts that batch needs.
  const fs::path root = BLASTRADIUS_CONTEXT_FIXTURE_DIR;
  ContextWorker whole(Registry(QueryForm::kWhole), ContextOptions{});
  size_t compared = 0, bound = 0;
  for (const fs::path& p : FixtureFiles()) {
    const std::string dir = fs::relative(p, root).begin()->string();
    if (!IsGrammarDir(dir)) continue;
    const std::string data = ReadFile(p);
    std::vector<Span> words;
    for (size_t i = 0; i < data.size();) {
      if (!IsTokenChar(data[i])) {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < data.size() && IsTokenChar(data[end])) ++end;
      if (end - i >= 4) words.push_back(Span(i, end));
      i = end;
    }
    // The worker uses the tree for the first 64 candidates of a file; in
    // batches of 16, every word meets the tree.
    for (size_t from = 0; from < words.size(); from += 16) {
      std::vector<Span> batch(words.begin() + static_cast<std::ptrdiff_t>(from),
                              words.begin() + static_cast<std::ptrdiff_t>(std::min(words.size(), from + 16)));
      std::unique_ptr<LanguageRegistry> fresh;
      REQUIRE(LanguageRegistry::Build(&fresh, /*compile_now=*/false, QueryForm::kByRootType).ok());
      ContextWorker by_root(*fresh, ContextOptions{});
      std::vector<Context> a, b;
      whole.Annotate(p.string(), data, batch, &a);
      by_root.Annotate(p.string(), data, batch, &b);
      REQUIRE(a.size() == batch.size());
      REQUIRE(b.size() == batch.size());
      for (size_t k = 0; k < batch.size(); ++k) {
        INFO(fs::relative(p, root).string(), ":", LineNumber(data, batch[k].begin), ": ",
             data.substr(batch[k].begin, batch[k].size()));
        CHECK(a[k].key_name == b[k].key_name);
        CHECK(a[k].call == b[k].call);
        CHECK(a[k].kind == b[k].kind);
        CHECK(a[k].environment == b[k].environment);
        CHECK(a[k].source == b[k].source);
        ++compared;
        bound += !a[k].key_name.empty();
      }
    }
  }
  // Enough words, and enough of them bound, for the comparison to mean
  // something.
  CHECK(compared > 1500);
  CHECK(bound > 600);
  MESSAGE(compared << " words compared, " << bound << " bound");
}

TEST_CASE("threads sharing a by-root-type registry bind as the whole query does") {
  // Four workers on one registry, each on every fourth grammar fixture:
  // queries are built and replaced by unions while others run them.
  const fs::path root = BLASTRADIUS_CONTEXT_FIXTURE_DIR;
  std::vector<fs::path> files;
  for (const fs::path& p : FixtureFiles()) {
    if (IsGrammarDir(fs::relative(p, root).begin()->string())) files.push_back(p);
  }
  std::vector<std::string> data(files.size());
  std::vector<std::vector<Span>> spans(files.size());
  std::vector<std::vector<Context>> expected(files.size()), got(files.size());
  ContextWorker whole(Registry(QueryForm::kWhole), ContextOptions{});
  for (size_t f = 0; f < files.size(); ++f) {
    data[f] = ReadFile(files[f]);
    for (const Value& v : FindValues(data[f])) spans[f].push_back(v.span);
    whole.Annotate(files[f].string(), data[f], spans[f], &expected[f]);
  }
  std::unique_ptr<LanguageRegistry> shared;
  REQUIRE(LanguageRegistry::Build(&shared, /*compile_now=*/false, QueryForm::kByRootType).ok());
  constexpr size_t kThreads = 4;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ContextWorker worker(*shared, ContextOptions{});
      for (size_t f = t; f < files.size(); f += kThreads)
        worker.Annotate(files[f].string(), data[f], spans[f], &got[f]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  size_t compared = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    REQUIRE(got[f].size() == expected[f].size());
    for (size_t k = 0; k < got[f].size(); ++k) {
      INFO(fs::relative(files[f], root).string(), ": ",
           data[f].substr(spans[f][k].begin, spans[f][k].size()));
      CHECK(got[f][k].key_name == expected[f][k].key_name);
      CHECK(got[f][k].call == expected[f][k].call);
      CHECK(got[f][k].kind == expected[f][k].kind);
      ++compared;
    }
  }
  CHECK(compared > 150);
}

TEST_CASE("by root type, a query holds the parts a candidate can meet, and grows") {
  std::unique_ptr<LanguageRegistry> reg;
  REQUIRE(LanguageRegistry::Build(&reg, /*compile_now=*/false, QueryForm::kByRootType).ok());
  const Language* ts = reg->ByName("typescript");
  REQUIRE(ts != nullptr);
  CHECK(ts->query == nullptr);  // the whole query is never built in this form
  const Language& whole = *Registry(QueryForm::kWhole).ByName("typescript");
  REQUIRE(whole.query != nullptr);
  const uint32_t all = ts_query_pattern_count(whole.query);
  // No pattern is rooted at a string or a program: nothing to build.
  CHECK(reg->QueryFor(*ts, {"string", "program"}) == nullptr);
  // An object's pair: the patterns rooted at `pair` (one) only.
  const Language* pair = reg->QueryFor(*ts, {"string", "pair", "object", "program"});
  REQUIRE(pair != nullptr);
  CHECK(ts_query_pattern_count(pair->query) == 1);
  // A need the query covers reuses it.
  CHECK(reg->QueryFor(*ts, {"pair"}) == pair);
  // A new need: the union, in the language's order, replaces it.
  const Language* both = reg->QueryFor(*ts, {"string", "variable_declarator", "program"});
  REQUIRE(both != nullptr);
  CHECK(both != pair);
  CHECK(ts_query_pattern_count(both->query) == 2);
  // In the language's order: variable_declarator's pattern comes first in
  // ecma/context.scm, then pair's.
  CHECK(ts_query_start_byte_for_pattern(both->query, 0) < ts_query_start_byte_for_pattern(both->query, 1));
  CHECK(reg->QueryFor(*ts, {"pair"}) == both);
  CHECK(ts_query_pattern_count(both->query) < all);
}

TEST_CASE("SplitQueryPatterns finds each top-level pattern and its root") {
  struct Row {
    std::string source;
    std::vector<std::string> roots;  // per pattern
    std::vector<bool> binds;
  };
  const std::vector<Row> rows = {
      {"(pair key: (_) @key value: (_) @value)", {"pair"}, {true}},
      // Comments and strings holding brackets do not end a pattern.
      {"; (not a pattern)\n(call (string) @key \"(\" @value) ; ) also not\n(comment) @comment",
       {"call", "comment"},
       {true, false}},
      // A group with predicates has its node's root; captures and
      // quantifiers after a node belong to it.
      {"((call function: (identifier) @_fn) @c (#match? @_fn \"^set$\") (#eq? @_fn \"x\"))\n(a)+ @key @value",
       {"call", "a"},
       {false, true}},
      // Alternations, wildcards and groups of siblings have no single root.
      {"[(line_comment) (block_comment)] @comment (_ key: (_) @key value: (_) @value) ((a) (b) @key @value)",
       {"", "", ""},
       {false, true, true}},
      // A capture named like ours is not ours.
      {"(x (y) @keys (z) @value_of)", {"x"}, {false}},
      {"", {}, {}},
  };
  for (const Row& row : rows) {
    INFO(row.source);
    std::vector<QueryPatternText> patterns;
    REQUIRE(SplitQueryPatterns(row.source, &patterns));
    REQUIRE(patterns.size() == row.roots.size());
    for (size_t i = 0; i < patterns.size(); ++i) {
      CHECK(patterns[i].root_type == row.roots[i]);
      CHECK(patterns[i].binds == row.binds[i]);
    }
  }
  std::vector<QueryPatternText> patterns;
  CHECK_FALSE(SplitQueryPatterns("(pair key: (_) @key", &patterns));  // unbalanced
  CHECK_FALSE(SplitQueryPatterns("(a) stray (b)", &patterns));        // not a pattern
  CHECK_FALSE(SplitQueryPatterns("(a \"unterminated)", &patterns));   // a string that never ends
  // Each grammar's query splits where tree-sitter does: as many patterns,
  // each starting at the byte where tree-sitter says its pattern starts.
  for (const std::string& name : AllGrammars()) {
    INFO("language ", name);
    const Language* lang = Registry().ByName(name);
    REQUIRE(lang != nullptr);
    REQUIRE(lang->query != nullptr);
    const std::string source = ContextQuerySource(name);
    REQUIRE(SplitQueryPatterns(source, &patterns));
    REQUIRE(patterns.size() == ts_query_pattern_count(lang->query));
    for (uint32_t i = 0; i < patterns.size(); ++i) {
      INFO("pattern ", i);
      const uint32_t start = ts_query_start_byte_for_pattern(lang->query, i);
      CHECK(source.compare(start, patterns[i].text.size(), patterns[i].text) == 0);
    }
  }
}

TEST_CASE("every grammar has a context query that compiles") {
  std::unique_ptr<LanguageRegistry> reg;
  Status s = LanguageRegistry::Build(&reg, /*compile_now=*/true);
  REQUIRE_MESSAGE(s.ok(), s.message());
  // And the query of all its parts, by root type.
  std::unique_ptr<LanguageRegistry> by_root;
  Status parts = LanguageRegistry::Build(&by_root, /*compile_now=*/true, QueryForm::kByRootType);
  REQUIRE_MESSAGE(parts.ok(), parts.message());
  CHECK(reg->languages().size() == AllGrammars().size());
  for (const std::string& name : AllGrammars()) {
    INFO("language ", name);
    const Language* lang = reg->ByName(name);
    REQUIRE(lang != nullptr);
    CHECK(lang->grammar != nullptr);
    REQUIRE(lang->query != nullptr);
    CHECK(lang->key_capture != UINT32_MAX);
    CHECK(lang->value_capture != UINT32_MAX);
    CHECK(lang->comment_capture != UINT32_MAX);
    CHECK(lang->predicates.size() == ts_query_pattern_count(lang->query));
    bool embedded = false;
    for (size_t i = 0; i < kGrammarQueries_count; ++i)
      embedded |= kGrammarQueries[i].name == name + "/context.scm";
    CHECK(embedded);
  }
}

TEST_CASE("ForPath maps extensions and file names to grammars") {
  const LanguageRegistry& reg = Registry();
  auto name_of = [&](std::string_view path) -> std::string {
    const Language* l = reg.ForPath(path);
    return l ? l->name : "";
  };
  const std::vector<std::pair<std::string, std::string>> cases{
      {"app/settings.py", "python"},
      {"tool.pyw", "python"},
      {"src/index.js", "javascript"},
      {"x.mjs", "javascript"},
      {"x.cjs", "javascript"},
      {"App.jsx", "javascript"},
      {"a/b.ts", "typescript"},
      {"x.mts", "typescript"},
      {"x.cts", "typescript"},
      {"App.tsx", "tsx"},
      {"main.go", "go"},
      {"Main.java", "java"},
      {"app.rb", "ruby"},
      {"tasks.rake", "ruby"},
      {"x.gemspec", "ruby"},
      {"Gemfile", "ruby"},
      {"sub/Rakefile", "ruby"},
      {"index.php", "php"},
      {"Program.cs", "c_sharp"},
      {"main.rs", "rust"},
      {"run.sh", "bash"},
      {"x.bash", "bash"},
      {".zsh", "bash"},
      {"ci.yml", "yaml"},
      {"k8s/secret.yaml", "yaml"},
      {"package.json", "json"},
      {"settings.jsonc", "json"},
      {"Cargo.toml", "toml"},
      {"UPPER.PY", "python"},
      {"dir.d/CONFIG.YML", "yaml"},
      {"main.tf", ""},
      {"vars.tfvars", ""},
      {"x.hcl", ""},
      {"build.gradle.kts", ""},
      {"README", ""},
      {"Makefile", ""},
      {"notes.txt", ""},
      {"x.py.bak", ""},
      {"dir.py/file", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    // Named copies: clang before 16 cannot capture structured bindings (INFO).
    const std::string& path = c.first;
    const std::string& want = c.second;
    INFO("path ", path);
    CHECK(name_of(path) == want);
  }
}

TEST_CASE("LineFormatFor picks the line reader by file name") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {".env", "dotenv"},
      {"app/.env.production", "dotenv"},
      {"prod.env", "dotenv"},
      {".envrc", "dotenv"},
      {".npmrc", "npmrc"},
      {".yarnrc", "npmrc"},
      {"home/.netrc", "netrc"},
      {"_netrc", "netrc"},
      {"Dockerfile", "dockerfile"},
      {"Dockerfile.prod", "dockerfile"},
      {"api.dockerfile", "dockerfile"},
      {".git-credentials", "git-credentials"},
      {"setup.cfg", "ini"},
      {"app.properties", "ini"},
      {"php.ini", "ini"},
      {"nginx.conf", "ini"},
      {".pypirc", "ini"},
      {".aws/credentials", "ini"},
      {"settings.py", ""},
      {"config.yml", ""},
      {"environment.ts", ""},
  };
  for (const auto& c : cases) {
    // Named copies: clang before 16 cannot capture structured bindings (INFO).
    const std::string& path = c.first;
    const std::string& want = c.second;
    INFO("path ", path);
    CHECK(LineFormatFor(path) == want);
  }
}

// One LineContextReader over all of a blob's candidates answers as a fresh
// ReadLineContext per candidate does, in ascending order (its cursor's fast
// path) and in a seeded shuffle, with several candidates per line and lines
// that name different environments by their hosts.
TEST_CASE("LineContextReader over many candidates equals one ReadLineContext each") {
  const std::vector<std::pair<std::string, std::string>> blobs{
      {"bundle.js",
       "a=ctxval_a1 b: ctxval_a2 http://localhost:3000 ctxval_a3\n"
       "# token = ctxval_b1 https://prod.example.com ctxval_b2\n"
       "plain ctxval_c1 ctxval_c2\r\n\r\n"
       "const key = \"ctxval_d1\"; pw: \"ctxval_d2\" db.internal:5432 ctxval_d3"},
      {".env", "DEV_TOKEN=ctxval_e1 OTHER=ctxval_e2\nexport URL=https://u:ctxval_e3@prod-db.example.com\n"},
      {".netrc",
       "machine api.example.com login me password ctxval_n1\nmachine b.example.com password ctxval_n2 "
       "ctxval_n3\n"},
      {".git-credentials",
       "https://u:ctxval_g1@github.com "
       "https://v:ctxval_g2@gitlab.local\nhttps://w:ctxval_g3@x.example.com\n"},
      {"Dockerfile", "ENV API_KEY=ctxval_f1 SECOND=ctxval_f2\nARG PROD_PASSWORD=ctxval_f3\n"},
      {".npmrc", "//registry.npmjs.org/:_authToken=ctxval_m1 ctxval_m2\n; _password=ctxval_m3\n"},
  };
  std::mt19937 rng(20261206);
  std::set<std::string> environments;
  for (const auto& blob : blobs) {
    const std::string& path = blob.first;
    const std::string& data = blob.second;
    INFO("path ", path);
    std::vector<Value> values = FindValues(data);
    REQUIRE(values.size() >= 3);
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::vector<size_t>> orders = {order, order};
    std::shuffle(orders[1].begin(), orders[1].end(), rng);
    for (const auto& o : orders) {
      LineContextReader reader(LineFormatFor(path), data);
      for (size_t i : o) {
        INFO("value ", values[i].token);
        Context want, got;
        ReadLineContext(LineFormatFor(path), data, values[i].span, &want);
        reader.Read(values[i].span, &got);
        CHECK(got.key_name == want.key_name);
        CHECK(got.kind == want.kind);
        CHECK(got.source == want.source);
        CHECK(got.environment == want.environment);
        environments.insert(got.environment);
      }
    }
  }
  // The blobs exercise the per-line memo with lines that differ.
  CHECK(environments == std::set<std::string>{"", "development", "production", "test"});
}

// Annotates the single ctxval_ value of `data` as file `path`.
Context AnnotateOne(ContextWorker& worker, const std::string& path, const std::string& data) {
  std::vector<Value> values = FindValues(data);
  REQUIRE(values.size() == 1);
  std::vector<Context> out;
  worker.Annotate(path, data, {values[0].span}, &out);
  REQUIRE(out.size() == 1);
  return out[0];
}

TEST_CASE("query predicates are evaluated by the worker") {
  ContextWorker worker(Registry(), ContextOptions{});
  // #match? on the callee: setenv-like calls bind their first argument...
  Context bound = AnnotateOne(worker, "a.py", "os.putenv(\n    \"API_TOKEN\",\n    \"ctxval_pred\",\n)\n");
  CHECK(bound.key_name == "API_TOKEN");
  // ... any other call does not (a runtime without predicates would say API_TOKEN).
  Context unbound = AnnotateOne(worker, "a.py", "print(\n    \"API_TOKEN\",\n    \"ctxval_pred\",\n)\n");
  CHECK(unbound.key_name == "");
  CHECK(unbound.kind == ValueKind::kLiteral);
}

// Run by the two test cases below, one per query form: deep nesting sends
// the by-root-type form's ranges to the patterns as written.
void PathologicalInputs(QueryForm form) {
  ContextOptions options;
  options.max_parse_bytes = 512 * 1024;  // big enough that these inputs are parsed
  std::unique_ptr<LanguageRegistry> fresh;
  REQUIRE(LanguageRegistry::Build(&fresh, /*compile_now=*/false, form).ok());
  ContextWorker worker(*fresh, options);

  SUBCASE("deeply nested JSON") {
    const size_t depth = 200'000;  // 400 KB, under max_parse_bytes
    std::string data(depth, '[');
    data += "{\"token\": \"ctxval_deep\"}";
    data += std::string(depth, ']');
    data += "\n";
    REQUIRE(data.size() <= options.max_parse_bytes);
    Context ctx = AnnotateOne(worker, "deep.json", data);
    CHECK(ctx.key_name == "token");
    CHECK(ctx.kind == ValueKind::kLiteral);
  }
  SUBCASE("deeply nested Python expression") {
    const size_t depth = 100'000;
    std::string data =
        "token = " + std::string(depth, '(') + "\"ctxval_deep\"" + std::string(depth, ')') + "\n";
    Context ctx = AnnotateOne(worker, "deep.py", data);
    // Parsed whole (the input is under max_parse_bytes, and nothing but size
    // bounds a parse): the assignment names the key through the nesting.
    CHECK(ctx.source == "tree-sitter:python");
    CHECK(ctx.key_name == "token");
    CHECK(ctx.kind == ValueKind::kLiteral);
  }
  SUBCASE("deeply nested YAML flow collections") {
    const size_t depth = 100'000;
    std::string data =
        "root: " + std::string(depth, '[') + "{api_key: ctxval_deep}" + std::string(depth, ']') + "\n";
    Context ctx = AnnotateOne(worker, "deep.yaml", data);
    // The query cursor's match limit (a count, not a time) stops short of the
    // innermost binding at this depth, so the outermost key answers: bounded,
    // and the same on every run.
    CHECK(ctx.source == "tree-sitter:yaml");
    CHECK(ctx.key_name == "root");
  }
  SUBCASE("file over max_parse_bytes: a window around the candidate is parsed") {
    std::string data;
    while (data.size() <= options.max_parse_bytes)
      data += "const filler = \"" + std::string(60, 'x') + "\";\n";
    data += "const apiKey = \"ctxval_huge\";\n";
    Context ctx = AnnotateOne(worker, "huge.js", data);
    CHECK(ctx.source == "tree-sitter:javascript");  // the window's tree, not the line reader
    CHECK(worker.failed_parses() == 0);
    CHECK(ctx.key_name == "apiKey");
  }
  SUBCASE("huge generated file with many candidates") {
    // 15k lines of dict entries, a candidate on every line: the query runs
    // once per candidate and must stay local to it.
    std::string data = "CONFIG = {\n";
    std::vector<Span> spans;
    for (int i = 0; i < 15'000; ++i) {
      std::string line = "    \"key_" + std::to_string(i) + "\": \"ctxval_";
      size_t b = data.size() + line.size() - 7;
      line += std::to_string(i) + "\",\n";
      data += line;
      spans.emplace_back(b, b + 7 + std::to_string(i).size());
    }
    data += "}\n";
    REQUIRE(data.size() <= options.max_parse_bytes);
    std::vector<Context> out;
    worker.Annotate("gen.py", data, spans, &out);
    REQUIRE(out.size() == spans.size());
    CHECK(out.front().key_name == "key_0");
    CHECK(out.front().source == "tree-sitter:python");
    CHECK(out.back().key_name == "key_14999");  // from the line reader
  }
}

TEST_CASE("#kind? keeps a wildcard parent to its node type") {
  std::unique_ptr<LanguageRegistry> reg;
  REQUIRE(LanguageRegistry::Build(&reg, /*compile_now=*/false, QueryForm::kByRootType).ok());
  ContextWorker worker(*reg, ContextOptions{});
  // An assignment binds across lines...
  Context assigned = AnnotateOne(worker, "a.js", "apiToken =\n  \"ctxval_kind\";\n");
  CHECK(assigned.key_name == "apiToken");
  // ... a comparison inside an assignment binds to the assignment: the
  // comparison's node has the same left and right fields, and under
  // (assignment_expression left: right:) built with a wildcard parent only
  // #kind? keeps it from binding the smaller value to `apiToken`.
  Context compared = AnnotateOne(worker, "a.js", "ok = (apiToken ===\n  \"ctxval_kind\");\n");
  CHECK(compared.key_name == "ok");
  CHECK(compared.kind == ValueKind::kLiteral);
}

TEST_CASE("WildcardParents makes every named parent a wildcard tested by #kind?") {
  struct Row {
    const char* name;
    const char* written;
    const char* built;
    uint32_t rewritten;
  };
  const Row rows[] = {
      {"a parent with fields", "(pair key: (_) @key value: (_) @value)",
       "((_ key: (_) @key value: (_) @value) @_kind0 (#kind? @_kind0 \"pair\"))", 1},
      {"its own captures go inside the group, before the tests", "(call (args)) @call @x",
       "((_ (args)) @_kind0 @call @x (#kind? @_kind0 \"call\"))", 1},
      {"nested parents too; leaves stay", "(a x: (b y: (c)) z: (d))",
       "((_ x: (_ y: (c)) @_kind1 z: (d)) @_kind0 (#kind? @_kind0 \"a\") (#kind? @_kind1 \"b\"))", 2},
      {"a predicate inside stays inside", "(call f: (id) @_f (#eq? @_f \"new\"))",
       "((_ f: (id) @_f (#eq? @_f \"new\")) @_kind0 (#kind? @_kind0 \"call\"))", 1},
      {"a group takes the tests at its end", "((call (args) @a) @c (#eq? @a \"x\"))",
       "((_ (args) @a) @_kind0 @c (#eq? @a \"x\") (#kind? @_kind0 \"call\"))", 1},
      {"parents inside an alternation", "(a [(b (c)) (d)] @k)",
       "((_ [(_ (c)) @_kind1 (d)] @k) @_kind0 (#kind? @_kind0 \"a\") (#kind? @_kind1 \"b\"))", 2},
      {"a quantifier stays before the capture", "(a (b (c))* @k)",
       "((_ (_ (c))* @_kind1 @k) @_kind0 (#kind? @_kind0 \"a\") (#kind? @_kind1 \"b\"))", 2},
      {"anchors stay", "(a . (b (c)) .)",
       "((_ . (_ (c)) @_kind1 .) @_kind0 (#kind? @_kind0 \"a\") (#kind? @_kind1 \"b\"))", 2},
      {"strings and comments holding brackets", "(a (#match? @_x \"[(;]\") ; (b (c))\n (d))",
       "((_ (#match? @_x \"[(;]\") \n (d)) @_kind0 (#kind? @_kind0 \"a\"))", 1},
      {"a leaf is left", "(comment) @comment", "(comment) @comment", 0},
      {"a wildcard is left", "(_ key: (_) @k)", "(_ key: (_) @k)", 0},
      {"an alternation at the top is left", "[(a (b)) (c)] @k", "[(a (b)) (c)] @k", 0},
      {"a group ending in an anchor is left", "((a (b)) .)", "((a (b)) .)", 0},
      {"unbalanced text is left for tree-sitter to report", "(a (b)", "(a (b)", 0},
      {"more than one pattern is left as written", "(a (b))\n(c (d))", "(a (b))\n(c (d))", 0},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    uint32_t rewritten = 99;
    CHECK(WildcardParents(row.written, &rewritten) == row.built);
    CHECK(rewritten == row.rewritten);
  }
}

TEST_CASE("wildcard parents serve ranges up to kWildcardDepth deep, the patterns as written deeper ones") {
  std::unique_ptr<LanguageRegistry> reg;
  REQUIRE(LanguageRegistry::Build(&reg, /*compile_now=*/false, QueryForm::kByRootType).ok());
  ContextWorker worker(*reg, ContextOptions{});
  for (uint32_t depth :
       {1u, 10u, ContextWorker::kWildcardDepth - 8, ContextWorker::kWildcardDepth + 8, 200u}) {
    CAPTURE(depth);
    // `depth` arrays around an object: its pair's nodes lie about depth + 4
    // levels below the document.
    const std::string data =
        std::string(depth, '[') + "{\"token\": \"ctxval_nest\"}" + std::string(depth, ']');
    const uint64_t before = worker.ranges_as_written();
    Context ctx = AnnotateOne(worker, "nest.json", data);
    CHECK(ctx.key_name == "token");
    CHECK(worker.ranges_as_written() - before == (depth + 4 > ContextWorker::kWildcardDepth ? 1u : 0u));
  }
  // The query built for that pair, and the same patterns as written.
  const Language* json = reg->ByName("json");
  REQUIRE(json != nullptr);
  const Language* built = reg->QueryFor(*json, {"pair", "object", "array", "document"});
  REQUIRE(built != nullptr);
  CHECK(built->wildcard_parents > 0);
  const Language* written = reg->AsWritten(*built);
  REQUIRE(written != nullptr);
  CHECK(written->wildcard_parents == 0);
  CHECK(ts_query_pattern_count(written->query) == ts_query_pattern_count(built->query));
  CHECK(reg->AsWritten(*built) == written);  // built once
  CHECK(reg->AsWritten(*written) == nullptr);
  // The bound kWildcardDepth rests on, for every language's largest query
  // by root type (every binding pattern): even the deepest range served
  // keeps fewer matches in progress than the cursor holds.
  for (const std::string& name : AllGrammars()) {
    CAPTURE(name);
    std::vector<QueryPatternText> patterns;
    REQUIRE(SplitQueryPatterns(ContextQuerySource(name), &patterns));
    const size_t binding = static_cast<size_t>(
        std::count_if(patterns.begin(), patterns.end(), [](const QueryPatternText& p) { return p.binds; }));
    CHECK(binding > 0);
    CHECK((ContextWorker::kWildcardDepth + 2) * binding <= ContextWorker::kBuiltMatchLimit);
  }
}

// The deepest level (root: 0) of a node overlapping [from, to]: ending
// after `from` and starting at or before `to`.
uint32_t DeepestOverlapping(TSNode node, uint32_t from, uint32_t to, uint32_t depth = 0) {
  uint32_t deepest = depth;
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i) {
    TSNode child = ts_node_child(node, i);
    if (ts_node_end_byte(child) > from && ts_node_start_byte(child) <= to)
      deepest = std::max(deepest, DeepestOverlapping(child, from, to, depth + 1));
  }
  return deepest;
}

TEST_CASE("NestedDeeperThan agrees with a walk of the whole tree") {
  std::mt19937 rng(20261207);
  TSParser* parser = ts_parser_new();
  REQUIRE(ts_parser_set_language(parser, Registry().ByName("json")->grammar));
  size_t checks = 0;
  for (int doc = 0; doc < 60; ++doc) {
    // Random JSON: arrays and objects nested up to 40 deep, with scalars.
    std::string text;
    std::function<void(int)> value = [&](int depth) {
      const int kind = depth >= 40 ? 2 : static_cast<int>(rng() % 3);
      if (kind == 0) {
        text += '[';
        for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
          value(depth + 1);
          if (n > 1) text += ", ";
        }
        text += ']';
      } else if (kind == 1) {
        text += '{';
        for (int n = static_cast<int>(rng() % 3); n > 0; --n) {
          text += "\"k" + std::to_string(rng() % 100) + "\": ";
          value(depth + 1);
          if (n > 1) text += ", ";
        }
        text += '}';
      } else {
        text += std::to_string(rng() % 1000);
      }
    };
    value(0);
    TSTree* tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
    REQUIRE(tree != nullptr);
    const TSNode root = ts_tree_root_node(tree);
    for (int r = 0; r < 20; ++r) {
      uint32_t from = static_cast<uint32_t>(rng() % (text.size() + 1));
      uint32_t to = static_cast<uint32_t>(rng() % (text.size() + 1));
      if (from > to) std::swap(from, to);
      const uint32_t deepest = DeepestOverlapping(root, from, to);
      for (uint32_t limit = 0; limit <= deepest + 1; ++limit) {
        CAPTURE(from);
        CAPTURE(to);
        CAPTURE(limit);
        CHECK(NestedDeeperThan(root, from, to, limit) == (deepest > limit));
        ++checks;
      }
    }
    ts_tree_delete(tree);
  }
  ts_parser_delete(parser);
  CHECK(checks > 5000);
}

TEST_CASE("pathological inputs are annotated quickly: whole queries") {
  PathologicalInputs(QueryForm::kWhole);
}

TEST_CASE("pathological inputs are annotated quickly: queries by root type") {
  PathologicalInputs(QueryForm::kByRootType);
}

TEST_CASE("parsing is bounded by size, not time: the same input always gives the same context") {
  ContextOptions options;
  ContextWorker a(Registry(), options), b(Registry(), options);
  std::string data;
  for (int i = 0; i < 2'000; ++i) data += "var_" + std::to_string(i) + " = [1, 2, (3, {4: 5})]\n";
  data += "PROD_API_KEY = \"ctxval_sized\"\n";
  Context x = AnnotateOne(a, "big.py", data);
  Context y = AnnotateOne(b, "big.py", data);
  CHECK(x.source == y.source);
  CHECK(x.key_name == "PROD_API_KEY");
  CHECK(y.key_name == "PROD_API_KEY");
  CHECK(x.environment == "production");
}

}  // namespace
}  // namespace blastradius
