// Signature loading: every problem is reported with file, JSON pointer and id.
#include "scanner/sig/signature_db.h"

#include <doctest/doctest.h>

#include <type_traits>

#include "tests/testutil/signature_fixture.h"

namespace blastradius {
namespace {

using testing::MinimalSignature;
using testing::SignatureFile;

std::string LoadErrors(const std::string& text) {
  SignatureDb db;
  db.AddFile("f.json", text, false);
  Status s = db.Finish();
  return s.ok() ? "" : s.message();
}

TEST_CASE("a valid file loads") {
  CHECK(LoadErrors(SignatureFile({MinimalSignature("t.one", "(tok_[a-z]{8})")})) == "");
}

TEST_CASE("bad signature files name the place of the error") {
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> mutate;
    const char* expected;
  };
  const Case cases[] = {
      {"unknown capability", [](auto& s) { s["capabilities"] = {"data:explode"}; },
       "f.json: /signatures/0/capabilities/0 (t.one): \"data:explode\" is not in the capability vocabulary"},
      {"missing references", [](auto& s) { s.erase("references"); },
       "f.json: /signatures/0/references (t.one): required array is missing"},
      {"missing remediation", [](auto& s) { s.erase("remediation"); },
       "f.json: /signatures/0/remediation (t.one): required object {revoke, replace} is missing"},
      {"bad scope", [](auto& s) { s["scope"] = "galaxy"; },
       "f.json: /signatures/0/scope (t.one): \"galaxy\" is not one of"},
      {"severity bucket", [](auto& s) { s["base_severity"] = "critical"; },
       "f.json: /signatures/0/base_severity (t.one): does not match blast_radius bucket (medium)"},
      {"too few examples", [](auto& s) { s["examples"] = {"only one"}; },
       "f.json: /signatures/0/examples (t.one): needs at least 2 item(s)"},
      {"unknown key", [](auto& s) { s["colour"] = "red"; },
       "f.json: /signatures/0/colour (t.one): unknown key"},
      {"bad id", [](auto& s) { s["id"] = "NoDots"; },
       "f.json: /signatures/0/id (NoDots): must be lower-case dotted"},
      {"bad pairs_with", [](auto& s) { s["pairs_with"] = {"t.missing"}; },
       "f.json: t.one: pairs_with names unknown id t.missing"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    nlohmann::json sig = MinimalSignature("t.one", "(tok_[a-z]{8})");
    c.mutate(sig);
    std::string errors = LoadErrors(SignatureFile({sig}));
    CHECK(errors.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("invalid JSON and duplicate ids") {
  CHECK(LoadErrors("{\"provider\": ").find("f.json: invalid JSON at byte") == 0);
  std::string dup = SignatureFile({MinimalSignature("t.one", "(a)"), MinimalSignature("t.one", "(b)")});
  CHECK(LoadErrors(dup).find("/signatures/1/id (t.one): duplicate id") != std::string::npos);
}

TEST_CASE("all problems are reported in one run") {
  nlohmann::json a = MinimalSignature("t.a", "(a)");
  a["scope"] = "x";
  nlohmann::json b = MinimalSignature("t.b", "(b)");
  b["expires"] = "soon";
  std::string errors = LoadErrors(SignatureFile({a, b}));
  CHECK(errors.find("t.a") != std::string::npos);
  CHECK(errors.find("t.b") != std::string::npos);
}

TEST_CASE("replacement files override built-in ids") {
  SignatureDb db;
  db.AddFile("a.json", SignatureFile({MinimalSignature("t.one", "(a)")}), false);
  db.AddFile("b.json", SignatureFile({MinimalSignature("t.one", "(bb)")}), true);
  REQUIRE(db.Finish().ok());
  REQUIRE(db.signatures().size() == 1);
  CHECK(db.signatures()[0].pattern == "(bb)");
  // Never silently: the warning names both files and the one that won.
  REQUIRE(db.warnings().size() == 1);
  CHECK(db.warnings()[0] ==
        "b.json: /signatures/0/id (t.one): replaces the signature defined in a.json; the one in b.json is "
        "used");
}

TEST_CASE("replacing a built-in signature and a duplicate across directories warn (issue 13.13)") {
  SignatureDb db;
  db.AddBuiltin();
  const size_t builtin = db.signatures().size();
  CHECK(db.warnings().empty());
  db.AddFile("d1/gh.json", SignatureFile({MinimalSignature("github.pat.classic", "(ghp_x[a-z]{8})")}), true);
  db.AddFile("d2/gh.json", SignatureFile({MinimalSignature("github.pat.classic", "(ghp_y[a-z]{8})")}), true);
  REQUIRE(db.Finish().ok());
  CHECK(db.signatures().size() == builtin);
  REQUIRE(db.warnings().size() == 2);
  CHECK(db.warnings()[0] ==
        "d1/gh.json: /signatures/0/id (github.pat.classic): replaces the built-in signature defined in "
        "signatures/github.json; the one in d1/gh.json is used");
  CHECK(
      db.warnings()[1] ==
      "d2/gh.json: /signatures/0/id (github.pat.classic): replaces the signature defined in d1/gh.json; the "
      "one in d2/gh.json is used");
}

// Detects a member that hands out mutable signatures.
template <typename T, typename = void>
struct HasMutableSignatures : std::false_type {};
template <typename T>
struct HasMutableSignatures<T, std::void_t<decltype(std::declval<T&>().mutable_signatures())>>
    : std::true_type {};

TEST_CASE("build once, then immutable: no mutable access, every mutator refused after Finish") {
  static_assert(
      std::is_same_v<decltype(std::declval<SignatureDb&>().signatures()), const std::vector<Signature>&>);
  CHECK_FALSE(HasMutableSignatures<SignatureDb>::value);

  SignatureDb db;
  db.AddFile("a.json", SignatureFile({MinimalSignature("t.one", "(a)"), MinimalSignature("t.two", "(b)")}),
             false);
  REQUIRE_FALSE(db.finished());
  REQUIRE(db.Finish().ok());
  REQUIRE(db.finished());
  const Signature* first = &db.signatures()[0];
  const size_t size = db.signatures().size();

  // Refused: nothing changes, the pointers that rules and findings hold stay valid.
  CHECK_FALSE(db.Disable({"t.one"}).ok());
  db.AddFile("b.json", SignatureFile({MinimalSignature("t.three", "(c)")}), false);
  db.AddDocumentedExamples("example-value\n");
  CHECK_FALSE(db.Finish().ok());
  CHECK(db.signatures().size() == size);
  CHECK(&db.signatures()[0] == first);
  CHECK(db.signatures()[0].card.id == "t.one");
  CHECK(db.documented_examples().count("example-value") == 0);
  CHECK(db.errors().size() == 4);
  CHECK(db.errors()[0] == "SignatureDb::Disable after Finish(): the database is immutable");
}

TEST_CASE("disabled signatures are validated with the set, then left out by Finish") {
  SignatureDb db;
  nlohmann::json a = MinimalSignature("t.one", "(a)");
  a["pairs_with"] = {"t.two"};  // names a signature that is disabled: still a known id
  db.AddFile("a.json", SignatureFile({a, MinimalSignature("t.two", "(b)")}), false);
  REQUIRE(db.Disable({"t.two"}).ok());
  CHECK(db.signatures().size() == 2);  // still loaded while building
  Status s = db.Finish();
  CHECK_MESSAGE(s.ok(), s.message());
  REQUIRE(db.signatures().size() == 1);
  CHECK(db.signatures()[0].card.id == "t.one");
}

TEST_CASE("macros expand") {
  CHECK(ExpandPatternMacros("K{{assign}}({{uuid}})").find("{{") == std::string::npos);
}

TEST_CASE("the built-in database loads without errors") {
  SignatureDb db;
  db.AddBuiltin();
  Status s = db.Finish();
  CHECK_MESSAGE(s.ok(), s.message());
  CHECK(db.signatures().size() > 0);
}

TEST_CASE("the embedded database holds every source signature, without examples") {
  SignatureDb builtin, source;
  builtin.AddBuiltin();
  source.AddDirectory(BLASTRADIUS_SOURCE_DIR "/signatures");
  REQUIRE(builtin.Finish().ok());
  REQUIRE(source.Finish().ok());
  REQUIRE(builtin.signatures().size() == source.signatures().size());
  for (size_t i = 0; i < builtin.signatures().size(); ++i) {
    CHECK(builtin.signatures()[i].card.id == source.signatures()[i].card.id);
    CHECK(builtin.signatures()[i].pattern == source.signatures()[i].pattern);
  }
  CHECK(builtin.documented_examples() == source.documented_examples());
}

}  // namespace
}  // namespace blastradius
