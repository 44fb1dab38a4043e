// Counts multiply-adds as ops are dispatched, for `ventris info` (the Lite
// Transformer paper's cost metric: one multiply-add per output element per
// reduction step of every GEMM and convolution). Counting costs one branch per
// dispatch and is off unless a MultAddCounter is alive on this thread; nested
// counters each see the work done during their lifetime.
#pragma once

#include <cstdint>

namespace ventris::ops {

class MultAddCounter {
 public:
  MultAddCounter();
  ~MultAddCounter();
  MultAddCounter(const MultAddCounter&) = delete;
  MultAddCounter& operator=(const MultAddCounter&) = delete;

  int64_t total() const { return total_; }

 private:
  friend void count_mult_adds(int64_t n);
  MultAddCounter* outer_;
  int64_t total_ = 0;
};

// Called by op dispatchers (matmul, convolutions) with the multiply-adds they launch.
void count_mult_adds(int64_t n);

}  // namespace ventris::ops
