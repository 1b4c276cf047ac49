// Where Vectorscan's databases and scratch spaces live. The built-in pattern
// database is 3.5 MB, deserialized by every process: from the default heap
// its pages are faulted in one by one (about 870 faults, 0.9 ms of a 7 ms
// agent-hook run). UsePrefaultedVectorscanMemory() has Vectorscan allocate
// large blocks as mappings populated in one call (MAP_POPULATE), and small
// ones from the heap as before.
#ifndef BLASTRADIUS_MATCH_HS_MEMORY_H_
#define BLASTRADIUS_MATCH_HS_MEMORY_H_

#include <cstddef>

namespace blastradius {

// Blocks of at least this many bytes are populated mappings.
inline constexpr size_t kPrefaultedBlockBytes = 128 * 1024;

// Installs the allocator for Vectorscan's databases and scratch spaces
// (hs_set_database_allocator, hs_set_scratch_allocator); the misc allocator,
// whose blocks callers free with free(), stays malloc. Process-wide: call
// once, before any database or scratch space exists (memory from one
// allocator must not be freed by another). False when Vectorscan refuses.
bool UsePrefaultedVectorscanMemory();

// The allocator itself, exposed for tests: the block is aligned to 64 bytes
// (Vectorscan needs 8 for a database) and freed with FreeVectorscanBlock
// only. nullptr when memory is exhausted.
void* AllocateVectorscanBlock(size_t size);
void FreeVectorscanBlock(void* block);
// Blocks allocated and not yet freed, and how many of them are mappings.
size_t VectorscanBlocksInUse();
size_t VectorscanMappingsInUse();

}  // namespace blastradius

#endif  // BLASTRADIUS_MATCH_HS_MEMORY_H_
