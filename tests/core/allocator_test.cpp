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

TEST(Allocator, AdvancingGenerationsReturnsOnlyBlocksLeftUnused) {
  CountingMemory raw;
  CachingAllocator alloc(&raw);
  // Generation 0: a block the next generation reuses, and one nobody asks for again.
  void* reused = alloc.allocate(4096);
  void* abandoned = alloc.allocate(70000);
  alloc.deallocate(reused);
  alloc.deallocate(abandoned);
  alloc.advance_generation(2);  // -> 1: both freed one generation ago, both kept
  EXPECT_EQ(raw.frees, 0);
  EXPECT_EQ(alloc.stats().cached_bytes, CachingAllocator::size_class(4096) + CachingAllocator::size_class(70000));
  EXPECT_EQ(alloc.allocate(4096), reused) << "the cached block comes back, not a new one";
  alloc.deallocate(reused);  // freed again in generation 1
  alloc.advance_generation(2);  // -> 2: the abandoned block sat through generation 1 unused
  EXPECT_EQ(raw.frees, 1);
  EXPECT_EQ(alloc.stats().cached_bytes, CachingAllocator::size_class(4096));
  EXPECT_EQ(alloc.allocate(4096), reused);
  EXPECT_EQ(raw.allocs, 2);
  alloc.deallocate(reused);
  alloc.advance_generation(1);  // age 1: everything freed before now goes
  EXPECT_EQ(raw.frees, 2);
  EXPECT_EQ(alloc.stats().cached_bytes, 0u);
}

TEST(Allocator, AReuseTakesTheNewestBlockOfItsSize) {
  CountingMemory raw;
  CachingAllocator alloc(&raw);
  void* older = alloc.allocate(1000);
  void* newer = alloc.allocate(1000);
  alloc.deallocate(older);
  alloc.advance_generation(3);
  alloc.deallocate(newer);
  // Reusing the newest lets the older one age out.
  EXPECT_EQ(alloc.allocate(1000), newer);
  alloc.advance_generation(2);
  EXPECT_EQ(raw.frees, 1) << "the older block, unused for two generations";
  alloc.deallocate(newer);
}

TEST(Allocator, LargeHostBlocksAreUsableAndReturned) {
  // Blocks from 1 MiB up are mapped from the kernel: they must be writable,
  // aligned, and freed without a trace in the live count.
  auto& alloc = allocator_for(Device::cpu());
  const size_t before = alloc.stats().current_bytes;
  {
    Tensor big = Tensor::zeros({3, 1 << 18});  // 3 MiB
    EXPECT_EQ(reinterpret_cast<uintptr_t>(big.data<float>()) % 64, 0u);
    big.data<float>()[3 * (1 << 18) - 1] = 5.f;
    EXPECT_EQ(big.to_vector<float>().back(), 5.f);
    EXPECT_EQ(big.to_vector<float>().front(), 0.f);
  }
  EXPECT_EQ(alloc.stats().current_bytes, before);
  alloc.release_cached();
  EXPECT_EQ(alloc.stats().cached_bytes, 0u);
}

TEST(Allocator, ARequestMayTakeACachedBlockAQuarterLarger) {
  CountingMemory raw;
  CachingAllocator alloc(&raw);
  void* big = alloc.allocate(100000);
  alloc.deallocate(big);
  // A shrinking batch: 90% of the size reuses the block, half of it does not.
  EXPECT_EQ(alloc.allocate(90000), big);
  EXPECT_EQ(alloc.stats().current_bytes, CachingAllocator::size_class(100000)) << "the block's own size counts";
  alloc.deallocate(big);
  void* small = alloc.allocate(50000);
  EXPECT_NE(small, big);
  EXPECT_EQ(raw.allocs, 2);
  alloc.deallocate(small);
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
