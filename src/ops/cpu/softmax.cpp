// Softmax (with attention masks), log-softmax and their backwards: the
// reference for cuda/ops/softmax.cu. One row per task, rows in parallel; each
// row subtracts its max before exponentiating (no overflow, exponents <= 0)
// and reduces with row_reduce.h's 16-lane sums, which vectorize and have a
// fixed combine order: the bits do not depend on the thread count.
// math::fast_exp is the branch-free exp the CUDA twin also uses.
#include <cmath>
#include <limits>

#include "ops/cpu/kernels.h"
#include "ops/cpu/row_reduce.h"
#include "ops/math/fast_exp.h"

namespace ventris::cpu {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Softmax of one row in place (already masked: -inf = masked).
void softmax_row(float* row, int64_t n) {
  const float max_v = row_max(row, n);
  if (max_v == kNegInf) {  // fully masked row: zeros, not NaN
    for (int64_t j = 0; j < n; ++j) row[j] = 0.f;
    return;
  }
  for (int64_t j = 0; j < n; ++j) row[j] = math::fast_exp(row[j] - max_v);
  const float inv = 1.f / row_sum(row, n);
  for (int64_t j = 0; j < n; ++j) row[j] *= inv;
}
}  // namespace

void softmax(const float* x, float* y, int64_t batch, int64_t inner, int64_t tq, int64_t tk,
             const int32_t* key_padding, bool causal, const float* additive, int64_t n_add) {
  const int64_t rows = batch * inner * tq;
#pragma omp parallel for schedule(static) if (rows * tk >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t b = r / (inner * tq);
    const int64_t q = r % tq;
    const float* xr = x + r * tk;
    float* yr = y + r * tk;
    const int32_t* pad = key_padding ? key_padding + b * tk : nullptr;
    // Keys after `last` are masked by causality, and so are trailing padded
    // keys. The row is normalised over [0, end) only: its bits then do not
    // depend on how much masked tail a batch adds (a sentence translates the
    // same alone or padded in a batch), and the masked tail costs nothing.
    int64_t end = causal ? q + (tk - tq) + 1 : tk;
    end = end < 0 ? 0 : (end > tk ? tk : end);
    while (pad && end > 0 && pad[end - 1]) --end;
    for (int64_t j = 0; j < end; ++j) {
      float v = xr[j];
      if (additive) v += additive[(r * tk + j) % n_add];
      if (pad && pad[j]) v = kNegInf;
      yr[j] = v;
    }
    if (end > 0) softmax_row(yr, end);
    for (int64_t j = end; j < tk; ++j) yr[j] = 0.f;
  }
}

// grad_x = y * (grad_y - sum_j grad_y_j * y_j), one dot product per row.
void softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* gy = grad_y + r * cols;
    const float* yr = y + r * cols;
    const float dot = row_dot(gy, yr, cols);
    for (int64_t j = 0; j < cols; ++j) grad_x[r * cols + j] = yr[j] * (gy[j] - dot);
  }
}

void log_softmax(const float* x, float* y, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    const float max_v = row_max(xr, cols);
    // The output row doubles as scratch for the exponentials.
    for (int64_t j = 0; j < cols; ++j) yr[j] = math::fast_exp(xr[j] - max_v);
    const float lse = max_v + std::log(row_sum(yr, cols));
    for (int64_t j = 0; j < cols; ++j) yr[j] = xr[j] - lse;
  }
}

// grad_x = grad_y - softmax(x) * sum_j grad_y_j, softmax(x) being exp(y).
void log_softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* gy = grad_y + r * cols;
    const float total = row_sum(gy, cols);
    for (int64_t j = 0; j < cols; ++j) grad_x[r * cols + j] = gy[j] - math::fast_exp(y[r * cols + j]) * total;
  }
}

}  // namespace ventris::cpu
