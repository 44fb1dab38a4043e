// Twin of src/ops/cpu/topk.cpp. One block per row picks the k winners one at a
// time: every thread keeps its best column (among columns threadIdx.x,
// + blockDim.x, …) that ranks after the last winner, the block reduces those
// to the next winner, and only the thread owning the winning column rescans —
// every other thread's candidate still ranks after the new winner. The order
// is math::topk_before, a total order, so the result does not depend on the
// reduction tree and equals the CPU's bit for bit. Work per row is
// O(cols + k · cols / threads); beam search asks for k ≈ 2 · beam.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/topk.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// One block of 256 threads per row (grid-stride over rows, up to 4096 blocks).
constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;

struct Candidate {
  float value;
  int32_t col;  // -1: this thread has no column left
};

__device__ __forceinline__ bool better(const Candidate& a, const Candidate& b) {
  if (a.col < 0) return false;
  if (b.col < 0) return true;
  return math::topk_before(a.value, a.col, b.value, b.col);
}

// This thread's best column ranking after `last` (after nothing when last.col < 0).
// Thread t scans columns t, t + blockDim.x, ...: a block reads the row in
// coalesced runs.
__device__ Candidate best_after(const float* row, int64_t cols, Candidate last) {
  Candidate best{0.f, -1};
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
    const Candidate here{row[j], static_cast<int32_t>(j)};
    if (last.col >= 0 && !better(last, here)) continue;  // already taken
    if (better(here, best)) best = here;
  }
  return best;
}

// The best candidate of the block, returned to every thread. Two levels: a
// shuffle-down tree within each warp (lane 0 ends with the warp's best), then
// thread 0 scans the kWarps warp winners and publishes one through shared
// memory. The second barrier makes `winner` visible; the next call's first
// barrier keeps thread 0 from overwriting it before everyone has read it.
__device__ Candidate block_best(Candidate c, Candidate* warp_best, Candidate* winner) {
  for (int offset = 16; offset > 0; offset /= 2) {
    const Candidate other{__shfl_down_sync(0xffffffffu, c.value, offset),
                          __shfl_down_sync(0xffffffffu, c.col, offset)};
    if (better(other, c)) c = other;
  }
  if (threadIdx.x % 32 == 0) warp_best[threadIdx.x / 32] = c;
  __syncthreads();
  if (threadIdx.x == 0) {
    Candidate b = warp_best[0];
    for (int w = 1; w < kWarps; ++w)
      if (better(warp_best[w], b)) b = warp_best[w];
    *winner = b;
  }
  __syncthreads();
  return *winner;
}

__global__ void topk_kernel(const float* x, int64_t rows, int64_t cols, int64_t k, float* values,
                            int32_t* indices) {
  __shared__ Candidate warp_best[kWarps];
  __shared__ Candidate winner;
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const float* row = x + r * cols;
    Candidate mine = best_after(row, cols, Candidate{0.f, -1});
    for (int64_t j = 0; j < k; ++j) {
      const Candidate top = block_best(mine, warp_best, &winner);
      if (threadIdx.x == 0) {
        values[r * k + j] = top.value;
        indices[r * k + j] = top.col;
      }
      // Only the owner of the winning column moves on to its next best.
      if (top.col % blockDim.x == threadIdx.x) mine = best_after(row, cols, top);
    }
  }
}

}  // namespace

void topk(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices, Stream s) {
  if (rows == 0 || k == 0) return;
  VENTRIS_LAUNCH(topk_kernel, dim3(kernel_util::blocks_for(rows, 1)), dim3(kThreads), 0, VENTRIS_STREAM(s), x, rows,
                 cols, k, values, indices);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
