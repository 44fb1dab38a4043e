// The search's per-step rules (ops/math/decoding_rules.h) applied to a batch
// of next-token log-probabilities on their own device, so a search on a GPU
// ranks there and brings back only the best few tokens per row.
#pragma once

#include "core/tensor.h"
#include "ops/math/decoding_rules.h"

namespace ventris::ops {

// logp [N, V] F32, in place; row_flags [N] I32 (math::kRowMustEnd,
// math::kRowEosBanned) on logp's device. Not differentiable (decoding only).
void apply_decoding_rules(Tensor& logp, const Tensor& row_flags, const math::DecodingRules& rules);

}  // namespace ventris::ops
