// Softmax over the last dim with attention masks, and log-softmax.
// Masked logits are treated as -inf; a fully masked row yields all zeros (not NaN).
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

struct SoftmaxMask {
  // [B, Tk] I32, nonzero = padding key. x must then have x.size(0) == B and
  // x.size(-1) == Tk (e.g. scores [B, H, Tq, Tk]).
  Tensor key_padding;
  // Key j is masked for query i when j > i + (Tk - Tq): the decoder's causal
  // mask, also right for incremental steps where Tq < Tk.
  bool causal = false;
  // F32 added to the logits before the softmax, broadcast over leading dims
  // (its shape is a suffix of x's, e.g. [Tq, Tk]); -inf entries mask.
  Tensor additive;
};

Tensor softmax(const Tensor& x, const SoftmaxMask& mask = {});
// grad_x = y * (grad_y - sum(grad_y * y)) per row.
Tensor softmax_backward(const Tensor& grad_y, const Tensor& y);

Tensor log_softmax(const Tensor& x);
// grad_x = grad_y - exp(y) * sum(grad_y) per row.
Tensor log_softmax_backward(const Tensor& grad_y, const Tensor& y);

}  // namespace ventris::ops
