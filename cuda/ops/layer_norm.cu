// Twin of src/ops/cpu/layer_norm.cpp: statistics in fp32, one warp per row;
// gamma/beta gradients through fixed 64-row blocks summed in block order
// (deterministic, no float atomics).
#include <cmath>

#include "ops/kernel_common.cuh"
#include "ops/cuda_kernels.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

using kernel_util::warp_sum;
// Rows per partial sum of grad_gamma / grad_beta: the CPU twin's kBlock.
constexpr int64_t kRowBlock = 64;

__device__ __forceinline__ int64_t warp_index() {
  return (blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x) / 32;
}
__device__ __forceinline__ int64_t warp_count() { return static_cast<int64_t>(gridDim.x) * blockDim.x / 32; }

// Forward, one warp per row (8 rows per block of 256, grid-stride over rows):
// lane l reads columns l, l + 32, ... (coalesced). Two passes like the CPU
// (mean, then the centred variance: no cancellation of E[x^2] - E[x]^2), each
// a per-lane fp32 sum combined by warp_sum's fixed butterfly, so the result
// is deterministic; the order differs from the CPU's sequential sum, so the
// two agree to rounding.
__global__ void layer_norm_kernel(const float* x, const float* gamma, const float* beta, float* y, float* mean,
                                  float* rstd, int64_t rows, int64_t cols, float eps) {
  const int lane = threadIdx.x % 32;
  for (int64_t r = warp_index(); r < rows; r += warp_count()) {
    const float* xr = x + r * cols;
    float m = 0.f;
    for (int64_t j = lane; j < cols; j += 32) m += xr[j];
    m = warp_sum(m) / static_cast<float>(cols);
    float var = 0.f;
    for (int64_t j = lane; j < cols; j += 32) var += (xr[j] - m) * (xr[j] - m);
    var = warp_sum(var) / static_cast<float>(cols);
    const float rs = rsqrtf(var + eps);
    if (lane == 0) {
      mean[r] = m;
      rstd[r] = rs;
    }
    for (int64_t j = lane; j < cols; j += 32) y[r * cols + j] = (xr[j] - m) * rs * gamma[j] + beta[j];
  }
}

// grad_x, one warp per row as above: the two row sums (of g and g * xhat),
// warp-reduced, then every lane writes its columns; xhat is recomputed from the
// saved mean and rstd.
__global__ void layer_norm_dx_kernel(const float* gy, const float* x, const float* gamma, const float* mean,
                                     const float* rstd, float* gx, int64_t rows, int64_t cols) {
  const int lane = threadIdx.x % 32;
  for (int64_t r = warp_index(); r < rows; r += warp_count()) {
    float sum_g = 0.f, sum_gx = 0.f;
    for (int64_t j = lane; j < cols; j += 32) {
      const float g = gy[r * cols + j] * gamma[j];
      sum_g += g;
      sum_gx += g * (x[r * cols + j] - mean[r]) * rstd[r];
    }
    sum_g = warp_sum(sum_g);
    sum_gx = warp_sum(sum_gx);
    const float inv_n = 1.f / static_cast<float>(cols);
    for (int64_t j = lane; j < cols; j += 32) {
      const float g = gy[r * cols + j] * gamma[j];
      const float xhat = (x[r * cols + j] - mean[r]) * rstd[r];
      gx[r * cols + j] = rstd[r] * (g - sum_g * inv_n - xhat * sum_gx * inv_n);
    }
  }
}

// partial[blk, j] over rows [blk*64, blk*64+64): one thread per (blk, j),
// adding its rows in order. Consecutive threads take consecutive columns j of
// one block, so each row step reads a coalesced run of gy and x.
__global__ void layer_norm_partials_kernel(const float* gy, const float* x, const float* mean, const float* rstd,
                                           float* partial_g, float* partial_b, int64_t rows, int64_t cols,
                                           int64_t blocks) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < blocks * cols;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t blk = i / cols, j = i % cols;
    const int64_t end = (blk + 1) * kRowBlock < rows ? (blk + 1) * kRowBlock : rows;
    float pg = 0.f, pb = 0.f;
    for (int64_t r = blk * kRowBlock; r < end; ++r) {
      const float g = gy[r * cols + j];
      pg += g * ((x[r * cols + j] - mean[r]) * rstd[r]);
      pb += g;
    }
    partial_g[i] = pg;
    partial_b[i] = pb;
  }
}

// One thread per column adds the block partials in block order: the CPU's
// reduction tree, and no float atomics (whose order would vary run to run).
__global__ void layer_norm_sum_partials_kernel(const float* partial_g, const float* partial_b, float* grad_gamma,
                                               float* grad_beta, int64_t cols, int64_t blocks) {
  for (int64_t j = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; j < cols;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    float g = 0.f, b = 0.f;
    for (int64_t blk = 0; blk < blocks; ++blk) {
      g += partial_g[blk * cols + j];
      b += partial_b[blk * cols + j];
    }
    grad_gamma[j] = g;
    grad_beta[j] = b;
  }
}

unsigned row_blocks(int64_t rows) { return kernel_util::blocks_for(rows, kernel_util::kThreads / 32); }

}  // namespace

int64_t layer_norm_backward_scratch_floats(int64_t rows, int64_t cols) {
  return 2 * ((rows + kRowBlock - 1) / kRowBlock) * cols;
}

void layer_norm(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd,
                int64_t rows, int64_t cols, float eps, Stream s) {
  if (rows == 0) return;
  VENTRIS_LAUNCH(layer_norm_kernel, dim3(row_blocks(rows)), dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), x,
                 gamma, beta, y, mean, rstd, rows, cols, eps);
}

void layer_norm_backward(const float* gy, const float* x, const float* gamma, const float* mean, const float* rstd,
                         float* gx, float* grad_gamma, float* grad_beta, int64_t rows, int64_t cols, float* scratch,
                         Stream s) {
  // Three launches on one stream (so in order): grad_x per row; partials per
  // (64-row block, column) into `scratch` (layer_norm_backward_scratch_floats);
  // then the in-order sum of the partials, which also covers rows == 0 (zeros).
  if (cols == 0) return;
  const int64_t blocks = (rows + kRowBlock - 1) / kRowBlock;
  if (rows > 0)
    VENTRIS_LAUNCH(layer_norm_dx_kernel, dim3(row_blocks(rows)), dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s),
                   gy, x, gamma, mean, rstd, gx, rows, cols);
  float* partial_g = scratch;
  float* partial_b = scratch + blocks * cols;
  if (blocks > 0)
    VENTRIS_LAUNCH(layer_norm_partials_kernel, dim3(kernel_util::blocks_for(blocks * cols)),
                   dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(s), gy, x, mean, rstd, partial_g, partial_b, rows,
                   cols, blocks);
  VENTRIS_LAUNCH(layer_norm_sum_partials_kernel, dim3(kernel_util::blocks_for(cols)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), partial_g, partial_b, grad_gamma, grad_beta, cols, blocks);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
