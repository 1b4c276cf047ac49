// Signature loading: every problem is reported with file, JSON pointer and id.
#include "scanner/sig/signature_db.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <type_traits>

#include "scanner/core/file_io.h"
#include "scanner/sig/signature_blob.h"
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

// The build-time form (signature_blob.h) against the JSON sources it is
// made from: the same set, field for field, through Finish().

// A signature as the JSON path gives it: no build-time state.
Signature WithoutPrefinished(Signature s) {
  s.prefinished.reset();
  return s;
}

void CheckSameSets(const SignatureDb& got, const SignatureDb& want) {
  REQUIRE(got.signatures().size() == want.signatures().size());
  for (size_t i = 0; i < got.signatures().size(); ++i) {
    INFO(want.signatures()[i].card.id);
    CHECK(WithoutPrefinished(got.signatures()[i]) == want.signatures()[i]);
  }
  CHECK(got.documented_examples() == want.documented_examples());
  CHECK(got.damage_disagreements() == want.damage_disagreements());
  CHECK(got.warnings() == want.warnings());
  CHECK(got.errors() == want.errors());
}

TEST_CASE("the build-time form loads exactly what the JSON sources load") {
#ifdef BLASTRADIUS_HAVE_SIGNATURE_BLOB
  REQUIRE_FALSE(EmbeddedSignatureBlob().empty());
#else
  REQUIRE(EmbeddedSignatureBlob().empty());
#endif
  SignatureDb blob, json;
  blob.AddBuiltin();
  json.AddBuiltinSources();
  REQUIRE(json.signatures().size() > 1000);
#ifdef BLASTRADIUS_HAVE_SIGNATURE_BLOB
  // Finished while building: every card arrives complete.
  for (const auto& s : blob.signatures()) REQUIRE(s.prefinished.has_value());
#endif
  Status a = blob.Finish(), b = json.Finish();
  REQUIRE_MESSAGE(a.ok(), a.message());
  REQUIRE_MESSAGE(b.ok(), b.message());
  CheckSameSets(blob, json);
  CHECK(blob.damage_model().tolerance() == json.damage_model().tolerance());
  // The account factors classify alike from either form.
  CHECK(blob.damage_model().account_classes() == json.damage_model().account_classes());
  for (const auto& account : std::vector<std::pair<std::string, std::string>>{{"sftp", "root"},
                                                                              {"sftp", "upload"},
                                                                              {"postgresql", "postgres"},
                                                                              {"mysql", "reporting"},
                                                                              {"https", "root"},
                                                                              {"ftp", "anonymous"}}) {
    // Named copies: clang before 16 cannot capture structured bindings (CAPTURE).
    const std::string& scheme = account.first;
    const std::string& user = account.second;
    CAPTURE(scheme);
    CAPTURE(user);
    CHECK(blob.damage_model().ClassifyUrlAccount(scheme, user) ==
          json.damage_model().ClassifyUrlAccount(scheme, user));
  }
  CHECK(blob.damage_model().ClassifyUrlAccount("sftp", "root") == "shell/privileged");
  for (const char* key : {"MYSQL_ROOT_PASSWORD", "ADMIN_PASSWORD", "DB_PASSWORD"}) {
    CAPTURE(key);
    CHECK(blob.damage_model().ClassifyKeyAccount(key) == json.damage_model().ClassifyKeyAccount(key));
  }
  for (const auto& s : json.signatures()) {
    if (s.card.category.empty()) continue;
    REQUIRE(blob.categories().Find(s.card.category) != nullptr);
    CHECK(blob.categories().Find(s.card.category)->scope == json.categories().Find(s.card.category)->scope);
  }
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/blastradius-sigdb-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

// The built-in `name` with `mutate` applied.
std::string BuiltinModelFile(const std::string& name, const std::function<void(nlohmann::json&)>& mutate) {
  std::string text;
  REQUIRE(ReadWholeFile(BLASTRADIUS_SOURCE_DIR "/signatures/" + name, &text).ok());
  nlohmann::json doc = nlohmann::json::parse(text);
  mutate(doc);
  return doc.dump();
}

TEST_CASE("a directory's own damage model or categories finish the built-in cards again") {
  struct Case {
    const char* what;
    const char* file;
    std::function<void(nlohmann::json&)> mutate;
    const char* id;  // a built-in card the change must reach
  };
  const Case cases[] = {
      {"damage model", "damage.json",
       [](auto& d) {
         for (auto& [cap, w] : d["capability_weights"].items()) w = w.template get<double>() + 0.5;
       },
       "github.pat.classic"},
      {"categories", "categories.json",
       [](auto& c) {
         for (auto& [id, cat] : c["categories"].items()) cat["scope"] = "resource";
       },
       nullptr},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    TempDir dir;
    dir.Write(c.file, BuiltinModelFile(c.file, c.mutate));
    SignatureDb blob, json, plain;
    blob.AddBuiltin();
    blob.AddDirectory(dir.path.string());
    json.AddBuiltinSources();
    json.AddDirectory(dir.path.string());
    plain.AddBuiltin();
    REQUIRE(blob.Finish().ok());
    REQUIRE(json.Finish().ok());
    REQUIRE(plain.Finish().ok());
    CheckSameSets(blob, json);
    for (const auto& s : blob.signatures()) REQUIRE_FALSE(s.prefinished.has_value());
    // The change reached the cards: they differ from the built-in ones.
    size_t changed = 0;
    for (size_t i = 0; i < blob.signatures().size(); ++i)
      changed += WithoutPrefinished(plain.signatures()[i]) != blob.signatures()[i];
    CHECK(changed > 0);
    if (c.id) {
      auto card = [&](const SignatureDb& db) {
        for (const auto& s : db.signatures())
          if (s.card.id == c.id) return s.card;
        FAIL("no signature ", c.id);
        return RuleCard{};
      };
      CHECK(card(blob).model_blast_radius != card(plain).model_blast_radius);
    }
  }
}

TEST_CASE("the build-time form round-trips and refuses damage") {
  std::string blob;
  Status s = SignatureDb::BuildBuiltinBlob(&blob);
  REQUIRE_MESSAGE(s.ok(), s.message());
#ifdef BLASTRADIUS_HAVE_SIGNATURE_BLOB
  CHECK(blob == EmbeddedSignatureBlob());  // the binary carries this build's sources
#endif
  SignatureBlobContents c;
  REQUIRE(DecodeSignatureBlob(blob, &c).ok());
  std::string again;
  REQUIRE(EncodeSignatureBlob(c, &again).ok());
  CHECK(again == blob);
  DamageModel d;
  ProviderCategories cats;
  REQUIRE(DecodeSignatureBlobModels(blob, &d, &cats).ok());
  CHECK(d.loaded());
  CHECK(cats.loaded());

  for (size_t cut : {size_t{0}, size_t{5}, blob.size() / 3, blob.size() - 1}) {
    CAPTURE(cut);
    CHECK(DecodeSignatureBlob(std::string_view(blob).substr(0, cut), &c).code() == Status::Code::kCorrupt);
  }
  CHECK(DecodeSignatureBlob(blob + "x", &c).code() == Status::Code::kCorrupt);
  std::string bad = blob;
  bad[0] = 'X';
  CHECK(DecodeSignatureBlob(bad, &c).code() == Status::Code::kCorrupt);
  CHECK(DecodeSignatureBlobModels(bad, &d, &cats).code() == Status::Code::kCorrupt);
  // A count far beyond the data: refused, not allocated.
  bad = blob;
  bad.replace(8, 4, std::string(4, '\xff'));
  CHECK(DecodeSignatureBlob(bad, &c).code() == Status::Code::kCorrupt);
  // Only finished signatures are encoded.
  REQUIRE(DecodeSignatureBlob(blob, &c).ok());
  c.signatures[0].prefinished.reset();
  CHECK_FALSE(EncodeSignatureBlob(c, &again).ok());
}

#ifdef BLASTRADIUS_HAVE_SIGNATURE_BLOB
TEST_CASE("the built-in set comes first") {
  SignatureDb db;
  db.AddFile("a.json", SignatureFile({MinimalSignature("t.one", "(a)")}), false);
  db.AddBuiltin();
  CHECK(db.signatures().size() == 1);
  REQUIRE(db.errors().size() == 1);
  CHECK(db.errors()[0] == "SignatureDb::AddBuiltin() must come before any other signature file");
}
#endif

}  // namespace
}  // namespace blastradius
