// Fly.io macaroon caveats: a bounded MessagePack reader and the facts the
// caveats imply (organisation, apps, read-only masks, validity window).
// Encoding facts (github.com/superfly/macaroon): structs are encoded as
// arrays; caveat type numbers: 0 organisation [id, mask], 2 volumes [map],
// 3 apps [map app id -> mask, id 0 = every app], 4 validity window
// [not_before, not_after], 5 org feature set [map], 6 GraphQL mutations
// [list], 7 Machines [map], 11 third-party, 13 IfPresent [caveat set, else
// mask], 15 from-machine source. Masks: r=1 w=2 c=4 d=8 C=16.
#include "scanner/match/fly_macaroon.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <limits>
#include <set>
#include <vector>

#include "scanner/core/ascii.h"
#include "scanner/match/validators.h"

namespace blastradius {
namespace {

// ---- MessagePack -----------------------------------------------------------

struct Mp {
  enum class K { kNil, kBool, kUint, kInt, kFloat, kStr, kBin, kExt, kArray, kMap } k = K::kNil;
  uint64_t u = 0;         // kUint, kBool
  int64_t i = 0;          // kInt (negative values)
  std::string_view s;     // kStr, kBin, kExt
  std::vector<Mp> items;  // kArray; kMap: key, value, key, value...
};

// Recursive descent bounded by kFlyMacaroonMaxDepth and a node budget; every
// declared length is checked against the bytes left before anything is
// allocated, so a hostile length cannot allocate more than the input allows.
class MpReader {
 public:
  explicit MpReader(std::string_view in) : in_(in) {}
  bool ReadAll(Mp* out) { return Read(out, 0) && pos_ == in_.size(); }

