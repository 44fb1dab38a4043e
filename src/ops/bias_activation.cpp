#include "ops/bias_activation.h"

#include "ops/checks.h"

namespace ventris::ops {

BiasActivationOut bias_activation_dropout(const Tensor& x, const Tensor& bias, math::Activation act, float p,
                                          uint64_t seed, uint64_t stream, bool keep_pre) {
  detail::require_f32(x, "bias_activation_dropout", "x");
  VENTRIS_CHECK(p >= 0.f && p < 1.f, "bias_activation_dropout: p must be in [0, 1), got {}", p);
  VENTRIS_CHECK(x.rank() >= 1, "bias_activation_dropout: x needs a last dimension");
  const int64_t cols = x.size(-1), rows = cols == 0 ? 0 : x.numel() / cols;
  if (bias.defined()) {
    detail::require_f32(bias, "bias_activation_dropout", "bias");
    detail::require_same_device(x, bias, "bias_activation_dropout");
    VENTRIS_CHECK(bias.rank() == 1 && bias.size(0) == cols, "bias_activation_dropout: bias {} for x {}",
                  bias.shape().str(), x.shape().str());
  }
  BiasActivationOut out{Tensor::empty(x.shape(), DType::F32, x.device()),
                        keep_pre ? Tensor::empty(x.shape(), DType::F32, x.device()) : Tensor()};
  if (x.numel() > 0)
    detail::kernel(x, &KernelTable::bias_activation_dropout, "bias_activation_dropout")(
        x.data<float>(), bias.defined() ? bias.data<float>() : nullptr, keep_pre ? out.pre.data<float>() : nullptr,
        out.y.data<float>(), rows, cols, act, p, seed, stream);
  return out;
}

Tensor bias_activation_dropout_backward(const Tensor& grad_y, const Tensor& pre, math::Activation act, float p,
                                        uint64_t seed, uint64_t stream) {
  detail::require_f32(grad_y, "bias_activation_dropout_backward", "grad_y");
  detail::require_same_device(grad_y, pre, "bias_activation_dropout_backward");
  VENTRIS_CHECK(grad_y.shape() == pre.shape(), "bias_activation_dropout_backward: grad {} for {}",
                grad_y.shape().str(), pre.shape().str());
  Tensor grad = Tensor::empty(pre.shape(), DType::F32, pre.device());
  if (pre.numel() > 0)
    detail::kernel(pre, &KernelTable::bias_activation_dropout_backward, "bias_activation_dropout_backward")(
        grad_y.data<float>(), pre.data<float>(), grad.data<float>(), pre.numel(), act, p, seed, stream);
  return grad;
}

}  // namespace ventris::ops
