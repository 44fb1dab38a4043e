#include "core/staging_ring.h"

#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <numeric>
#include <vector>

#include "core/error.h"

namespace ventris {
namespace {

// A device that runs queued copies only when the host waits for an event
// (or at flush), reading the staging buffer at that moment — as a busy GPU
// would. A ring that refilled a buffer before its copy ran would hand the
// later bytes to the earlier destination.
class LateDevice final : public StagingDevice {
 public:
  void* allocate_pinned(size_t bytes) override {
    ++pinned_allocs;
    return ::operator new(bytes);
  }
  void free_pinned(void* ptr) override {
    ++pinned_frees;
    ::operator delete(ptr);
  }
  void* create_event() override { return new int(-1); }
  void destroy_event(void* event) override { delete static_cast<int*>(event); }
  void copy_async(void* dst, const void* src, size_t bytes) override { queue.push_back({dst, src, bytes}); }
  void record_event(void* event) override { *static_cast<int*>(event) = static_cast<int>(submitted()); }
  void wait_event(void* event) override {
    ++waits;
    run_until(static_cast<size_t>(*static_cast<int*>(event)));
  }
  void flush() { run_until(submitted()); }

  int pinned_allocs = 0, pinned_frees = 0, waits = 0;

 private:
  struct Copy {
    void* dst;
    const void* src;
    size_t bytes;
  };
  size_t submitted() const { return done_ + queue.size(); }
  void run_until(size_t point) {
    while (done_ < point) {
      std::memcpy(queue.front().dst, queue.front().src, queue.front().bytes);
      queue.pop_front();
      ++done_;
    }
  }
  std::deque<Copy> queue;
  size_t done_ = 0;
};

TEST(StagingRing, QueuedCopiesDeliverTheirOwnBytesThoughTheDeviceRunsLate) {
  LateDevice device;
  std::vector<std::vector<int>> destinations(9, std::vector<int>(1000, 0));
  {
    StagingRing ring(device, 2, 1 << 20);
    for (size_t i = 0; i < destinations.size(); ++i) {
      std::vector<int> batch(1000);
      std::iota(batch.begin(), batch.end(), static_cast<int>(i) * 1000);
      ring.copy(destinations[i].data(), batch.data(), batch.size() * sizeof(int));
      // The source is gone now; the ring holds its bytes.
    }
    EXPECT_EQ(device.waits, 7) << "each buffer reuse waits for that buffer's previous copy";
    device.flush();
  }
  for (size_t i = 0; i < destinations.size(); ++i)
    for (int j = 0; j < 1000; ++j) ASSERT_EQ(destinations[i][j], static_cast<int>(i) * 1000 + j) << "copy " << i;
  EXPECT_EQ(device.pinned_allocs, 2) << "buffers are reused, not reallocated";
  EXPECT_EQ(device.pinned_frees, 2);
}

TEST(StagingRing, GrowsABufferForALargerCopyAndRefusesOversizedOnes) {
  LateDevice device;
  StagingRing ring(device, 1, 1 << 20);
  std::vector<char> small(100, 'a'), large(300000, 'b'), dst_small(100), dst_large(300000);
  ring.copy(dst_small.data(), small.data(), small.size());
  ring.copy(dst_large.data(), large.data(), large.size());  // waits for the first, then regrows
  device.flush();
  EXPECT_EQ(dst_small, small);
  EXPECT_EQ(dst_large, large);
  EXPECT_EQ(device.pinned_allocs, 2);
  EXPECT_EQ(device.pinned_frees, 1);
  std::vector<char> huge((1 << 20) + 1);
  EXPECT_THROW(ring.copy(huge.data(), huge.data(), huge.size()), Error);
}

}  // namespace
}  // namespace ventris
