// Inverted dropout with a counter-based RNG: y = x * (kept ? 1/(1-p) : 0), so a
// NaN input stays NaN even where dropped (as a mask multiply does). Element i is kept when
// philox_uniform_at(seed, stream, i) >= p and scaled by 1/(1-p). The mask is a
// pure function of (seed, stream, i): the same for any thread count and on a
// GPU, and the backward pass is the same call applied to the gradient.
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::ops {

// p in [0, 1). p == 0 returns x itself.
Tensor dropout(const Tensor& x, float p, uint64_t seed, uint64_t stream);

}  // namespace ventris::ops
