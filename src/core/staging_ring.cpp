#include "core/staging_ring.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/error.h"

namespace ventris {

namespace {
constexpr size_t kSmallestBuffer = size_t{64} << 10;  // batches are tens of KiB
}

StagingRing::StagingRing(StagingDevice& device, size_t buffers, size_t max_bytes)
    : device_(device), max_bytes_(max_bytes), buffers_(buffers) {
  VENTRIS_CHECK(buffers > 0, "a staging ring needs at least one buffer");
}

StagingRing::~StagingRing() {
  for (Buffer& b : buffers_) {
    if (b.in_flight) device_.wait_event(b.event);
    if (b.data) device_.free_pinned(b.data);
    if (b.event) device_.destroy_event(b.event);
  }
}

void StagingRing::copy(void* device_dst, const void* host_src, size_t bytes) {
  VENTRIS_CHECK(bytes <= max_bytes_, "staged copy of {} bytes exceeds the ring's {}", bytes, max_bytes_);
  std::lock_guard lock(mutex_);
  Buffer& b = buffers_[next_];
  next_ = (next_ + 1) % buffers_.size();
  if (!b.event) b.event = device_.create_event();
  // Usually long done: the ring has come round since this buffer's copy.
  if (b.in_flight) device_.wait_event(b.event);
  b.in_flight = false;
  if (b.capacity < bytes) {
    if (b.data) device_.free_pinned(b.data);
    b.data = nullptr;
    b.capacity = 0;
    const size_t capacity = std::bit_ceil(std::max(bytes, kSmallestBuffer));
    b.data = device_.allocate_pinned(capacity);
    b.capacity = capacity;
  }
  std::memcpy(b.data, host_src, bytes);
  device_.copy_async(device_dst, b.data, bytes);
  device_.record_event(b.event);
  b.in_flight = true;
}

}  // namespace ventris
