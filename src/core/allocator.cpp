#include "core/allocator.h"

#include <bit>
#include <cstdlib>
#include <new>

#include "core/cuda_api.h"
#include "core/error.h"

namespace ventris {

namespace {

class HostMemory final : public RawMemory {
 public:
  void* allocate(size_t bytes) override {
    void* p = std::aligned_alloc(64, bytes);
    if (!p) throw Error(fmt::format("out of host memory allocating {} bytes", bytes));
    return p;
  }
  void deallocate(void* ptr, size_t) override { std::free(ptr); }
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
  if (auto it = free_blocks_.find(size); it != free_blocks_.end()) {
    ptr = it->second;
    free_blocks_.erase(it);
    stats_.cached_bytes -= size;
  } else {
    try {
      ptr = raw_->allocate(size);
    } catch (const Error&) {
      // Out of memory: give back what the cache holds and try once more.
      for (auto& [s, p] : free_blocks_) raw_->deallocate(p, s);
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
  free_blocks_.emplace(size, ptr);
}

void CachingAllocator::release_cached() {
  std::lock_guard lock(mutex_);
  for (auto& [size, ptr] : free_blocks_) raw_->deallocate(ptr, size);
  free_blocks_.clear();
  stats_.cached_bytes = 0;
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
