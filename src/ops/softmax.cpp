#include "ops/softmax.h"

#include "ops/checks.h"

namespace ventris::ops {

Tensor softmax(const Tensor& x, const SoftmaxMask& mask) {
  detail::require_f32(x, "softmax", "x");
  VENTRIS_CHECK(x.rank() >= 1, "softmax: needs at least one dim");
  const int64_t tk = x.size(-1);
  const int64_t tq = x.rank() >= 2 ? x.size(-2) : 1;
  int64_t batch = 1;
  const int32_t* pad = nullptr;
  if (mask.key_padding.defined()) {
    detail::require_same_device(x, mask.key_padding, "softmax");
    VENTRIS_CHECK(mask.key_padding.dtype() == DType::I32, "softmax: key_padding must be I32 (nonzero = pad)");
    VENTRIS_CHECK(x.rank() >= 2 && mask.key_padding.rank() == 2 && mask.key_padding.size(0) == x.size(0) &&
                      mask.key_padding.size(1) == tk,
                  "softmax: key_padding {} does not match scores {} (expected [B, Tk])",
                  mask.key_padding.shape().str(), x.shape().str());
    batch = x.size(0);
    pad = mask.key_padding.data<int32_t>();
  }
  const float* additive = nullptr;
  int64_t n_add = 0;
  if (mask.additive.defined()) {
    detail::require_f32(mask.additive, "softmax", "additive");
    detail::require_same_device(x, mask.additive, "softmax");
    VENTRIS_CHECK(detail::is_suffix(mask.additive.shape(), x.shape()),
                  "softmax: additive mask {} is not a suffix of scores {}", mask.additive.shape().str(),
                  x.shape().str());
    additive = mask.additive.data<float>();
    n_add = mask.additive.numel();
  }
  VENTRIS_CHECK(!mask.causal || tk >= tq, "softmax: causal mask needs Tk >= Tq, got Tq={} Tk={}", tq, tk);
  Tensor y = Tensor::empty(x.shape(), DType::F32, x.device());
  if (x.numel() == 0) return y;
  const int64_t inner = x.numel() / (batch * tq * tk);
  detail::kernel(x, &KernelTable::softmax, "softmax")(x.data<float>(), y.data<float>(), batch, inner, tq, tk, pad,
                                                      mask.causal, additive, n_add);
  return y;
}

Tensor softmax_backward(const Tensor& grad_y, const Tensor& y) {
  detail::require_f32(grad_y, "softmax_backward", "grad_y");
  detail::require_f32(y, "softmax_backward", "y");
  VENTRIS_CHECK(grad_y.shape() == y.shape(), "softmax_backward: shapes differ");
  Tensor gx = Tensor::empty(y.shape(), DType::F32, y.device());
  if (y.numel() == 0) return gx;
  const int64_t cols = y.size(-1);
  detail::require_same_device(grad_y, y, "softmax_backward");
  detail::kernel(y, &KernelTable::softmax_backward, "softmax_backward")(grad_y.data<float>(), y.data<float>(),
                                                                        gx.data<float>(), y.numel() / cols, cols);
  return gx;
}

Tensor log_softmax(const Tensor& x) {
  detail::require_f32(x, "log_softmax", "x");
  Tensor y = Tensor::empty(x.shape(), DType::F32, x.device());
  if (x.numel() == 0) return y;
  const int64_t cols = x.size(-1);
  detail::kernel(x, &KernelTable::log_softmax, "log_softmax")(x.data<float>(), y.data<float>(), x.numel() / cols,
                                                              cols);
  return y;
}

Tensor log_softmax_backward(const Tensor& grad_y, const Tensor& y) {
  detail::require_f32(grad_y, "log_softmax_backward", "grad_y");
  detail::require_f32(y, "log_softmax_backward", "y");
  VENTRIS_CHECK(grad_y.shape() == y.shape(), "log_softmax_backward: shapes differ");
  Tensor gx = Tensor::empty(y.shape(), DType::F32, y.device());
  if (y.numel() == 0) return gx;
  const int64_t cols = y.size(-1);
  detail::require_same_device(grad_y, y, "log_softmax_backward");
  detail::kernel(y, &KernelTable::log_softmax_backward, "log_softmax_backward")(
      grad_y.data<float>(), y.data<float>(), gx.data<float>(), y.numel() / cols, cols);
  return gx;
}

}  // namespace ventris::ops
