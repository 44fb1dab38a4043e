// Fused bias + activation + dropout (the FFN's first half): the reference for
// cuda/ops/bias_activation.cu. x is [rows, cols], bias [cols]; one pass writes
// pre = x + bias (only when a backward will need it) and y = dropout(act(pre)),
// instead of three ops with two intermediate tensors. Elements are independent
// (no reduction), so the bits do not depend on the thread count; the dropout
// mask is the Philox draw of the standalone dropout kernel, so for the same
// (seed, stream) the fused op drops exactly the elements ops::dropout drops.
#include "ops/cpu/kernels.h"
#include "ops/math/bias_activation.h"

namespace ventris::cpu {

namespace {

// Without dropout (inference, or p = 0): row by row, so the bias index is
// the column and the loop vectorizes; one instantiation per activation.
template <math::Activation kAct>
void bias_activation_rows(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 14))
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    float* pr = pre ? pre + r * cols : nullptr;
    for (int64_t c = 0; c < cols; ++c) {
      const float h = bias ? xr[c] + bias[c] : xr[c];
      if (pr) pr[c] = h;
      yr[c] = math::activate(kAct, h);
    }
  }
}

}  // namespace

// With dropout: elements in groups of four, one Philox block each (element i
// uses word i % 4 of block i / 4), as the dropout kernel draws them.
void bias_activation_dropout(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols,
                             math::Activation act, float p, uint64_t seed, uint64_t stream) {
  if (p == 0.f) {
    if (act == math::Activation::Gelu)
      bias_activation_rows<math::Activation::Gelu>(x, bias, pre, y, rows, cols);
    else
      bias_activation_rows<math::Activation::Relu>(x, bias, pre, y, rows, cols);
    return;
  }
  const int64_t n = rows * cols;
#pragma omp parallel for schedule(static) if (n >= (1 << 14))
  for (int64_t group = 0; group < (n + 3) / 4; ++group) {
    // The bias column advances with i and wraps at cols, so a row boundary may
    // fall inside a group.
    int64_t column = (group * 4) % cols;  // one division per group, not per element
    math::for_dropout_group(group, n, p, seed, stream, [&](int64_t i, float factor) {
      const float h = bias ? x[i] + bias[column] : x[i];
      if (++column == cols) column = 0;
      if (pre) pre[i] = h;
      y[i] = math::activate(act, h) * factor;
    });
  }
}

// Backward: grad_pre = act'(pre) * (grad_y * the same mask factor), the mask
// redrawn from (seed, stream) rather than stored. The bias gradient is the
// column sum of grad_pre, left to the caller (a sum over rows).
void bias_activation_dropout_backward(const float* grad_y, const float* pre, float* grad_pre, int64_t n,
                                      math::Activation act, float p, uint64_t seed, uint64_t stream) {
#pragma omp parallel for schedule(static) if (n >= (1 << 14))
  for (int64_t group = 0; group < (n + 3) / 4; ++group)
    math::for_dropout_group(group, n, p, seed, stream, [&](int64_t i, float factor) {
      grad_pre[i] = math::activation_backward(act, pre[i], grad_y[i] * factor);
    });
}

}  // namespace ventris::cpu
