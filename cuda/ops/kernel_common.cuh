// Helpers shared by the kernel sources (compiled by nvcc or, for tests, by
// the host compiler under cuda/emulate/cuda_emulation.h).
#pragma once

#include <cstdint>

#include "runtime/launch.h"

#if !defined(VENTRIS_CUDA_EMULATION)
#include <cuda_runtime.h>
#define VENTRIS_STREAM(s) static_cast<cudaStream_t>(s)
#else
#define VENTRIS_STREAM(s) (s)
#endif

namespace ventris::kernel_util {

constexpr int kThreads = 256;

// Blocks for a grid-stride loop over n elements (capped: each thread loops).
inline unsigned blocks_for(int64_t n, int threads = kThreads) {
  int64_t b = (n + threads - 1) / threads;
  if (b < 1) b = 1;
  if (b > 4096) b = 4096;
  return static_cast<unsigned>(b);
}

__device__ __forceinline__ float warp_max(float v) {
  for (int offset = 16; offset > 0; offset /= 2) {
    float other = __shfl_xor_sync(0xffffffffu, v, offset);
    v = other > v ? other : v;
  }
  return v;
}

__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

}  // namespace ventris::kernel_util
