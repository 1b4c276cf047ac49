// Kubernetes Secret manifests in YAML: which lines are the entries of a
// Secret's `data` (base64 values) or `stringData` (plain values) mapping.
// A manifest's structure is the evidence that a value is a secret, whatever
// the entry's name (`extra: YWRtaW46...`), so kubernetes.secret.data matches
// every indented `name: value` line of a YAML file and this module keeps
// those inside such a mapping of a mapping whose `kind` is Secret (the
// document's top level, or an item of a `kind: List`).
//
// Input is hostile: one linear pass over the blob's lines, a stack bounded
// by the line's indentation, no recursion. Pure functions; any thread.
#ifndef BLASTRADIUS_MATCH_K8S_SECRET_H_
#define BLASTRADIUS_MATCH_K8S_SECRET_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace blastradius {

// The body of one `data:` or `stringData:` mapping of a Secret: bytes
// [begin, end) of the blob, from the line after the header to the first
// later line indented no deeper than the header; entries are the lines of
// the body whose key starts at column `entry_indent`.
struct K8sSecretBlock {
  size_t begin = 0;
  size_t end = 0;
  size_t entry_indent = 0;
  bool string_data = false;
};

// False when `yaml` cannot hold a Secret: it lacks "kind" or "ecret" (of
// Secret, in any case), which every `kind: Secret` line has. A cheap test
// that spares most YAML files the entry pattern's search.
bool MayHoldK8sSecret(std::string_view yaml);

// Every Secret data and stringData block of a YAML text, sorted by begin.
// Documents are separated by `---` lines; `kind: Secret` may come before or
// after the block, compared case-insensitively (kubectl wants `Secret`,
// hand-written manifests are not always so careful).
std::vector<K8sSecretBlock> FindK8sSecretBlocks(std::string_view yaml);

// Whether the entry whose line starts at or before `entry` (the match of
// kubernetes.secret.data) and whose value is `value` is a secret: the line
// is an entry of one of `blocks` (FindK8sSecretBlocks of the same blob), its
// name does not say it holds something public (namespace, a certificate,
// a user or host name), and for `data` the value decodes as base64 to a
// non-empty value that is not a certificate or public key. On success sets
// facts["k8s_field"] to "data" or "stringData", and for a data value that
// decodes to text (not random bytes) *decoded to that text, the credential
// the workload is given (else clears it).
bool K8sSecretEntry(std::string_view blob, const std::vector<K8sSecretBlock>& blocks, size_t entry,
                    std::string_view value, std::map<std::string, std::string>* facts, std::string* decoded);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_K8S_SECRET_H_
