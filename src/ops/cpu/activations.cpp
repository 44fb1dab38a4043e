// Activation kernels (ReLU, GELU, GLU and their backwards): the reference for
// cuda/ops/activations.cu. Each output element depends on its own input
// element(s) only, so every kernel is one flat loop that OpenMP cuts into equal
// static ranges: no reduction anywhere, so the bits never depend on the thread
// count. The scalar math (math::gelu with erff, math::sigmoid) is written once
// in ops/math/activations.h and shared with the CUDA twin.
#include "ops/math/activations.h"

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

// Below this many elements a parallel region costs more than the loop.
constexpr int64_t kParallelMin = 1 << 14;

void relu(const float* x, float* y, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) y[i] = math::relu(x[i]);
}

// From the output: y > 0 exactly when x > 0, so the forward input need not be
// kept. The gradient at x = 0 is 0.
void relu_backward(const float* grad_y, const float* y, float* grad_x, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) grad_x[i] = y[i] > 0.f ? grad_y[i] : 0.f;
}

void gelu(const float* x, float* y, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) y[i] = math::gelu(x[i]);
}

// GELU cannot be inverted from y, so the backward reads the forward input x.
void gelu_backward(const float* grad_y, const float* x, float* grad_x, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) grad_x[i] = grad_y[i] * math::gelu_grad(x[i]);
}

// GLU over the last dim: a row of x is [a | g] (2 * half values), y = a * sigmoid(g).
// Parallel over rows; the inner loop is contiguous in a, g and y and vectorizes.
void glu(const float* x, float* y, int64_t rows, int64_t half) {
#pragma omp parallel for schedule(static) if (rows * half >= kParallelMin)
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = x + r * 2 * half;
    const float* g = a + half;
    for (int64_t i = 0; i < half; ++i) y[r * half + i] = a[i] * math::sigmoid(g[i]);
  }
}

// da = gy * s, dg = gy * a * s * (1 - s), with s = sigmoid(g) recomputed from x
// rather than stored. A row writes both halves of grad_x.
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
