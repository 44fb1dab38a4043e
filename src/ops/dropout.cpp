#include "ops/dropout.h"

#include "ops/checks.h"

namespace ventris::ops {

Tensor dropout(const Tensor& x, float p, uint64_t seed, uint64_t stream) {
  detail::require_f32(x, "dropout", "x");
  VENTRIS_CHECK(p >= 0.f && p < 1.f, "dropout: p must be in [0, 1), got {}", p);
  if (p == 0.f) return x;
  Tensor y = Tensor::empty(x.shape(), DType::F32, x.device());
  detail::kernel(x, &KernelTable::dropout, "dropout")(x.data<float>(), y.data<float>(), x.numel(), p, seed, stream);
  return y;
}

}  // namespace ventris::ops
