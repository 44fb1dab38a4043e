#include "ops/topk.h"

#include <limits>

#include "ops/checks.h"

namespace ventris::ops {

TopK topk(const Tensor& x, int64_t k) {
  detail::require_f32(x, "topk", "x");
  VENTRIS_CHECK(x.rank() >= 1, "topk: x needs a last dimension, got shape {}", x.shape().str());
  const int64_t cols = x.size(-1);
  VENTRIS_CHECK(k >= 0 && k <= cols, "topk: k = {} outside [0, {}] for shape {}", k, cols, x.shape().str());
  VENTRIS_CHECK(cols <= std::numeric_limits<int32_t>::max(), "topk: {} columns do not fit I32 indices", cols);
  const int64_t rows = cols == 0 ? 0 : x.numel() / cols;
  const Shape out_shape = x.shape().with_dim(x.rank() - 1, k);
  TopK out{Tensor::empty(out_shape, DType::F32, x.device()), Tensor::empty(out_shape, DType::I32, x.device())};
  if (rows > 0 && k > 0)
    detail::kernel(x, &KernelTable::topk, "topk")(x.data<float>(), rows, cols, k, out.values.data<float>(),
                                                  out.indices.data<int32_t>());
  return out;
}

}  // namespace ventris::ops
