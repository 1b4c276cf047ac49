// Kubernetes Secret manifests: the data and stringData blocks of a YAML
// text in one pass over its lines (k8s_secret.h).
#include "scanner/match/k8s_secret.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <optional>

#include "scanner/core/ascii.h"
#include "scanner/match/validators.h"

namespace blastradius {
namespace {

// One line of YAML as this module reads it: its bytes [begin, end) without
// the line break, the column its first mapping key starts at (after a
// sequence item's "- ", so "  - kind: Secret" has its key at column 4) and
// the column of its first non-space character.
struct YamlLine {
  size_t begin = 0;
  size_t end = 0;
  size_t lead = 0;         // spaces before the first other character
  size_t key_indent = 0;   // column of the key (lead, or past "- ")
  bool item = false;       // starts a sequence item ("- ...")
  std::string_view key;    // the mapping key, unquoted; empty when none
  std::string_view value;  // the rest after "key:", trimmed, comment and quotes removed
};

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiToLower(x) == AsciiToLower(y);
         });
}

std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Parses the line [begin, end) of `text`; false for blank and comment
// lines, which say nothing about structure.
bool ParseLine(std::string_view text, size_t begin, size_t end, YamlLine* line) {
  *line = YamlLine{};
  line->begin = begin;
  line->end = end;
  std::string_view s = text.substr(begin, end - begin);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  size_t lead = 0;
  while (lead < s.size() && s[lead] == ' ') ++lead;
  if (lead == s.size() || s[lead] == '#') return false;
  line->lead = lead;
  size_t key = lead;
  if (s[key] == '-' && (key + 1 == s.size() || s[key + 1] == ' ')) {
    line->item = true;
    ++key;
    while (key < s.size() && s[key] == ' ') ++key;
  }
  line->key_indent = key;
  std::string_view rest = s.substr(key);
  size_t colon = rest.find(':');
  while (colon != std::string_view::npos && colon + 1 < rest.size() && rest[colon + 1] != ' ' &&
         rest[colon + 1] != '\t')
    colon = rest.find(':', colon + 1);
  if (colon == std::string_view::npos || colon == 0) return true;
  line->key = Unquote(TrimSpaces(rest.substr(0, colon)));
  std::string_view value = rest.substr(colon + 1);
  size_t comment = value.find(" #");
  if (comment != std::string_view::npos) value = value.substr(0, comment);
  line->value = Unquote(TrimSpaces(value));
  return true;
}

// A mapping being read: the column of its keys, whether one of them says
// `kind: Secret`, its data/stringData blocks (the last one still open while
// its body's lines go on).
struct Frame {
  size_t indent = 0;
  bool secret = false;
  std::vector<K8sSecretBlock> blocks;
  std::optional<K8sSecretBlock> open;
};

}  // namespace

bool MayHoldK8sSecret(std::string_view yaml) {
  if (yaml.find("kind") == std::string_view::npos) return false;
  static constexpr std::string_view kEcret = "ecret";
  auto it = std::search(yaml.begin(), yaml.end(), kEcret.begin(), kEcret.end(),
                        [](char a, char b) { return AsciiToLower(a) == b; });
  return it != yaml.end();
}

std::vector<K8sSecretBlock> FindK8sSecretBlocks(std::string_view yaml) {
  std::vector<K8sSecretBlock> out;
  std::vector<Frame> stack;
  auto close_open = [](Frame& f, size_t at) {
    if (!f.open) return;
    f.open->end = at;
    if (f.open->entry_indent > f.indent) f.blocks.push_back(*f.open);
    f.open.reset();
  };
  auto pop = [&](size_t at) {
    Frame& f = stack.back();
    close_open(f, at);
    if (f.secret) out.insert(out.end(), f.blocks.begin(), f.blocks.end());
    stack.pop_back();
  };
  size_t pos = 0;
  while (pos < yaml.size()) {
    const void* nl = std::memchr(yaml.data() + pos, '\n', yaml.size() - pos);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - yaml.data()) : yaml.size();
    std::string_view raw = yaml.substr(pos, end - pos);
    if (raw.starts_with("---") || raw.starts_with("...")) {
      while (!stack.empty()) pop(pos);  // a document ends
    } else if (YamlLine line; ParseLine(yaml, pos, end, &line)) {
      // A line no deeper than a mapping's keys ends the body of that
      // mapping's open block; mappings deeper than the line end.
      for (auto it = stack.rbegin(); it != stack.rend() && it->indent >= line.lead; ++it)
        close_open(*it, pos);
      while (!stack.empty() && stack.back().indent > line.lead) pop(pos);
      // The first line of an open block's body sets its entries' column.
      if (!stack.empty() && stack.back().open && stack.back().open->entry_indent == 0 &&
          line.lead > stack.back().indent)
        stack.back().open->entry_indent = line.key_indent;
      if (stack.empty() || stack.back().indent < line.key_indent) {
        stack.emplace_back();
        stack.back().indent = line.key_indent;
      }
      Frame& f = stack.back();
      if (line.key == "kind" && IEquals(line.value, "secret")) f.secret = true;
      if ((line.key == "data" || line.key == "stringData") && line.value.empty()) {
        f.open = K8sSecretBlock{end < yaml.size() ? end + 1 : end, 0, 0, line.key == "stringData"};
      }
    }
    pos = end < yaml.size() ? end + 1 : end;
  }
  while (!stack.empty()) pop(yaml.size());
  std::sort(out.begin(), out.end(),
            [](const K8sSecretBlock& a, const K8sSecretBlock& b) { return a.begin < b.begin; });
  return out;
}

