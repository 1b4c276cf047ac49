// Kubernetes Secret manifests (k8s_secret.h): which YAML lines are entries
// of a Secret's data or stringData mapping, table-driven over manifest
// layouts (kind before and after the block, list items, several documents,
// comments, CRLF, block scalars), entry names and values; and hostile
// shapes that must be read in one pass without failing.
#include "scanner/match/k8s_secret.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/testutil/base64.h"

namespace blastradius {
namespace {

using testing::Base64Encode;

// Whether the entry on the line holding `marker` is kept, the value being
// the text after "marker: " to the end of the line, unquoted.
struct EntryCase {
  const char* name;
  std::string yaml;
  std::string marker;
  bool kept;
  const char* field = "data";
};

bool Kept(const std::string& yaml, const std::string& marker, std::string* field) {
  size_t at = yaml.find(marker + ":");
  REQUIRE(at != std::string::npos);
  size_t line = yaml.rfind('\n', at);
  line = line == std::string::npos ? 0 : line + 1;
  size_t value_begin = at + marker.size() + 1;
  while (yaml[value_begin] == ' ') ++value_begin;
  size_t value_end = yaml.find_first_of("\r\n", value_begin);
  std::string value = yaml.substr(value_begin, value_end - value_begin);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\''))
    value = value.substr(1, value.size() - 2);
  std::map<std::string, std::string> facts;
  std::string decoded;
  bool kept = K8sSecretEntry(yaml, FindK8sSecretBlocks(yaml), line, value, &facts, &decoded);
  if (kept) *field = facts["k8s_field"];
  return kept;
}

const std::string kPassword = Base64Encode("q7Rv!x2Lp9sW#kT4");
const std::string kToken = Base64Encode("mJ8s2Kq0ZpT4vR7wX1cY5nB3dF6gH9aL");

