#include <cmath>
#include <limits>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Softmax of one row in place over `scratch` (already masked: -inf = masked).
void softmax_row(float* row, int64_t n) {
  float max_v = kNegInf;
  for (int64_t j = 0; j < n; ++j) max_v = row[j] > max_v ? row[j] : max_v;
  if (max_v == kNegInf) {  // fully masked row: zeros, not NaN
    for (int64_t j = 0; j < n; ++j) row[j] = 0.f;
    return;
  }
  float total = 0.f;
  for (int64_t j = 0; j < n; ++j) {
    row[j] = std::exp(row[j] - max_v);
    total += row[j];
  }
  const float inv = 1.f / total;
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
    // Keys after `last` are masked by causality.
    const int64_t last = causal ? q + (tk - tq) : tk - 1;
    for (int64_t j = 0; j < tk; ++j) {
      float v = xr[j];
      if (additive) v += additive[(r * tk + j) % n_add];
      if ((pad && pad[j]) || j > last) v = kNegInf;
      yr[j] = v;
    }
    softmax_row(yr, tk);
  }
}

void softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* gy = grad_y + r * cols;
    const float* yr = y + r * cols;
    float dot = 0.f;
    for (int64_t j = 0; j < cols; ++j) dot += gy[j] * yr[j];
    for (int64_t j = 0; j < cols; ++j) grad_x[r * cols + j] = yr[j] * (gy[j] - dot);
  }
}

void log_softmax(const float* x, float* y, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float max_v = kNegInf;
    for (int64_t j = 0; j < cols; ++j) max_v = xr[j] > max_v ? xr[j] : max_v;
    float total = 0.f;
    for (int64_t j = 0; j < cols; ++j) total += std::exp(xr[j] - max_v);
    const float lse = max_v + std::log(total);
    for (int64_t j = 0; j < cols; ++j) y[r * cols + j] = xr[j] - lse;
  }
}

void log_softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* gy = grad_y + r * cols;
    float total = 0.f;
    for (int64_t j = 0; j < cols; ++j) total += gy[j];
    for (int64_t j = 0; j < cols; ++j) grad_x[r * cols + j] = gy[j] - std::exp(y[r * cols + j]) * total;
  }
}

}  // namespace ventris::cpu
