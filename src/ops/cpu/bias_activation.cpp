#include "ops/cpu/kernels.h"
#include "ops/math/bias_activation.h"

namespace ventris::cpu {

// Elements in groups of four, one Philox block each (element i uses word
// i % 4 of block i / 4), as the dropout kernel draws them.
void bias_activation_dropout(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols,
                             math::Activation act, float p, uint64_t seed, uint64_t stream) {
  const int64_t n = rows * cols;
#pragma omp parallel for schedule(static) if (n >= (1 << 14))
  for (int64_t group = 0; group < (n + 3) / 4; ++group)
    math::for_dropout_group(group, n, p, seed, stream, [&](int64_t i, float factor) {
      const float h = bias ? x[i] + bias[i % cols] : x[i];
      pre[i] = h;
      y[i] = math::activate(act, h) * factor;
    });
}

void bias_activation_dropout_backward(const float* grad_y, const float* pre, float* grad_pre, int64_t n,
                                      math::Activation act, float p, uint64_t seed, uint64_t stream) {
#pragma omp parallel for schedule(static) if (n >= (1 << 14))
  for (int64_t group = 0; group < (n + 3) / 4; ++group)
    math::for_dropout_group(group, n, p, seed, stream, [&](int64_t i, float factor) {
      grad_pre[i] = math::activation_backward(act, pre[i], grad_y[i] * factor);
    });
}

}  // namespace ventris::cpu
