#include "scanner/match/hs_memory.h"

#include <hs/hs.h>
#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace blastradius {
namespace {

// Each block is preceded by a header saying how it was obtained. The
// header is 64 bytes so that the block keeps the base's 64-byte alignment
// (malloc gives 16 and mmap a page; Vectorscan asks for 8 at most, its
// bytecode is laid out for cache lines).
constexpr size_t kHeaderBytes = 64;

struct Header {
  size_t mapped_bytes;  // 0: from malloc
};

std::atomic<size_t> blocks_in_use{0};
std::atomic<size_t> mappings_in_use{0};

}  // namespace

void* AllocateVectorscanBlock(size_t size) {
  if (size > SIZE_MAX - kHeaderBytes) return nullptr;
  const size_t total = size + kHeaderBytes;
  void* base = nullptr;
  size_t mapped = 0;
  if (size >= kPrefaultedBlockBytes) {
    void* m = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (m != MAP_FAILED) {
      base = m;
      mapped = total;
    }
  }
  if (!base) {
    // 64-byte aligned: aligned_alloc wants a multiple of the alignment.
    base = std::aligned_alloc(kHeaderBytes, (total + kHeaderBytes - 1) / kHeaderBytes * kHeaderBytes);
    if (!base) return nullptr;
  }
  const Header header{mapped};
  std::memcpy(base, &header, sizeof(header));
  blocks_in_use.fetch_add(1, std::memory_order_relaxed);
  if (mapped != 0) mappings_in_use.fetch_add(1, std::memory_order_relaxed);
  return static_cast<char*>(base) + kHeaderBytes;
}

void FreeVectorscanBlock(void* block) {
  if (!block) return;
  char* base = static_cast<char*>(block) - kHeaderBytes;
  Header header;
  std::memcpy(&header, base, sizeof(header));
  blocks_in_use.fetch_sub(1, std::memory_order_relaxed);
  if (header.mapped_bytes != 0) {
    mappings_in_use.fetch_sub(1, std::memory_order_relaxed);
    munmap(base, header.mapped_bytes);
  } else {
    std::free(base);
  }
}

size_t VectorscanBlocksInUse() { return blocks_in_use.load(std::memory_order_relaxed); }
size_t VectorscanMappingsInUse() { return mappings_in_use.load(std::memory_order_relaxed); }

bool UsePrefaultedVectorscanMemory() {
  // Databases and scratch spaces only: what Vectorscan hands back to be
  // freed by the caller (serialized bytes, database info, compile errors)
  // comes from the misc allocator, which stays malloc, as callers free it.
  return hs_set_database_allocator(&AllocateVectorscanBlock, &FreeVectorscanBlock) == HS_SUCCESS &&
         hs_set_scratch_allocator(&AllocateVectorscanBlock, &FreeVectorscanBlock) == HS_SUCCESS;
}

}  // namespace blastradius
