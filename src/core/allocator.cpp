#include "core/allocator.h"

#include <bit>
#include <cstdlib>
#include <iterator>
#include <new>

#include <sys/mman.h>

#include "core/cuda_api.h"
#include "core/error.h"

namespace ventris {

namespace {

// Large blocks are mapped from the kernel directly, so returning one gives
// its pages back. From malloc, blocks of many sizes freed in a different order
// fragment the heap, which glibc can then rarely shrink: decoding
// transformer-base kept ~800 MiB of heap with ~100 MiB in use.
class HostMemory final : public RawMemory {
 public:
  static constexpr size_t kMappedBytes = size_t{1} << 20;

  void* allocate(size_t bytes) override {
    void* p = nullptr;
    if (bytes >= kMappedBytes) {
      p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) p = nullptr;
    } else {
      p = std::aligned_alloc(64, bytes);
    }
    if (!p) throw Error(fmt::format("out of host memory allocating {} bytes", bytes));
    return p;
  }
  void deallocate(void* ptr, size_t bytes) override {
    if (bytes >= kMappedBytes)
      munmap(ptr, bytes);
    else
      std::free(ptr);
  }
};

class CudaMemory final : public RawMemory {
 public:
  explicit CudaMemory(int index) : index_(index) {}
  void* allocate(size_t bytes) override { return cuda::device_malloc(index_, bytes); }
  void deallocate(void* ptr, size_t) override { cuda::device_free(index_, ptr); }

 private:
  int index_;
};

}  // namespace

CachingAllocator::~CachingAllocator() {
  // Live blocks may still be referenced by static tensors during shutdown; only
  // the cached ones are ours to return.
  release_cached();
}

size_t CachingAllocator::size_class(size_t bytes) {
  if (bytes <= 256) return 256;
  // Round up to a multiple of 1/8 of the next power of two below.
  size_t top = std::bit_floor(bytes);
  size_t step = top >= 8 ? top / 8 : 1;
  return (bytes + step - 1) / step * step;
}

void* CachingAllocator::allocate(size_t bytes) {
  size_t size = size_class(bytes);
  std::lock_guard lock(mutex_);
  ++stats_.requests;
  void* ptr = nullptr;
  // The smallest cached size that fits with at most a quarter to spare (a
  // batch that shrinks step by step then reuses the blocks it just freed),
  // and of that size the most recently freed block.
  if (auto fit = free_blocks_.lower_bound(size); fit != free_blocks_.end() && fit->first <= size + size / 4) {
    size = fit->first;
    auto it = std::prev(free_blocks_.upper_bound(size));
    ptr = it->second.ptr;
    free_blocks_.erase(it);
    stats_.cached_bytes -= size;
  } else {
    try {
      ptr = raw_->allocate(size);
    } catch (const Error&) {
      // Out of memory: give back what the cache holds and try once more.
      for (auto& [s, block] : free_blocks_) raw_->deallocate(block.ptr, s);
      free_blocks_.clear();
      stats_.cached_bytes = 0;
      ptr = raw_->allocate(size);
    }
    ++stats_.system_allocs;
  }
  live_blocks_.emplace(ptr, size);
  stats_.current_bytes += size;
  if (stats_.current_bytes > stats_.peak_bytes) stats_.peak_bytes = stats_.current_bytes;
  return ptr;
}

void CachingAllocator::deallocate(void* ptr) {
  if (!ptr) return;
  std::lock_guard lock(mutex_);
  auto it = live_blocks_.find(ptr);
  VENTRIS_CHECK(it != live_blocks_.end(), "deallocate of a pointer this allocator does not own");
  size_t size = it->second;
  live_blocks_.erase(it);
  stats_.current_bytes -= size;
  stats_.cached_bytes += size;
  free_blocks_.emplace(size, FreeBlock{ptr, generation_});
}

void CachingAllocator::release_cached() {
  std::lock_guard lock(mutex_);
  for (auto& [size, block] : free_blocks_) raw_->deallocate(block.ptr, size);
  free_blocks_.clear();
  stats_.cached_bytes = 0;
}

void CachingAllocator::advance_generation(uint64_t age) {
  std::lock_guard lock(mutex_);
  ++generation_;
  for (auto it = free_blocks_.begin(); it != free_blocks_.end();) {
    if (generation_ - it->second.generation < age) {
      ++it;
      continue;
    }
    raw_->deallocate(it->second.ptr, it->first);
    stats_.cached_bytes -= it->first;
    it = free_blocks_.erase(it);
  }
}

AllocatorStats CachingAllocator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void CachingAllocator::reset_peak() {
  std::lock_guard lock(mutex_);
  stats_.peak_bytes = stats_.current_bytes;
}

CachingAllocator& allocator_for(Device device) {
  if (device.is_cpu()) {
    // Leaked on purpose: tensors with static lifetime may outlive any static allocator.
    static auto* host_memory = new HostMemory();
    static auto* host = new CachingAllocator(host_memory);
    return *host;
  }
  static std::mutex mutex;
  static std::map<int, CachingAllocator*> per_device;
  std::lock_guard lock(mutex);
  auto& slot = per_device[device.index];
  if (!slot) {
    cuda::require_device(device.index);
    slot = new CachingAllocator(new CudaMemory(device.index));
  }
  return *slot;
}

}  // namespace ventris