TEST_CASE("Secret data and stringData entries, by manifest layout") {
  const std::vector<EntryCase> cases = {
      {"kind before data",
       "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  DB_PASSWORD: " + kPassword + "\n",
       "DB_PASSWORD", true},
      {"kind after data",
       "apiVersion: v1\ndata:\n  extra: " + kToken + "\nkind: Secret\nmetadata:\n  name: x\n", "extra", true},
      {"quoted value, second entry",
       "kind: Secret\ndata:\n  a: \"" + kToken + "\"\n  b: '" + kPassword + "'\n", "b", true},
      {"lowercase kind", "kind: secret\ndata:\n  extra: " + kToken + "\n", "extra", true},
      {"quoted kind", "kind: \"Secret\"\ndata:\n  extra: " + kToken + "\n", "extra", true},
      {"comment between entries",
       "kind: Secret\ndata:\n  a: " + kPassword + "\n  # the signing key\n  b: " + kToken + "\n", "b", true},
      {"CRLF lines", "kind: Secret\r\ndata:\r\n  extra: " + kToken + "\r\n", "extra", true},
      {"item of a List",
       "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  data:\n    api: " + kToken +
           "\n  metadata:\n    name: x\n",
       "api", true},
      {"item with kind after data", "items:\n  - data:\n      api: " + kToken + "\n    kind: Secret\n", "api",
       true},
      {"second document",
       "kind: Deployment\nspec:\n  replicas: 2\n---\nkind: Secret\ndata:\n  api: " + kToken + "\n", "api",
       true},
      {"stringData", "kind: Secret\nstringData:\n  webhook: Zx81qPw0rTn5vLk2\n", "webhook", true,
       "stringData"},
      {"ConfigMap data", "kind: ConfigMap\ndata:\n  extra: " + kToken + "\n", "extra", false},
      {"kind in another document", "kind: Secret\n---\ndata:\n  extra: " + kToken + "\n", "extra", false},
      {"kind of a sibling List item",
       "items:\n- kind: Secret\n  metadata:\n    name: a\n- kind: ConfigMap\n  data:\n    extra: " + kToken +
           "\n",
       "extra", false},
      {"kind of the enclosing List",
       "kind: List\nitems:\n- kind: ConfigMap\n  data:\n    extra: " + kToken + "\n", "extra", false},
      {"not under data", "kind: Secret\nmetadata:\n  annotations:\n    checksum: " + kToken + "\n",
       "checksum", false},
      {"deeper than the entries", "kind: Secret\ndata:\n  a: " + kPassword + "\n    nested: " + kToken + "\n",
       "nested", false},
      {"after the block ends",
       "kind: Secret\ndata:\n  a: " + kPassword + "\nmetadata:\n  label: " + kToken + "\n", "label", false},
      {"namespace entry", "kind: Secret\ndata:\n  namespace: " + Base64Encode("payments-prod") + "\n",
       "namespace", false},
      {"certificate by name", "kind: Secret\ndata:\n  ca.crt: " + kToken + "\n", "ca.crt", false},
      {"user name", "kind: Secret\ndata:\n  DB_USER: " + Base64Encode("orders_service") + "\n", "DB_USER",
       false},
      {"password named for its user", "kind: Secret\ndata:\n  db-user-password: " + kPassword + "\n",
       "db-user-password", true},
      {"certificate by value",
       "kind: Secret\ndata:\n  tls-bundle: " + Base64Encode("-----BEGIN CERTIFICATE-----\nMIIB\n") + "\n",
       "tls-bundle", false},
      {"private key by value",
       "kind: Secret\ndata:\n  tls.key: " + Base64Encode("-----BEGIN PRIVATE KEY-----\nMIIE\n") + "\n",
       "tls.key", true},
      {"not base64 under data", "kind: Secret\ndata:\n  extra: not*base64!here\n", "extra", false},
      {"a word under a neutral name", "kind: Secret\ndata:\n  tier: " + Base64Encode("production") + "\n",
       "tier", false},
      {"a word under a password's name",
       "kind: Secret\ndata:\n  password: " + Base64Encode("swordfish") + "\n", "password", true},
      {"URL without a password",
       "kind: Secret\ndata:\n  DATABASE_URL: " + Base64Encode("postgres://orders-db.prod.svc:5432/orders") +
           "\n",
       "DATABASE_URL", false},
      {"URL with a word as its password",
       "kind: Secret\nstringData:\n  proxy-url: http://proxyuser:proxypass@proxy.corp.net:3128\n",
       "proxy-url", false, "stringData"},
      {"base64 of a placeholder's base64",
       "kind: Secret\ndata:\n  key: " + Base64Encode(Base64Encode("-----BEGIN EXAMPLE PRIVATE KEY-----")) +
           "\n",
       "key", false},
      {"URL with a password",
       "kind: Secret\ndata:\n  DATABASE_URL: " +
           Base64Encode("postgres://orders:Vq7kLm2pX9zR@orders-db.prod.svc:5432/orders") + "\n",
       "DATABASE_URL", true},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.name));
    std::string field;
    CHECK(Kept(c.yaml, c.marker, &field) == c.kept);
    if (c.kept) CHECK(field == c.field);
  }
}

TEST_CASE("A data value that decodes to text carries that text; random bytes and stringData do not") {
  const std::string yaml = "kind: Secret\ndata:\n  a: " + kPassword +
                           "\n  b: " + Base64Encode(std::string("\x01\x9f\x00\xfe\x10k\x8c\x03", 8)) +
                           "\nstringData:\n  c: Zx81qPw0rTn5vLk2\n";
  const auto blocks = FindK8sSecretBlocks(yaml);
  std::map<std::string, std::string> facts;
  std::string decoded = "stale";
  auto line_of = [&](const std::string& key) { return yaml.find("  " + key + ": "); };
  REQUIRE(K8sSecretEntry(yaml, blocks, line_of("a"), kPassword, &facts, &decoded));
  CHECK(decoded == "q7Rv!x2Lp9sW#kT4");
  const std::string binary = Base64Encode(std::string("\x01\x9f\x00\xfe\x10k\x8c\x03", 8));
  REQUIRE(K8sSecretEntry(yaml, blocks, line_of("b"), binary, &facts, &decoded));
  CHECK(decoded.empty());
  decoded = "stale";
  REQUIRE(K8sSecretEntry(yaml, blocks, line_of("c"), "Zx81qPw0rTn5vLk2", &facts, &decoded));
  CHECK(decoded.empty());
  CHECK(facts["k8s_field"] == "stringData");
}

