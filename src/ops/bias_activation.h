// The first half of a feed-forward block after its GEMM, in one pass:
// y = dropout(act(x + bias)) and its backward, with the mask redrawn from
// (seed, stream) as ops::dropout does. The unfused chain (add, activation,
// dropout) reads and writes the hidden activations three times and keeps two
// of them for backward; this keeps one (x + bias) and gives the same bits.
#pragma once

#include <cstdint>

#include "core/tensor.h"
#include "ops/math/bias_activation.h"

namespace ventris::ops {

struct BiasActivationOut {
  Tensor y;    // dropout(act(x + bias))
  Tensor pre;  // x + bias, for the backward (undefined unless asked for)
};

// x [..., C], bias [C] or undefined; p in [0, 1) (0: no dropout).
// keep_pre: also return x + bias (training); inference skips that write.
BiasActivationOut bias_activation_dropout(const Tensor& x, const Tensor& bias, math::Activation act, float p,
                                          uint64_t seed, uint64_t stream, bool keep_pre = true);
// grad_y -> the gradient of x + bias (that of x itself; the bias's is its sum over rows).
Tensor bias_activation_dropout_backward(const Tensor& grad_y, const Tensor& pre, math::Activation act, float p,
                                        uint64_t seed, uint64_t stream);

}  // namespace ventris::ops
