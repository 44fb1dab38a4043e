// Pointwise activations and their backward passes. The scalar formulas live in
// ops/math/activations.h, shared with the CUDA kernels.
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

Tensor relu(const Tensor& x);
// grad_x = grad_y where y > 0.
Tensor relu_backward(const Tensor& grad_y, const Tensor& y);

// Exact GELU, x * Phi(x) (erf form, as fairseq's "gelu").
Tensor gelu(const Tensor& x);
Tensor gelu_backward(const Tensor& grad_y, const Tensor& x);

// GLU over the last dim: x [..., 2N] -> x[..., :N] * sigmoid(x[..., N:]) [..., N].
Tensor glu(const Tensor& x);
Tensor glu_backward(const Tensor& grad_y, const Tensor& x);

}  // namespace ventris::ops
