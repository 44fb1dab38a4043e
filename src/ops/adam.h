// Adam/AdamW on many parameters at once: one kernel launch (CUDA) or one
// parallel loop (CPU) for all of them, the element update of ops/math/adam.h.
#pragma once

#include <vector>

#include "core/tensor.h"
#include "ops/math/adam.h"

namespace ventris::ops {

// For every i: weights[i], exp_avg[i] and exp_avg_sq[i] are updated in place
// from grads[i] (all F32, same element counts, one device).
void adam_update_(const std::vector<Tensor>& weights, const std::vector<Tensor>& grads,
                  const std::vector<Tensor>& exp_avg, const std::vector<Tensor>& exp_avg_sq,
                  const math::AdamStep& step);

}  // namespace ventris::ops
