// Fuzz target: the decoders of file content: the decoded view (base64,
// percent encoding, escapes) with its offset mapping, equal to its
// byte-at-a-time reference implementation, and the JWT, base64,
// Basic auth, PyPI and Fly.io macaroon decoders of the validators, and the
// Kubernetes Secret manifest reader.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "scanner/decode/decoded_view.h"
#include "scanner/match/fly_macaroon.h"
#include "scanner/match/k8s_secret.h"
#include "scanner/match/validators.h"
#include "tests/fuzz/fuzz_util.h"
#include "tests/unit/decoded_view_reference.h"

using namespace blastradius;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const uint16_t a = in.Word(), b = in.Word();
  std::string_view text = in.rest();

  DecodedView view;
  const bool built = view.Build(text);
  const testing::ReferenceView reference = testing::BuildReferenceView(text);
  if (built != reference.built) __builtin_trap();
  if (built && (view.text() != reference.text || view.decoded_runs() != reference.runs)) __builtin_trap();
  if (built) {
    const size_t n = view.text().size();
    for (const Span& run : view.decoded_runs()) {
      if (run.end > n || run.begin > run.end) __builtin_trap();
      const Span src = view.ToSource(run);
      if (src.end > text.size() || src.begin > src.end) __builtin_trap();
      view.TouchesDecoded(run);
      view.WithinDecoded(run);
    }
    // An arbitrary range of the view maps inside the source.
    size_t lo = n ? a % (n + 1) : 0, hi = n ? b % (n + 1) : 0;
    if (lo > hi) std::swap(lo, hi);
    const Span src = view.ToSource(Span(lo, hi));
    if (src.end > text.size() || src.begin > src.end) __builtin_trap();
  }
  std::string out;
  DecodePrintableBase64(text, &out);
  DecodePercent(text, &out);
  DecodeEscapes(text, &out);
  DecodeBase64(text, &out);
  std::map<std::string, std::string> facts;
  DecodeJwt(text, &facts);
  DecodeBasicAuth(text, &facts);
  DecodePypiMacaroon(text, &facts);
  // The Fly.io reader sees the input as a token body too (fuzzed MessagePack,
  // not only fuzzed base64).
  DecodeFlyMacaroon(text, &facts);
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string token = "fm2_";
  for (size_t i = 0; i + 2 < text.size() && token.size() < 12000; i += 3) {
    const uint32_t v = (uint8_t(text[i]) << 16) | (uint8_t(text[i + 1]) << 8) | uint8_t(text[i + 2]);
    for (int k = 3; k >= 0; --k) token += kB64[(v >> (6 * k)) & 63];
  }
  DecodeFlyMacaroon(token, &facts);
  // The input as YAML: Kubernetes Secret blocks lie inside it, in order,
  // and any line may be asked about.
  const std::vector<K8sSecretBlock> blocks = FindK8sSecretBlocks(text);
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].begin > blocks[i].end || blocks[i].end > text.size()) __builtin_trap();
    if (i > 0 && blocks[i - 1].begin > blocks[i].begin) __builtin_trap();
  }
  std::string k8s_decoded;
  const size_t entry = text.empty() ? 0 : a % text.size();
  K8sSecretEntry(text, blocks, entry, text.substr(entry, b % 64), &facts, &k8s_decoded);
  Crc32Base62Valid(text);
  ShannonEntropy(text);
  RandomnessFloor(text);
  return 0;
}
