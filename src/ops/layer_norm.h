// Layer normalisation over the last dim, statistics in f32.
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

struct LayerNormOutput {
  Tensor y;     // [..., D]
  Tensor mean;  // [rows]
  Tensor rstd;  // [rows], 1 / sqrt(var + eps)
};

// x [..., D], gamma [D], beta [D].
LayerNormOutput layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, float eps = 1e-5f);

struct LayerNormGrads {
  Tensor dx, dgamma, dbeta;
};
LayerNormGrads layer_norm_backward(const Tensor& grad_y, const Tensor& x, const Tensor& gamma,
                                   const Tensor& mean, const Tensor& rstd);

}  // namespace ventris::ops
