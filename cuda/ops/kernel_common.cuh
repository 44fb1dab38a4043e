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

// Threads per block of most kernels: 8 warps (the row kernels give each warp a row).
constexpr int kThreads = 256;

// Blocks for a grid-stride loop over n elements (capped: each thread loops).
// Past the cap (4096 blocks of 256 threads, about a million threads) a thread
// takes several elements. Which thread handles an element then changes with
// n, never the result: element-wise kernels have no cross-thread arithmetic.
inline unsigned blocks_for(int64_t n, int threads = kThreads) {
  int64_t b = (n + threads - 1) / threads;
  if (b < 1) b = 1;
  if (b > 4096) b = 4096;
  return static_cast<unsigned>(b);
}

// Butterfly (xor) reductions over a full warp of 32 lanes, offsets 16, 8, 4,
// 2, 1. Each step combines lanes l and l ^ offset symmetrically, so every lane
// ends with the same bits (a + b == b + a exactly), and the combine tree is
// fixed: the result is deterministic. All 32 lanes must take part (full mask).
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
