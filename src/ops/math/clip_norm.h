// Gradient-norm clipping shared by the CPU and CUDA kernels (ops/clip_norm):
// the fixed reduction order of the sum of squares, and fairseq's clip rule.
#pragma once

#include <cmath>

#include "core/host_device.h"

namespace ventris::math {

// Within a chunk (math/tensor_list.h), lane l of kSumSquaresLanes adds the
// squares of elements l, l + lanes, l + 2·lanes, … in double; the lanes are
// then folded as a tree (lane l += lane l + s for s = lanes/2, …, 1) and the
// chunk partials added in chunk order. The CPU runs this order in a loop, a
// CUDA block (one thread per lane) in parallel: both give the same bits, for
// any thread count. A float squared is exact in double, so a fused
// multiply-add rounds as a separate multiply and add would.
constexpr int kSumSquaresLanes = 256;

// fairseq's clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is
// below 1. Returns 1 (leave the gradients alone) when clipping is off
// (max_norm <= 0), not needed, or the norm is not finite — the trainer skips
// such an update, and scaling by NaN would destroy the evidence.
VENTRIS_HOST_DEVICE float clip_coefficient(double sum_squares, double max_norm) {
  const double norm = sqrt(sum_squares);
  if (!(max_norm > 0) || !(norm < INFINITY)) return 1.f;  // NaN fails every comparison
  const double coef = max_norm / (norm + 1e-6);
  return coef < 1.0 ? static_cast<float>(coef) : 1.f;
}

}  // namespace ventris::math
