// Element-wise arithmetic (a op b with suffix broadcasting, scale, axpy): the
// reference for cuda/ops/elementwise.cu. No reductions: each output element
// depends on its own inputs only, so results are bit-identical for any thread
// count (and to the emulated CUDA twin; nvcc may fuse add_scaled into an FMA).
#include <omp.h>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

// Below this many elements threads cost more than they save.
constexpr int64_t kParallelMin = 1 << 15;

void binary(BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out, int64_t n) {
  // Either operand may be the broadcast one; `n` is the larger count. The
  // smaller operand is a suffix of the larger (ops::binary checks it), so the
  // output is `reps` rows of `inner` elements in which the small operand
  // restarts at 0; the switch sits outside the inner loop, which vectorizes.
  const int64_t reps = n / (na < nb ? na : nb);
  const bool a_small = na < n, b_small = nb < n;
  const int64_t inner = n / reps;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t r = 0; r < reps; ++r) {
    const float* pa = a + (a_small ? 0 : r * inner);
    const float* pb = b + (b_small ? 0 : r * inner);
    float* po = out + r * inner;
    switch (op) {
      case BinaryOp::Add: for (int64_t i = 0; i < inner; ++i) po[i] = pa[i] + pb[i]; break;
      case BinaryOp::Sub: for (int64_t i = 0; i < inner; ++i) po[i] = pa[i] - pb[i]; break;
      case BinaryOp::Mul: for (int64_t i = 0; i < inner; ++i) po[i] = pa[i] * pb[i]; break;
    }
  }
}

void scale(const float* x, float s, float* out, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) out[i] = x[i] * s;
}

// dst += s * src in place (gradient accumulation, optimizer helpers).
void add_scaled(float* dst, const float* src, float s, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
  for (int64_t i = 0; i < n; ++i) dst[i] += s * src[i];
}

}  // namespace ventris::cpu