TEST_CASE("MayHoldK8sSecret: false only where no kind: Secret line can be") {
  CHECK(MayHoldK8sSecret("kind: Secret\n"));
  CHECK(MayHoldK8sSecret("kind: SECRET\n"));
  CHECK(MayHoldK8sSecret("  kind : \"sEcReT\"\n"));
  CHECK_FALSE(MayHoldK8sSecret("kind: ConfigMap\ndata:\n  a: b\n"));
  CHECK_FALSE(MayHoldK8sSecret("secret: x\n"));
  CHECK_FALSE(MayHoldK8sSecret(""));
  // Every blob FindK8sSecretBlocks finds a block in passes the test.
  for (const std::string& yaml : std::vector<std::string>{
           "kind: SeCrEt\ndata:\n  a: " + kToken + "\n", "items:\n- kind: \"SECRET\"\n  data:\n    a: x\n"}) {
    CHECK_FALSE(FindK8sSecretBlocks(yaml).empty());
    CHECK(MayHoldK8sSecret(yaml));
  }
}

TEST_CASE("Block boundaries: the body runs to the first line no deeper than the header") {
  const std::string yaml =
      "kind: Secret\ndata:\n  a: " + kPassword + "\n  b: |\n    " + kToken + "\ntype: Opaque\n";
  const auto blocks = FindK8sSecretBlocks(yaml);
  REQUIRE(blocks.size() == 1);
  CHECK(yaml.substr(blocks[0].begin, 4) == "  a:");
  CHECK(yaml.substr(blocks[0].end).starts_with("type: Opaque"));
  CHECK(blocks[0].entry_indent == 2);
  CHECK_FALSE(blocks[0].string_data);
}

TEST_CASE("Hostile YAML is read in one pass without failing") {
  // Deep indentation staircases, thousands of headers, no line breaks,
  // stray document markers and unterminated quotes.
  std::string stairs = "kind: Secret\n";
  for (int i = 0; i < 4000; ++i) stairs += std::string(static_cast<size_t>(i % 200), ' ') + "data:\n";
  std::string headers = "kind: Secret\n";
  for (int i = 0; i < 20000; ++i) headers += "data:\n  k: " + kToken + "\n";
  const std::vector<std::string> inputs = {"",
                                           "\n\n\n",
                                           "---\n---\n",
                                           std::string(100000, ' '),
                                           "data:",
                                           "kind: Secret\ndata:",
                                           stairs,
                                           headers,
                                           "kind: Secret\ndata:\n  \"unterminated: x\n",
                                           std::string(50000, '-') + " a: b"};
  for (const auto& yaml : inputs) {
    const auto blocks = FindK8sSecretBlocks(yaml);
    for (const auto& b : blocks) {
      CHECK(b.begin <= b.end);
      CHECK(b.end <= yaml.size());
    }
  }
  const auto blocks = FindK8sSecretBlocks(headers);
  CHECK(blocks.size() == 20000);
  std::map<std::string, std::string> facts;
  std::string decoded;
  CHECK(K8sSecretEntry(headers, blocks, headers.size() - kToken.size() - 6, kToken, &facts, &decoded));
  CHECK_FALSE(K8sSecretEntry("", {}, 5, kToken, &facts, &decoded));
}

}  // namespace
}  // namespace blastradius
