#include "ops/layer_norm.h"

#include "ops/checks.h"

namespace ventris::ops {

LayerNormOutput layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, float eps) {
  detail::require_f32(x, "layer_norm", "x");
  detail::require_f32(gamma, "layer_norm", "gamma");
  detail::require_f32(beta, "layer_norm", "beta");
  const int64_t cols = x.size(-1);
  VENTRIS_CHECK(gamma.shape() == Shape{cols} && beta.shape() == Shape{cols},
                "layer_norm: gamma {} / beta {} must be [{}]", gamma.shape().str(), beta.shape().str(), cols);
  const int64_t rows = cols ? x.numel() / cols : 0;
  LayerNormOutput out{Tensor::empty(x.shape(), DType::F32, x.device()), Tensor::empty({rows}, DType::F32, x.device()),
                      Tensor::empty({rows}, DType::F32, x.device())};
  detail::require_same_device(x, gamma, "layer_norm");
  detail::require_same_device(x, beta, "layer_norm");
  detail::kernel(x, &KernelTable::layer_norm, "layer_norm")(x.data<float>(), gamma.data<float>(), beta.data<float>(),
                                                            out.y.data<float>(), out.mean.data<float>(),
                                                            out.rstd.data<float>(), rows, cols, eps);
  return out;
}

LayerNormGrads layer_norm_backward(const Tensor& grad_y, const Tensor& x, const Tensor& gamma, const Tensor& mean,
                                   const Tensor& rstd) {
  detail::require_f32(grad_y, "layer_norm_backward", "grad_y");
  VENTRIS_CHECK(grad_y.shape() == x.shape(), "layer_norm_backward: grad {} vs x {}", grad_y.shape().str(),
                x.shape().str());
  const int64_t cols = x.size(-1);
  const int64_t rows = cols ? x.numel() / cols : 0;
  LayerNormGrads g{Tensor::empty(x.shape(), DType::F32, x.device()), Tensor::empty({cols}, DType::F32, x.device()),
                   Tensor::empty({cols}, DType::F32, x.device())};
  detail::require_same_device(grad_y, x, "layer_norm_backward");
  const KernelTable& k = detail::kernels_of(x);
  auto backward = detail::kernel(x, &KernelTable::layer_norm_backward, "layer_norm_backward");
  // Some devices need scratch for deterministic column sums (no float atomics).
  const int64_t scratch_floats = k.layer_norm_backward_scratch(rows, cols);
  Tensor scratch = scratch_floats > 0 ? Tensor::empty({scratch_floats}, DType::F32, x.device()) : Tensor();
  backward(grad_y.data<float>(), x.data<float>(), gamma.data<float>(), mean.data<float>(), rstd.data<float>(),
           g.dx.data<float>(), g.dgamma.data<float>(), g.dbeta.data<float>(), rows, cols,
           scratch.defined() ? scratch.data<float>() : nullptr);
  return g;
}

}  // namespace ventris::ops
