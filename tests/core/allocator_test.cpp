#include "core/allocator.h"

#include <gtest/gtest.h>

#include "core/tensor.h"

namespace ventris {
namespace {

class CountingMemory final : public RawMemory {
 public:
  void* allocate(size_t bytes) override {
    ++allocs;
    return ::operator new(bytes, std::align_val_t{64});
  }
  void deallocate(void* p, size_t) override {
    ++frees;
    ::operator delete(p, std::align_val_t{64});
  }
  int allocs = 0, frees = 0;
};

TEST(Allocator, ReusesFreedBlocksAndTracksPeak) {
  CountingMemory raw;
  {
    CachingAllocator alloc(&raw);
    void* a = alloc.allocate(1000);
    void* b = alloc.allocate(5000);
    auto s = alloc.stats();
    EXPECT_EQ(s.current_bytes, CachingAllocator::size_class(1000) + CachingAllocator::size_class(5000));
    EXPECT_EQ(s.peak_bytes, s.current_bytes);
    alloc.deallocate(a);
    alloc.deallocate(b);
    EXPECT_EQ(alloc.stats().current_bytes, 0u);
    EXPECT_EQ(alloc.stats().peak_bytes, s.peak_bytes);
    // Steady state: the same sizes again come from the cache, not the system.
    for (int step = 0; step < 10; ++step) {
      void* x = alloc.allocate(1000);
      void* y = alloc.allocate(4990);  // same size class as 5000
      alloc.deallocate(y);
      alloc.deallocate(x);
    }
    EXPECT_EQ(raw.allocs, 2);
    EXPECT_EQ(alloc.stats().system_allocs, 2u);
    alloc.reset_peak();
    EXPECT_EQ(alloc.stats().peak_bytes, 0u);
  }
  EXPECT_EQ(raw.frees, 2);  // cached blocks returned at destruction
}

TEST(Allocator, SizeClassesBoundWaste) {
  for (size_t n : {1ul, 255ul, 257ul, 1000ul, 4097ul, 1ul << 20, (1ul << 20) + 1, 123456789ul}) {
    size_t c = CachingAllocator::size_class(n);
    EXPECT_GE(c, n);
    if (n > 256) {
      EXPECT_LE(c - n, n / 8 + 1) << n;
    }
  }
}

TEST(Allocator, TensorsReturnMemoryToTheCpuAllocator) {
  auto& alloc = allocator_for(Device::cpu());
  size_t before = alloc.stats().current_bytes;
  {
    Tensor t = Tensor::zeros({1024, 1024});
    EXPECT_GE(alloc.stats().current_bytes, before + 4 * 1024 * 1024);
    Tensor view = t.slice(3, 10);
    t = Tensor();
    EXPECT_GE(alloc.stats().current_bytes, before + 4 * 1024 * 1024);  // the view keeps it alive
  }
  EXPECT_EQ(alloc.stats().current_bytes, before);
}

}  // namespace
}  // namespace ventris
