// Derived gates: a literal gate for each signature that has none, found at
// compile time from RE2's prefilter (re2::FilteredRE2), so that Vectorscan
// runs a few rare literals instead of a keyword-anchored pattern with wide
// counted repetitions. The database shrinks (8 MB to about 2.6 MB for the
// built-in set) and start-up, which deserialises it, with it.
//
// Contract: for every pattern given a gate G, every match of the pattern
// (RE2, Latin-1) contains a match of G (Vectorscan, caseless literals). RE2
// guarantees that a regexp whose prefilter fails on the set of atoms found
// in a text cannot match that text, and the prefilter is monotone; a gate
// is a set S of atoms such that the prefilter fails when every atom but
// those of S is present, so a match must contain one atom of S.
//
// A gate is derived only when it is selective: every atom it keeps is at
// least kMinGateAtomLength bytes of ASCII and appears in the prefilters of
// at most kMaxAtomSharing signatures of the set (an atom many signatures
// share, such as "token" or "client", is a common word). Which atoms are
// dropped first is a heuristic that affects speed, never results.
#ifndef BLASTRADIUS_MATCH_DERIVED_GATE_H_
#define BLASTRADIUS_MATCH_DERIVED_GATE_H_

#include <re2/re2.h>

#include <cstddef>
#include <string>
#include <vector>

namespace blastradius {

// Part of every pattern-cache and build-time database key: bump it when the
// derivation changes, so that no stored database holds stale gates.
constexpr const char* kGateDerivationVersion = "derived-gates/v2";
// The widest pattern a gate is derived for. A gated rule compiles its RE2
// program on its gate's first hit, not on its first match, and a wide
// pattern's program is large (counted repetitions are expanded): compiling
// one costs milliseconds of a pre-commit run.
constexpr size_t kMaxDerivedGateWidth = 512;
// RE2 prefilter atoms shorter than this are treated as always present.
constexpr int kMinPrefilterAtomLength = 4;
// The shortest atom a derived gate may keep.
constexpr size_t kMinGateAtomLength = 5;
// An atom in the prefilters of more signatures than this is too common.
constexpr int kMaxAtomSharing = 2;

// For each of `patterns` (compiled with `options`, the matcher's) with `eligible[i]` set, a
// Vectorscan expression matching its gate's literals caselessly
// ("(?i:\x..|...)"), or "" when no selective gate exists. Eligibility is the
// caller's: the pattern's width must be bounded (the gated matcher searches
// windows of that width), by kMaxDerivedGateWidth. Deterministic
// for a given pattern set; costs one RE2 compile per pattern.
std::vector<std::string> DeriveGates(const std::vector<std::string>& patterns,
                                     const std::vector<bool>& eligible, const RE2::Options& options);

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_DERIVED_GATE_H_
