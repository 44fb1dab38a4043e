// Parameter initialisation, fairseq's conventions (architectures.md §0),
// drawn from Philox so a model built with a given seed is the same on every
// machine, thread count and device: each parameter gets its own stream
// derived from its name.
#pragma once

#include <cstdint>
#include <string>

#include "core/tensor.h"

namespace ventris::nn {

// Stream id for a parameter: a hash of its hierarchical name.
uint64_t stream_for(const std::string& name);

// U(-a, a) with a = gain·sqrt(6 / (fan_in + fan_out)); weight is [fan_out, fan_in].
Tensor xavier_uniform(int64_t fan_out, int64_t fan_in, float gain, uint64_t seed, const std::string& name);
// N(0, std²) (Box-Muller over Philox uniforms).
Tensor normal(const Shape& shape, float std, uint64_t seed, const std::string& name);

}  // namespace ventris::nn
