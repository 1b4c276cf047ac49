// Vectorscan's memory (scanner/match/hs_memory.h): blocks of every size are
// aligned, whole and freed by their own kind; with the allocator installed
// for the whole process (this binary only, as the CLI does first thing),
// the embedded database loads, scratch spaces are cloned and freed, and
// scans find what they should.
#include "scanner/match/hs_memory.h"

#include <doctest/doctest.h>
#include <hs/hs.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "scanner/match/matcher.h"
#include "scanner/match/prebuilt_db.h"
#include "scanner/match/rule_set.h"
#include "scanner/sig/signature_db.h"

namespace blastradius {
namespace {

TEST_CASE("Vectorscan blocks of every size are 64-byte aligned and writable to their end") {
  for (size_t size : {size_t{1}, size_t{63}, size_t{4096}, kPrefaultedBlockBytes - 1, kPrefaultedBlockBytes,
                      kPrefaultedBlockBytes + 1, size_t{3} << 20}) {
    CAPTURE(size);
    void* block = AllocateVectorscanBlock(size);
    REQUIRE(block != nullptr);
    CHECK(reinterpret_cast<uintptr_t>(block) % 64 == 0);
    std::memset(block, 0xA5, size);  // ASan: the whole block is ours
    CHECK(static_cast<unsigned char*>(block)[size - 1] == 0xA5);
    CHECK(VectorscanBlocksInUse() == 1);
    CHECK(VectorscanMappingsInUse() == (size >= kPrefaultedBlockBytes ? 1u : 0u));
    FreeVectorscanBlock(block);
    CHECK(VectorscanBlocksInUse() == 0);
    CHECK(VectorscanMappingsInUse() == 0);
  }
  FreeVectorscanBlock(nullptr);  // as free(nullptr)
  CHECK(AllocateVectorscanBlock(SIZE_MAX) == nullptr);
}

TEST_CASE("with the allocator installed, the embedded database loads and scans") {
  REQUIRE(VectorscanBlocksInUse() == 0);
  REQUIRE(UsePrefaultedVectorscanMemory());
  // The fast path: deserialize, allocate scratch, scan, free.
  const std::string fake = "token: ghp_" + std::string(36, 'x') + "\n";
  bool any = false;
  REQUIRE(AnyPrebuiltEvent(EmbeddedPatternDatabase(), {"nothing to see here\n"}, &any).ok());
  CHECK_FALSE(any);
  REQUIRE(AnyPrebuiltEvent(EmbeddedPatternDatabase(), {fake}, &any).ok());
  CHECK(any);
  // A rule set: the database and its prototype scratch, cloned per thread.
  SignatureDb db;
  db.AddBuiltin();
  REQUIRE(db.Finish().ok());
  RuleSetOptions o;
  o.prebuilt = EmbeddedPatternDatabase();
  std::unique_ptr<RuleSet> rules;
  REQUIRE(RuleSet::Compile(db, o, &rules).ok());
  // The database (3.5 MB) is a mapping; its prototype scratch is a block.
  const size_t set_blocks = VectorscanBlocksInUse();
  CHECK(VectorscanMappingsInUse() >= 1);
  CHECK(set_blocks >= 2);
  Matcher matcher(*rules);
  for (int round = 0; round < 2; ++round) {
    MatchScratch scratch(*rules);
    std::vector<RawMatch> raw;
    REQUIRE(matcher.FindRaw(fake, scratch, &raw).ok());
    bool github = false;
    for (const RawMatch& m : raw)
      github = github || rules->rules()[m.rule].signature->card.id.rfind("github.", 0) == 0;
    CHECK(github);
    CHECK(VectorscanBlocksInUse() > set_blocks);  // the clone
  }
  // Every block comes back: the clones, then the set's own.
  CHECK(VectorscanBlocksInUse() == set_blocks);
  rules.reset();
  CHECK(VectorscanBlocksInUse() == 0);
  CHECK(VectorscanMappingsInUse() == 0);
}

}  // namespace
}  // namespace blastradius