bool K8sSecretEntry(std::string_view blob, const std::vector<K8sSecretBlock>& blocks, size_t entry,
                    std::string_view value, std::map<std::string, std::string>* facts, std::string* decoded) {
  decoded->clear();
  if (entry > blob.size()) return false;
  size_t begin = entry;
  while (begin > 0 && blob[begin - 1] != '\n') --begin;
  auto it = std::upper_bound(blocks.begin(), blocks.end(), begin,
                             [](size_t p, const K8sSecretBlock& b) { return p < b.begin; });
  if (it == blocks.begin()) return false;
  const K8sSecretBlock& block = *std::prev(it);
  if (begin >= block.end) return false;
  const void* nl = std::memchr(blob.data() + begin, '\n', blob.size() - begin);
  size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - blob.data()) : blob.size();
  YamlLine line;
  if (!ParseLine(blob, begin, end, &line) || line.item || line.key_indent != block.entry_indent) return false;
  // An entry's name decides first: one that names a secret is one; one
  // that names something public (the namespace of a service-account token,
  // certificates, user and host names) is not, unless it also names a
  // secret (db-password).
  std::string key(line.key);
  std::transform(key.begin(), key.end(), key.begin(), AsciiToLower);
  auto has_any = [&](std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return key.find(w) != std::string::npos; });
  };
  const bool names_secret =
      has_any({"pass", "pwd", "secret", "token", "key", "auth", "cred", "cfg", "config", "conn"});
  const bool names_address = !names_secret && has_any({"url", "uri", "endpoint", "dsn"});
  if (!names_secret && !names_address &&
      (has_any({"namespace", "host", "port", "user", "name", "email", "login", "region", "database", "server",
                "crt", "cert", "ca.", ".pub", "mode", "env"}) ||
       key == "ca" || key == "db" || key == "id"))
    return false;
  std::string plain;
  if (block.string_data) {
    plain = std::string(value);
  } else if (!DecodeBase64(value, &plain)) {
    return false;
  }
  while (!plain.empty() && (plain.back() == '\n' || plain.back() == '\r')) plain.pop_back();
  // An address is a secret only with a password in it (postgres://u:pw@db).
  if (names_address) {
    size_t scheme = plain.find("://");
    size_t at = scheme == std::string::npos ? std::string::npos : plain.find('@', scheme + 3);
    size_t colon = at == std::string::npos ? std::string::npos : plain.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at || plain.find('/', scheme + 3) < at) return false;
    // A word as the password (proxypass) is as often a placeholder, as in
    // any URL's userinfo.
    std::string_view password = std::string_view(plain).substr(colon + 1, at - colon - 1);
    if (std::all_of(password.begin(), password.end(), IsAsciiAlpha)) return false;
  }
  // A value under a neutral name must read as random: not a word
  // ("production"), not a number, not low in entropy.
  // A decoded token may itself be a placeholder, or base64 of one (a
  // document's text, JSON or a key, is judged by what the views find in it).
  if (plain.empty()) return false;
  const bool token =
      plain.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-.") ==
      std::string::npos;
  if (token) {
    if (IsPlaceholder(plain, {})) return false;
    std::string inner;
    if (DecodeBase64(plain, &inner) && IsPlaceholder(inner, {})) return false;
  }
  if (!names_secret) {
    bool letters = std::all_of(plain.begin(), plain.end(), IsAsciiAlpha);
    bool digits = std::all_of(plain.begin(), plain.end(), IsAsciiDigit);
    if (letters || digits || ShannonEntropy(plain) < MinEntropyFor(plain, 3.0)) return false;
  }
  for (std::string_view head :
       {"-----BEGIN CERTIFICATE", "-----BEGIN PUBLIC KEY", "ssh-rsa ", "ssh-ed25519 "})
    if (std::string_view(plain).starts_with(head)) return false;
  (*facts)["k8s_field"] = block.string_data ? "stringData" : "data";
  if (!block.string_data && std::none_of(plain.begin(), plain.end(), [](unsigned char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
      }))
    *decoded = std::move(plain);
  return true;
}

}  // namespace blastradius
