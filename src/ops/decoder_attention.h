// Attention of one query per row over cached keys and values: the attention
// of an incremental decoding step (architectures.md §1.6) in one op, with no
// [N, H, 1, T] score tensors and no head permutes. Inference only (not
// differentiable); training runs the composed attention in src/nn.
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

// q [N, D] (already scaled by 1/sqrt(Dh)), D = heads·Dh, head h in columns
// [h·Dh, (h+1)·Dh) as a projection writes them. keys/values [B, C, D]:
// position-major caches of B entries, C positions each. Row n attends to
// entry row_batch[n] (undefined: entry n, B = N) over its first lengths[b]
// positions (undefined: the first `positions`, -1 meaning all C; lengths
// and positions must be <= C: C is a cache's capacity). row_batch and
// lengths are I32 on q's device. Rows with no position get zeros. Returns
// [N, D]. Each (row, head) is computed alone in a fixed order, so a row's
// bits do not depend on the other rows or on what lies past its length.
Tensor decoder_attention(const Tensor& q, const Tensor& keys, const Tensor& values, int64_t heads,
                         const Tensor& row_batch = {}, const Tensor& lengths = {}, int64_t positions = -1);

// The op's two halves, for LazyFormer's step (architectures.md §4.4: a head
// layer's distribution row is applied by every layer of its block). Same
// arguments and rules as above; L = positions, or C when lengths are given.
// probabilities: q [N, D], keys [B, C, D] -> P [N, H, L], row n's softmax over
// its first lengths[b] (or positions) keys, zeros past them.
// apply: P [N, H, L], values [B, C, D] -> [N, D]. probabilities then apply
// gives decoder_attention's bits.
Tensor decoder_attention_probabilities(const Tensor& q, const Tensor& keys, int64_t heads,
                                       const Tensor& row_batch = {}, const Tensor& lengths = {},
                                       int64_t positions = -1);
Tensor decoder_attention_apply(const Tensor& probs, const Tensor& values, const Tensor& row_batch = {},
                               const Tensor& lengths = {}, int64_t positions = -1);

}  // namespace ventris::ops
