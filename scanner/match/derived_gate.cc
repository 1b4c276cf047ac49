// Derived gates from RE2 prefilter atoms (see derived_gate.h).
#include "scanner/match/derived_gate.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace blastradius {
namespace {

// Words frequent in source code that are also (parts of) provider names:
// each was kept as a whole gate and hit more than 100 times in a 60 MB
// sample of npm packages (bench/: profile_matcher gates), costing a windowed
// RE2 search per hit. Treated like atoms many signatures share. Only speed
// depends on this list, never results.
const std::set<std::string>& CommonCodeWords() {
  static const std::set<std::string> k{"abstract", "account", "authorize", "builder", "bunny",
                                       "click",    "client",  "cloud",     "fresh",   "iterable",
                                       "logic",    "ngine",   "project",   "sales",   "signal",
                                       "status",   "stream",  "video",     "works"};
  return k;
}

// One pattern's prefilter: its atoms, and whether it can pass with none.
struct Prefilter {
  std::unique_ptr<re2::FilteredRE2> filter;
  std::vector<std::string> atoms;
};

// Whether the pattern cannot match unless one atom flagged in `kept` occurs:
// the prefilter fails with every other atom present.
bool KeptAtomsGate(const Prefilter& p, const std::vector<bool>& kept) {
  std::vector<int> present, passing;
  for (size_t i = 0; i < p.atoms.size(); ++i)
    if (!kept[i]) present.push_back(static_cast<int>(i));
  p.filter->AllPotentials(present, &passing);
  return passing.empty();
}

std::string LiteralAlternation(const std::vector<std::string>& literals) {
  std::string out = "(?i:";
  for (size_t i = 0; i < literals.size(); ++i) out += (i ? "|" : "") + RE2::QuoteMeta(literals[i]);
  return out + ")";
}

}  // namespace

std::vector<std::string> DeriveGates(const std::vector<std::string>& patterns,
                                     const std::vector<bool>& eligible, const RE2::Options& options) {
  std::vector<Prefilter> prefilters(patterns.size());
  std::map<std::string, int> sharing;  // atom -> prefilters holding it
  for (size_t i = 0; i < patterns.size(); ++i) {
    auto filter = std::make_unique<re2::FilteredRE2>(kMinPrefilterAtomLength);
    int id = 0;
    if (filter->Add(patterns[i], options, &id) != RE2::NoError) continue;
    filter->Compile(&prefilters[i].atoms);
    prefilters[i].filter = std::move(filter);
    for (const auto& atom : prefilters[i].atoms) ++sharing[atom];
  }
  std::vector<std::string> gates(patterns.size());
  for (size_t i = 0; i < patterns.size(); ++i) {
    const Prefilter& p = prefilters[i];
    if (!eligible[i] || !p.filter || p.atoms.empty()) continue;
    std::vector<bool> kept(p.atoms.size(), true);
    if (!KeptAtomsGate(p, kept)) continue;  // unfiltered: can match with no atom
    auto common = [&](size_t a) {
      return sharing[p.atoms[a]] > kMaxAtomSharing || CommonCodeWords().count(p.atoms[a]) > 0;
    };
    // Drop atoms while the rest still gate: common words first, then the
    // shortest (likely the most frequent), in a fixed order.
    std::vector<size_t> order(p.atoms.size());
    for (size_t a = 0; a < order.size(); ++a) order[a] = a;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (common(a) != common(b)) return common(a);
      if (p.atoms[a].size() != p.atoms[b].size()) return p.atoms[a].size() < p.atoms[b].size();
      return p.atoms[a] < p.atoms[b];
    });
    for (size_t a : order) {
      kept[a] = false;
      if (!KeptAtomsGate(p, kept)) kept[a] = true;
    }
    std::vector<std::string> literals;
    bool selective = true;
    for (size_t a = 0; a < p.atoms.size(); ++a) {
      if (!kept[a]) continue;
      const std::string& atom = p.atoms[a];
      const bool ascii = std::all_of(atom.begin(), atom.end(), [](char c) { return (c & 0x80) == 0; });
      selective = selective && ascii && atom.size() >= kMinGateAtomLength && !common(a);
      literals.push_back(atom);
    }
    if (selective && !literals.empty()) gates[i] = LiteralAlternation(literals);
  }
  return gates;
}

}  // namespace blastradius
