// Layer normalisation over the last dim and its backward: the reference for
// cuda/ops/layer_norm.cu. y = (x - mean) * rstd * gamma + beta per row; mean
// and rstd are saved for the backward. Every reduction has a fixed order that
// does not depend on the thread count (rows are independent; the column sums
// of the backward go through fixed row blocks), so training is reproducible.
#include <algorithm>
#include <cmath>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void layer_norm(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd,
                int64_t rows, int64_t cols, float eps) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    // Two passes (mean, then centred variance) for accuracy.
    float m = 0.f;
    for (int64_t j = 0; j < cols; ++j) m += xr[j];
    m /= static_cast<float>(cols);
    float var = 0.f;
    for (int64_t j = 0; j < cols; ++j) var += (xr[j] - m) * (xr[j] - m);
    var /= static_cast<float>(cols);
    const float rs = 1.f / std::sqrt(var + eps);
    mean[r] = m;
    rstd[r] = rs;
    for (int64_t j = 0; j < cols; ++j) y[r * cols + j] = (xr[j] - m) * rs * gamma[j] + beta[j];
  }
}

namespace {
// Rows per partial sum in the backward's grad_gamma / grad_beta.
constexpr int64_t kBlock = 64;
}

int64_t layer_norm_backward_scratch(int64_t rows, int64_t cols) { return 2 * ((rows + kBlock - 1) / kBlock) * cols; }

void layer_norm_backward(const float* grad_y, const float* x, const float* gamma, const float* mean,
                         const float* rstd, float* grad_x, float* grad_gamma, float* grad_beta, int64_t rows,
                         int64_t cols, float* scratch) {
  // grad_x: per row, dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = grad_y * gamma.
  // Two passes per row (the two sums, then dx); xhat is recomputed from the
  // saved mean and rstd rather than stored.
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* gy = grad_y + r * cols;
    const float* xr = x + r * cols;
    float sum_g = 0.f, sum_gx = 0.f;
    for (int64_t j = 0; j < cols; ++j) {
      float g = gy[j] * gamma[j];
      float xhat = (xr[j] - mean[r]) * rstd[r];
      sum_g += g;
      sum_gx += g * xhat;
    }
    const float inv_n = 1.f / static_cast<float>(cols);
    for (int64_t j = 0; j < cols; ++j) {
      float g = gy[j] * gamma[j];
      float xhat = (xr[j] - mean[r]) * rstd[r];
      grad_x[r * cols + j] = rstd[r] * (g - sum_g * inv_n - xhat * sum_gx * inv_n);
    }
  }
  // grad_gamma / grad_beta: column sums over rows. Rows are cut into fixed
  // blocks (independent of the thread count); each block's partial sums are
  // computed row-major (cache friendly) and the blocks are then added in order,
  // so the result is the same for any number of threads.
  const int64_t blocks = (rows + kBlock - 1) / kBlock;
  float* partial_g = scratch;
  float* partial_b = scratch + blocks * cols;
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t blk = 0; blk < blocks; ++blk) {
    float* pg = partial_g + blk * cols;
    float* pb = partial_b + blk * cols;
    for (int64_t j = 0; j < cols; ++j) pg[j] = pb[j] = 0.f;
    const int64_t end = std::min(rows, (blk + 1) * kBlock);
    for (int64_t r = blk * kBlock; r < end; ++r) {
      const float* gy = grad_y + r * cols;
      const float* xr = x + r * cols;
      const float m = mean[r], rs = rstd[r];
      for (int64_t j = 0; j < cols; ++j) {
        pg[j] += gy[j] * ((xr[j] - m) * rs);
        pb[j] += gy[j];
      }
    }
  }
  for (int64_t j = 0; j < cols; ++j) {
    grad_gamma[j] = 0.f;
    grad_beta[j] = 0.f;
  }
  for (int64_t blk = 0; blk < blocks; ++blk)
    for (int64_t j = 0; j < cols; ++j) {
      grad_gamma[j] += partial_g[blk * cols + j];
      grad_beta[j] += partial_b[blk * cols + j];
    }
}

}  // namespace ventris::cpu
