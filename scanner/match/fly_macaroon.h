// Fly.io macaroon tokens (fm1r_, fm1a_, fm2_): reads the caveats from the
// value so the score can follow what the token may do. A token is base64 of
// a MessagePack array [nonce, location, caveats, tail]; caveats is a flat
// array of (type, body) pairs (github.com/superfly/macaroon). Only facts are
// derived, never the signature checked. Input is hostile: the reader is
// bounded in size, depth and item count, and never throws.
#ifndef BLASTRADIUS_MATCH_FLY_MACAROON_H_
#define BLASTRADIUS_MATCH_FLY_MACAROON_H_

#include <map>
#include <string>
#include <string_view>

namespace blastradius {

// Largest decoded token the reader accepts (bytes); real tokens are < 1 KiB.
inline constexpr size_t kFlyMacaroonMaxBytes = 8192;
// Deepest nesting of MessagePack arrays/maps accepted (a macaroon needs 5:
// token > caveats > IfPresent body > caveat set > resource map).
inline constexpr int kFlyMacaroonMaxDepth = 8;

// Decodes one token ("fm2_" + standard base64; "FlyV1 " and bundles are split
// by the pattern). False when the value is not a well-formed macaroon; then
// `facts` is untouched. On success sets:
//   caveat_token   "permission" or "discharge" (a finalized proof: the
//                  authentication half of a FlyV1 bundle)
//   caveat_scope   "organisation" (no app/resource confinement), "project"
//                  (confined to listed apps) or "resource" (to listed
//                  Machines or volumes); permission tokens only
//   caveat_access  "read-only" when every decoded mask allows reads only,
//                  else "read-write"; permission tokens only
//   caveats        a readable summary, e.g. "organisation 1234 (rwcdC); apps
//                  5678 (rwcdC); valid until 2031-01-01"
//   exp            the earliest ValidityWindow not_after (Unix seconds), as
//                  JWT exp, when the token has one
bool DecodeFlyMacaroon(std::string_view token, std::map<std::string, std::string>* facts);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_FLY_MACAROON_H_
