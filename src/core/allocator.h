// Caching allocator, one per device. Freed blocks go back to a size-class
// free list instead of the system, so a steady-state training loop allocates
// nothing from the OS after its first step. Reports current and peak bytes.
// Blocks are stamped with the generation they were freed in: a caller with a
// rhythm (a decoding step) advances the generation and returns the blocks
// that sat unused for a while, keeping what the next step will ask for again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "core/block_pool.h"
#include "core/device.h"

namespace ventris {

struct AllocatorStats {
  size_t current_bytes = 0;  // bytes handed out and not yet returned
  size_t peak_bytes = 0;     // maximum of current_bytes since the last reset
  size_t cached_bytes = 0;   // bytes held in free lists
  size_t system_allocs = 0;  // calls that reached the system allocator
  size_t requests = 0;       // all allocate() calls
};

// How raw memory is obtained and returned on one device.
class RawMemory {
 public:
  virtual ~RawMemory() = default;
  virtual void* allocate(size_t bytes) = 0;
  virtual void deallocate(void* ptr, size_t bytes) = 0;
};

class CachingAllocator {
 public:
  explicit CachingAllocator(RawMemory* raw) : raw_(raw) {}
  ~CachingAllocator();
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;

  // Returns a block of at least `bytes` bytes, 64-byte aligned. `bytes` may be 0.
  void* allocate(size_t bytes);
  void deallocate(void* ptr);
  // Returns every cached block to the system.
  void release_cached();
  // Starts a new generation; returns the cached blocks freed `age` or more
  // generations ago (age 1: before the current one started).
  void advance_generation(uint64_t age);
  AllocatorStats stats() const;
  void reset_peak();

  // The size a request is rounded up to (size classes bound fragmentation to
  // 1/8). A request may also get a cached block up to a quarter larger.
  static size_t size_class(size_t bytes);

 private:
  RawMemory* raw_;
  mutable std::mutex mutex_;
  // Map nodes come from a block pool, so bookkeeping does not allocate either.
  struct FreeBlock {
    void* ptr;
    uint64_t generation;  // when it was freed
  };
  // size -> blocks, in the order freed (a request takes the newest, so the old ones age out)
  std::multimap<size_t, FreeBlock, std::less<>, PoolAllocator<std::pair<const size_t, FreeBlock>>> free_blocks_;
  std::map<void*, size_t, std::less<>, PoolAllocator<std::pair<void* const, size_t>>> live_blocks_;       // ptr -> size
  AllocatorStats stats_;
  uint64_t generation_ = 0;
};

// The allocator of a device; created on first use and kept for the process.
CachingAllocator& allocator_for(Device device);

}  // namespace ventris
