// Twin of src/ops/cpu/softmax.cpp: one warp per row, max and sum reduced with
// warp shuffles, fp32 throughout, the same exp as the CPU (math::fast_exp); masks as on the CPU (fully masked rows -> zeros).
#include <cmath>

#include "ops/kernel_common.cuh"
#include "ops/math/fast_exp.h"
#include "ops/cuda_kernels.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

using kernel_util::warp_max;
using kernel_util::warp_sum;

// Every kernel here maps one warp to one row: 8 rows per 256-thread block.
constexpr int kRowsPerBlock = kernel_util::kThreads / 32;

__device__ __forceinline__ int64_t warp_index() {
  return (blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x) / 32;
}
__device__ __forceinline__ int64_t warp_count() { return static_cast<int64_t>(gridDim.x) * blockDim.x / 32; }

// Softmax, one warp per row (grid-stride over rows, kRowsPerBlock per block):
// lane l owns columns l, l + 32, ... (coalesced). Three passes over the row,
// the mask recomputed each time instead of staged in shared memory: max, sum of
// exp(v - max) (per-lane fp32 sums, then warp_sum's fixed butterfly:
// deterministic), then the normalised write. Masked keys (padding, causal,
// beyond `last`) are -inf and add exact zeros, so a row's bits do not depend on
// how much masked tail its batch has, the property the CPU twin gets by
// stopping at its last unmasked key. The order differs from the CPU's 16-lane
// sums: the two agree to rounding, not bit for bit.
__global__ void softmax_kernel(const float* x, float* y, int64_t rows, int64_t inner, int64_t tq, int64_t tk,
                               const int32_t* key_padding, bool causal, const float* additive, int64_t n_add) {
  const int lane = threadIdx.x % 32;
  const float neg_inf = -INFINITY;
  for (int64_t r = warp_index(); r < rows; r += warp_count()) {
    const int64_t b = r / (inner * tq), q = r % tq;
    const int64_t last = causal ? q + (tk - tq) : tk - 1;
    const int32_t* pad = key_padding ? key_padding + b * tk : nullptr;
    auto masked_value = [&](int64_t j) {
      float v = x[r * tk + j];
      if (additive) v += additive[(r * tk + j) % n_add];
      return ((pad && pad[j]) || j > last) ? neg_inf : v;
    };
    float mx = neg_inf;
    for (int64_t j = lane; j < tk; j += 32) {
      float v = masked_value(j);
      mx = v > mx ? v : mx;
    }
    mx = warp_max(mx);
    if (mx == neg_inf) {  // fully masked row (warp-uniform branch)
      for (int64_t j = lane; j < tk; j += 32) y[r * tk + j] = 0.f;
      continue;
    }
    float total = 0.f;
    for (int64_t j = lane; j < tk; j += 32) total += math::fast_exp(masked_value(j) - mx);
    total = warp_sum(total);
    const float inv = 1.f / total;
    for (int64_t j = lane; j < tk; j += 32) y[r * tk + j] = math::fast_exp(masked_value(j) - mx) * inv;
  }
}

// grad_x = y * (grad_y - dot(grad_y, y)): one warp per row, the dot warp-reduced.
__global__ void softmax_backward_kernel(const float* gy, const float* y, float* gx, int64_t rows, int64_t cols) {
  const int lane = threadIdx.x % 32;
  for (int64_t r = warp_index(); r < rows; r += warp_count()) {
    float dot = 0.f;
    for (int64_t j = lane; j < cols; j += 32) dot += gy[r * cols + j] * y[r * cols + j];
    dot = warp_sum(dot);
    for (int64_t j = lane; j < cols; j += 32) gx[r * cols + j] = y[r * cols + j] * (gy[r * cols + j] - dot);
  }
}

// log_softmax = x - (max + log sum exp(x - max)): one warp per row, as softmax.
__global__ void log_softmax_kernel(const float* x, float* y, int64_t rows, int64_t cols) {
  const int lane = threadIdx.x % 32;
  for (int64_t r = warp_index(); r < rows; r += warp_count()) {
    float mx = -INFINITY;
    for (int64_t j = lane; j < cols; j += 32) mx = x[r * cols + j] > mx ? x[r * cols + j] : mx;
    mx = warp_max(mx);
    float total = 0.f;
    for (int64_t j = lane; j < cols; j += 32) total += math::fast_exp(x[r * cols + j] - mx);
    total = warp_sum(total);
    const float lse = mx + logf(total);
    for (int64_t j = lane; j < cols; j += 32) y[r * cols + j] = x[r * cols + j] - lse;
  }
}

// grad_x = grad_y - exp(y) * sum(grad_y): one warp per row.
__global__ void log_softmax_backward_kernel(const float* gy, const float* y, float* gx, int64_t rows, int64_t cols) {
  const int lane = threadIdx.x % 32;
  for (int64_t r = warp_index(); r < rows; r += warp_count()) {
    float total = 0.f;
    for (int64_t j = lane; j < cols; j += 32) total += gy[r * cols + j];
    total = warp_sum(total);
    for (int64_t j = lane; j < cols; j += 32)
      gx[r * cols + j] = gy[r * cols + j] - math::fast_exp(y[r * cols + j]) * total;
  }
}

unsigned row_blocks(int64_t rows) { return kernel_util::blocks_for(rows, kRowsPerBlock); }

}  // namespace

void softmax(const float* x, float* y, int64_t batch, int64_t inner, int64_t tq, int64_t tk,
             const int32_t* key_padding, bool causal, const float* additive, int64_t n_add, Stream s) {
  const int64_t rows = batch * inner * tq;
  if (rows == 0 || tk == 0) return;
  VENTRIS_LAUNCH(softmax_kernel, dim3(row_blocks(rows)), dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), x, y,
                 rows, inner, tq, tk, key_padding, causal, additive, n_add);
}

void softmax_backward(const float* gy, const float* y, float* gx, int64_t rows, int64_t cols, Stream s) {
  if (rows == 0 || cols == 0) return;
  VENTRIS_LAUNCH(softmax_backward_kernel, dim3(row_blocks(rows)), dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s),
                 gy, y, gx, rows, cols);
}

void log_softmax(const float* x, float* y, int64_t rows, int64_t cols, Stream s) {
  if (rows == 0 || cols == 0) return;
  VENTRIS_LAUNCH(log_softmax_kernel, dim3(row_blocks(rows)), dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), x, y,
                 rows, cols);
}

void log_softmax_backward(const float* gy, const float* y, float* gx, int64_t rows, int64_t cols, Stream s) {
  if (rows == 0 || cols == 0) return;
  VENTRIS_LAUNCH(log_softmax_backward_kernel, dim3(row_blocks(rows)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), gy, y, gx, rows, cols);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
