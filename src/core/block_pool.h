// A free list of fixed-size blocks for small bookkeeping objects that are
// created and destroyed once per op (a tensor's shared_ptr control block), so
// a steady-state training step makes no heap allocations at all: tensor
// memory comes from the caching allocator, and these come from here.
#pragma once

#include <cstddef>
#include <mutex>
#include <new>
#include <vector>

namespace ventris {

// One pool per block size; blocks are never returned to the system.
template <size_t kBlockBytes>
class BlockPool {
 public:
  static void* allocate() {
    auto& p = instance();
    std::lock_guard lock(p.mutex_);
    if (p.free_.empty()) return ::operator new(kBlockBytes, std::align_val_t{alignof(std::max_align_t)});
    void* block = p.free_.back();
    p.free_.pop_back();
    return block;
  }
  static void deallocate(void* block) {
    auto& p = instance();
    std::lock_guard lock(p.mutex_);
    p.free_.push_back(block);  // capacity grows to the peak number of live blocks, then stays
  }

 private:
  static BlockPool& instance() {
    static auto* pool = new BlockPool();  // leaked: blocks may be freed during static destruction
    return *pool;
  }
  std::mutex mutex_;
  std::vector<void*> free_;
};

// std::allocator-compatible front end for std::allocate_shared.
template <class T>
struct PoolAllocator {
  using value_type = T;
  PoolAllocator() = default;
  template <class U>
  PoolAllocator(const PoolAllocator<U>&) {}
  T* allocate(size_t n) {
    if (n != 1) return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{alignof(T)}));
    return static_cast<T*>(BlockPool<(sizeof(T) + 15) / 16 * 16>::allocate());
  }
  void deallocate(T* p, size_t n) {
    if (n != 1) return ::operator delete(p, std::align_val_t{alignof(T)});
    BlockPool<(sizeof(T) + 15) / 16 * 16>::deallocate(p);
  }
  template <class U>
  bool operator==(const PoolAllocator<U>&) const {
    return true;
  }
};

}  // namespace ventris
