// Embedding lookup and its scatter-add backward.
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::ops {

// weight [V, D], ids (I32 or I64) of any shape -> [ids..., D]. Ids out of
// range throw with the offending id. The weight may also be I32 (rows are
// copied bit for bit), so integer tensors are gathered on their device too.
Tensor embedding(const Tensor& weight, const Tensor& ids);

// grad [ids..., D] -> [V, D]; rows accumulate in id order (deterministic for
// any thread count). Gradient for `padding_idx` (if >= 0) stays zero.
Tensor embedding_backward(const Tensor& grad, const Tensor& ids, int64_t num_embeddings,
                          int64_t padding_idx = -1);

}  // namespace ventris::ops