 private:
  bool Take(size_t n, std::string_view* out) {
    if (n > in_.size() - pos_) return false;
    *out = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool Be(size_t n, uint64_t* v) {
    std::string_view b;
    if (!Take(n, &b)) return false;
    *v = 0;
    for (unsigned char c : b) *v = (*v << 8) | c;
    return true;
  }
  bool Items(uint64_t n, bool map, int depth, Mp* out) {
    const uint64_t count = map ? n * 2 : n;
    if (n > in_.size() - pos_ || count > in_.size() - pos_) return false;  // >= 1 byte each
    if (depth + 1 > kFlyMacaroonMaxDepth) return false;
    out->k = map ? Mp::K::kMap : Mp::K::kArray;
    out->items.resize(count);
    for (auto& it : out->items)
      if (!Read(&it, depth + 1)) return false;
    return true;
  }
  bool Read(Mp* out, int depth) {
    if (++nodes_ > kMaxNodes) return false;
    std::string_view b;
    if (!Take(1, &b)) return false;
    const unsigned char t = static_cast<unsigned char>(b[0]);
    uint64_t n = 0;
    if (t <= 0x7f) {
      out->k = Mp::K::kUint;
      out->u = t;
      return true;
    }
    if (t >= 0xe0) {
      out->k = Mp::K::kInt;
      out->i = static_cast<int8_t>(t);
      return true;
    }
    if (t >= 0x80 && t <= 0x8f) return Items(t & 0x0f, true, depth, out);
    if (t >= 0x90 && t <= 0x9f) return Items(t & 0x0f, false, depth, out);
    if (t >= 0xa0 && t <= 0xbf) {
      out->k = Mp::K::kStr;
      return Take(t & 0x1f, &out->s);
    }
    switch (t) {
      case 0xc0:
        out->k = Mp::K::kNil;
        return true;
      case 0xc2:
      case 0xc3:
        out->k = Mp::K::kBool;
        out->u = t == 0xc3;
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6:
        out->k = Mp::K::kBin;
        return Be(size_t{1} << (t - 0xc4), &n) && Take(n, &out->s);
      case 0xd9:
      case 0xda:
      case 0xdb:
        out->k = Mp::K::kStr;
        return Be(size_t{1} << (t - 0xd9), &n) && Take(n, &out->s);
      case 0xc7:
      case 0xc8:
      case 0xc9:
        out->k = Mp::K::kExt;
        return Be(size_t{1} << (t - 0xc7), &n) && Take(n + 1, &out->s);
      case 0xd4:
      case 0xd5:
      case 0xd6:
      case 0xd7:
      case 0xd8:
        out->k = Mp::K::kExt;
        return Take((size_t{1} << (t - 0xd4)) + 1, &out->s);
      case 0xca:
      case 0xcb:
        out->k = Mp::K::kFloat;
        return Take(t == 0xca ? 4 : 8, &b);
      case 0xcc:
      case 0xcd:
      case 0xce:
      case 0xcf:
        out->k = Mp::K::kUint;
        return Be(size_t{1} << (t - 0xcc), &out->u);
      case 0xd0:
      case 0xd1:
      case 0xd2:
      case 0xd3: {
        const size_t w = size_t{1} << (t - 0xd0);
        if (!Be(w, &n)) return false;
        // Sign-extend from w bytes.
        const int shift = static_cast<int>(64 - 8 * w);
        const int64_t v = static_cast<int64_t>(n << shift) >> shift;
        if (v >= 0) {
          out->k = Mp::K::kUint;
          out->u = static_cast<uint64_t>(v);
        } else {
          out->k = Mp::K::kInt;
          out->i = v;
        }
        return true;
      }
      case 0xdc:
      case 0xdd:
      case 0xde:
      case 0xdf:
        return Be(t == 0xdc || t == 0xde ? 2 : 4, &n) && Items(n, t >= 0xde, depth, out);
      default:
        return false;  // 0xc1 is never used
    }
  }

  static constexpr int kMaxNodes = 4096;
  std::string_view in_;
  size_t pos_ = 0;
  int nodes_ = 0;
};

bool AsUint(const Mp& v, uint64_t* out) {
  if (v.k != Mp::K::kUint) return false;
  *out = v.u;
  return true;
}

bool AsInt(const Mp& v, int64_t* out) {
  if (v.k == Mp::K::kInt) {
    *out = v.i;
    return true;
  }
  if (v.k == Mp::K::kUint) {
    *out = v.u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
               ? std::numeric_limits<int64_t>::max()
               : static_cast<int64_t>(v.u);
    return true;
  }
  return false;
}

// Field `index` of a struct body encoded as an array (the library's form),
// or the entry named `name` when a map was used instead.
const Mp* Field(const Mp& body, size_t index, std::string_view name) {
  if (body.k == Mp::K::kArray) return index < body.items.size() ? &body.items[index] : nullptr;
  if (body.k == Mp::K::kMap) {
    for (size_t i = 0; i + 1 < body.items.size(); i += 2) {
      const Mp& k = body.items[i];
      if (k.k == Mp::K::kStr && k.s.size() == name.size() &&
          std::equal(k.s.begin(), k.s.end(), name.begin(),
                     [](char a, char b) { return AsciiToLower(a) == AsciiToLower(b); }))
        return &body.items[i + 1];
    }
  }
  return nullptr;
}

// ---- Caveats ---------------------------------------------------------------

constexpr uint64_t kRead = 1;
constexpr uint64_t kAll = 0xffff;

enum : uint64_t {
  kCavOrganization = 0,
  kCavVolumes = 2,
  kCavApps = 3,
  kCavValidityWindow = 4,
  kCavFeatureSet = 5,
  kCavMutations = 6,
  kCavMachines = 7,
  kCavIsUser = 10,
  kCav3P = 11,
  kCavBindToParent = 12,
  kCavIfPresent = 13,
  kCavFromMachine = 15,
};

std::string MaskText(uint64_t m) {
  if ((m & kAll) == kAll) return "*";
  std::string out;
  if (m & 1) out += 'r';
  if (m & 2) out += 'w';
  if (m & 4) out += 'c';
  if (m & 8) out += 'd';
  if (m & 16) out += 'C';
  return out.empty() ? "none" : out;
}

std::string Date(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return std::to_string(epoch);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// What a caveat set allows, as far as the decoded caveats say.
struct Reach {
  uint64_t mask = kAll;   // actions allowed anywhere
  std::string confined;   // "" (organisation-wide), "project" or "resource"
  std::string widest;     // the widest confinement seen
  uint64_t any_mask = 0;  // union of the masks seen
  bool has_mask = false;
  std::vector<std::string> parts;  // summary, in caveat order
  int64_t not_after = std::numeric_limits<int64_t>::max();
  bool has_window = false;
};

// Top-level masks intersect; `any_mask` (their union) serves IfPresent.
void Restrict(Reach* r, uint64_t mask) {
  r->mask &= mask;
  r->any_mask = r->has_mask ? (r->any_mask | mask) : mask;
  r->has_mask = true;
}

void Confine(Reach* r, const char* level) {
  // Top-level caveats all apply: "resource" is narrower than "project", the
  // narrowest wins. `widest` serves IfPresent, whose caveats are
  // alternatives (each applies only to accesses naming its resource).
  if (r->confined != "resource") r->confined = level;
  if (r->widest != "project") r->widest = level;
}

// A resource-set body: map id -> mask. Returns false when malformed. Sets
// *wildcard when the zero id (0 or "") is present, *any_mask to the union of
// the masks, and appends up to 3 ids to *ids.
bool ResourceSet(const Mp& body, const char* field, bool numeric, bool* wildcard, uint64_t* any_mask,
                 std::string* ids) {
  const Mp* set = Field(body, 0, field);
  if (!set) set = &body;  // tolerate a bare map
  if (set->k != Mp::K::kMap) return false;
  *wildcard = false;
  *any_mask = 0;
  size_t listed = 0;
  for (size_t i = 0; i + 1 < set->items.size(); i += 2) {
    const Mp& k = set->items[i];
    uint64_t m = 0;
    if (!AsUint(set->items[i + 1], &m)) return false;
    *any_mask |= m;
    std::string id;
    if (numeric) {
      uint64_t n = 0;
      if (!AsUint(k, &n)) return false;
      if (n == 0) *wildcard = true;
      id = std::to_string(n);
    } else {
      if (k.k != Mp::K::kStr) return false;
      if (k.s.empty()) *wildcard = true;
      id = std::string(k.s.substr(0, 32));
    }
    if (listed < 3) *ids += (listed ? ", " : "") + id + " (" + MaskText(m) + ")";
    ++listed;
  }
  if (listed > 3) *ids += fmt::format(" and {} more", listed - 3);
  if (listed == 0) *ids = "none";
  return true;
}

bool Walk(const Mp& set, Reach* r, int depth);

// One caveat at the top level of a caveat set.
bool Caveat(uint64_t type, const Mp& body, Reach* r, int depth) {
  bool wildcard = false;
  uint64_t mask = 0;
  std::string ids;
  switch (type) {
    case kCavOrganization: {
      uint64_t id = 0, m = 0;
      const Mp* idv = Field(body, 0, "id");
      const Mp* mv = Field(body, 1, "mask");
      if (!idv || !mv || !AsUint(*idv, &id) || !AsUint(*mv, &m)) return false;
      Restrict(r, m);
      r->parts.push_back(fmt::format("organisation {} ({})", id, MaskText(m)));
      return true;
    }
    case kCavApps:
      if (!ResourceSet(body, "apps", true, &wildcard, &mask, &ids)) return false;
      Restrict(r, mask);
      if (!wildcard) Confine(r, "project");
      r->parts.push_back((wildcard ? "every app " : "apps ") + ids);
      return true;
    case kCavVolumes:
    case kCavMachines:
    case kCavFeatureSet: {
      const char* field = type == kCavVolumes ? "volumes" : type == kCavMachines ? "machines" : "features";
      if (!ResourceSet(body, field, false, &wildcard, &mask, &ids)) return false;
      Restrict(r, mask);
      if (!wildcard) Confine(r, "resource");
      const char* what = type == kCavVolumes ? "volumes" : type == kCavMachines ? "Machines" : "org features";
      r->parts.push_back(fmt::format("{} {}", what, ids));
      return true;
    }
    case kCavMutations: {
      const Mp* list = Field(body, 0, "mutations");
      if (!list || list->k != Mp::K::kArray) return false;
      Confine(r, "resource");
      std::string names;
      for (size_t i = 0; i < list->items.size() && i < 3; ++i)
        if (list->items[i].k == Mp::K::kStr)
          names += (i ? ", " : "") + std::string(list->items[i].s.substr(0, 40));
      if (list->items.empty()) Restrict(r, kRead);
      r->parts.push_back(list->items.empty() ? "no GraphQL mutations" : "only GraphQL mutations " + names);
      return true;
    }
    case kCavValidityWindow: {
      int64_t nb = 0, na = 0;
      const Mp* nbv = Field(body, 0, "not_before");
      const Mp* nav = Field(body, 1, "not_after");
      if (!nbv || !nav || !AsInt(*nbv, &nb) || !AsInt(*nav, &na)) return false;
      r->has_window = true;
      r->not_after = std::min(r->not_after, na);
      r->parts.push_back("valid until " + Date(na));
      return true;
    }
    case kCavIfPresent: {
      // Ifs apply to accesses naming their resources; every other access is
      // limited to `else`. With a read-only (or empty) else, the Ifs confine.
      const Mp* ifs = Field(body, 0, "ifs");
      const Mp* ev = Field(body, 1, "else");
      uint64_t else_mask = 0;
      if (!ifs || !ev || !AsUint(*ev, &else_mask)) return false;
      Reach inner;
      if (!Walk(*ifs, &inner, depth + 1)) return false;
      Restrict(r, (inner.has_mask ? inner.any_mask : kAll) | else_mask);
      if (!inner.widest.empty() && (else_mask & ~kRead) == 0) Confine(r, inner.widest.c_str());
      std::string what;
      for (const auto& p : inner.parts) what += (what.empty() ? "" : ", ") + p;
      r->parts.push_back(
          fmt::format("if {} else ({})", what.empty() ? "nothing" : what, MaskText(else_mask)));
      return true;
    }
    case kCav3P: {
      const Mp* loc = Field(body, 0, "location");
      std::string where = loc && loc->k == Mp::K::kStr ? std::string(loc->s.substr(0, 64)) : "a third party";
      r->parts.push_back("needs a discharge from " + where);
      return true;
    }
    case kCavFromMachine:
      r->parts.push_back("usable only from one Machine");
      return true;
    case kCavIsUser:
    case kCavBindToParent:
      return true;  // identity / binding metadata: no effect on reach
    default:
      // Caveats only ever restrict, so an unknown one leaves the decoded
      // reach as an upper bound (e.g. machine-exec command lists).
      r->parts.push_back(fmt::format("caveat type {} (not decoded)", type));
      return true;
  }
}

bool Walk(const Mp& set, Reach* r, int depth) {
  if (depth > kFlyMacaroonMaxDepth || set.k != Mp::K::kArray || set.items.size() % 2 != 0) return false;
  for (size_t i = 0; i < set.items.size(); i += 2) {
    uint64_t type = 0;
    if (!AsUint(set.items[i], &type)) return false;
    if (!Caveat(type, set.items[i + 1], r, depth)) return false;
  }
  return true;
}

}  // namespace

bool DecodeFlyMacaroon(std::string_view token, std::map<std::string, std::string>* facts) {
  if (token.substr(0, 6) == "FlyV1 ") token.remove_prefix(6);
  std::string_view b64;
  for (std::string_view p : {"fm1r_", "fm1a_", "fm2_"}) {
    if (token.substr(0, p.size()) == p) b64 = token.substr(p.size());
  }
  if (b64.empty() || b64.size() > kFlyMacaroonMaxBytes / 3 * 4 + 4) return false;
  std::string raw;
  if (!DecodeBase64(b64, &raw) || raw.empty()) return false;
  Mp m;
  if (!MpReader(raw).ReadAll(&m)) return false;
  // [nonce [kid, rnd(, proof)], location, caveats, tail]
  if (m.k != Mp::K::kArray || m.items.size() != 4) return false;
  const Mp& nonce = m.items[0];
  if (nonce.k != Mp::K::kArray || (nonce.items.size() != 2 && nonce.items.size() != 3)) return false;
  if (m.items[1].k != Mp::K::kStr || (m.items[3].k != Mp::K::kBin && m.items[3].k != Mp::K::kStr))
    return false;
  const bool proof = nonce.items.size() == 3 && nonce.items[2].k == Mp::K::kBool && nonce.items[2].u == 1;
  Reach r;
  if (!Walk(m.items[2], &r, 1)) return false;

  std::string summary;
  for (const auto& p : r.parts) summary += (summary.empty() ? "" : "; ") + p;
  if (summary.empty()) summary = "no caveats";
  (*facts)["caveat_token"] = proof ? "discharge" : "permission";
  if (!proof) {
    (*facts)["caveat_scope"] = r.confined.empty() ? "organisation" : r.confined;
    (*facts)["caveat_access"] = (r.mask & ~kRead) == 0 ? "read-only" : "read-write";
  }
  (*facts)["caveats"] = summary;
  if (r.has_window) (*facts)["exp"] = std::to_string(r.not_after);
  return true;
}

}  // namespace blastradius
