// Top-k over the last dimension (beam search over beams × vocabulary).
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::ops {

struct TopK {
  Tensor values;   // [..., k] F32, descending
  Tensor indices;  // [..., k] I32, the columns of `values`
};

// x [..., C] F32 -> the k largest entries of each row (0 <= k <= C), sorted
// descending. Deterministic ties: equal values (-inf included; -0 equals +0)
// come in increasing column order. NaN ranks below -inf, so it is picked only
// when a row has fewer than k numbers. The same columns on every device
// (ops/math/topk.h).
TopK topk(const Tensor& x, int64_t k);

}  // namespace ventris::ops
