// Pinned host staging for host -> device copies. A copy from pageable memory
// makes the host wait while the driver stages it; through a page-locked
// buffer the copy is queued on the device's stream and the host goes on
// (preparing the next batch while this one's update runs). The caller's
// source may be freed as soon as copy() returns: its bytes are in the ring.
//
// A small ring of buffers, each with an event recorded after its copy: a
// buffer is refilled only once the device has passed that event, so a queued
// copy never reads bytes meant for a later one. The device calls sit behind
// StagingDevice so the ring's ordering is tested on the CPU with a device
// that runs queued copies late (tests/core/staging_ring_test.cpp).
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

namespace ventris {

// The runtime services the ring needs (cuda/runtime: cudaHostAlloc,
// cudaMemcpyAsync on the kernels' stream, events).
class StagingDevice {
 public:
  virtual ~StagingDevice() = default;
  virtual void* allocate_pinned(size_t bytes) = 0;
  virtual void free_pinned(void* ptr) = 0;
  virtual void* create_event() = 0;
  virtual void destroy_event(void* event) = 0;
  // Queues the copy after all work queued so far (stream order).
  virtual void copy_async(void* device_dst, const void* pinned_src, size_t bytes) = 0;
  // Marks the point in the queue reached so far.
  virtual void record_event(void* event) = 0;
  // Blocks the host until the device has passed the event's point.
  virtual void wait_event(void* event) = 0;
};

class StagingRing {
 public:
  // Copies above `max_bytes` are not staged (the caller copies them
  // synchronously: weights, once).
  StagingRing(StagingDevice& device, size_t buffers, size_t max_bytes);
  ~StagingRing();
  StagingRing(const StagingRing&) = delete;
  StagingRing& operator=(const StagingRing&) = delete;

  size_t max_bytes() const { return max_bytes_; }
  // Requires bytes <= max_bytes().
  void copy(void* device_dst, const void* host_src, size_t bytes);

 private:
  struct Buffer {
    void* data = nullptr;
    size_t capacity = 0;
    void* event = nullptr;
    bool in_flight = false;  // a copy from it was queued and not yet waited for
  };
  StagingDevice& device_;
  size_t max_bytes_;
  std::mutex mutex_;
  std::vector<Buffer> buffers_;
  size_t next_ = 0;
};

}  // namespace ventris
