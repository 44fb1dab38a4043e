// Global gradient norm and clipping (fairseq's clip_grad_norm_ rule).
#pragma once

#include "autograd/parameters.h"

namespace ventris::optim {

// L2 norm over every parameter's gradient, accumulated in double in parameter
// order (deterministic). Parameters without a gradient count as zero.
double gradient_norm(const ag::ParameterSet& params);

// Scales every gradient by max_norm / (norm + 1e-6) when that is below 1.
// max_norm <= 0 disables clipping. Returns the norm before clipping.
double clip_gradients(ag::ParameterSet& params, double max_norm);

// True when a gradient holds NaN or Inf (the update is then skipped).
bool gradients_finite(const ag::ParameterSet& params);

}  // namespace ventris::optim
