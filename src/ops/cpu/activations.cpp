#include "ops/math/activations.h"

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

constexpr int64_t kParallelMin = 1 << 14;

void relu(const float* x, float* y, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) y[i] = math::relu(x[i]);
}

void relu_backward(const float* grad_y, const float* y, float* grad_x, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) grad_x[i] = y[i] > 0.f ? grad_y[i] : 0.f;
}

void gelu(const float* x, float* y, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) y[i] = math::gelu(x[i]);
}

void gelu_backward(const float* grad_y, const float* x, float* grad_x, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) grad_x[i] = grad_y[i] * math::gelu_grad(x[i]);
}

void glu(const float* x, float* y, int64_t rows, int64_t half) {
#pragma omp parallel for schedule(static) if (rows * half >= kParallelMin)
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = x + r * 2 * half;
    const float* g = a + half;
    for (int64_t i = 0; i < half; ++i) y[r * half + i] = a[i] * math::sigmoid(g[i]);
  }
}

void glu_backward(const float* grad_y, const float* x, float* grad_x, int64_t rows, int64_t half) {
#pragma omp parallel for schedule(static) if (rows * half >= kParallelMin)
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = x + r * 2 * half;
    const float* g = a + half;
    float* da = grad_x + r * 2 * half;
    float* dg = da + half;
    for (int64_t i = 0; i < half; ++i) {
      float s = math::sigmoid(g[i]);
      float gy = grad_y[r * half + i];
      da[i] = gy * s;
      dg[i] = gy * a[i] * s * (1.f - s);
    }
  }
}

}  // namespace ventris::cpu
