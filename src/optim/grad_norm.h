// Global gradient norm and clipping (fairseq's clip_grad_norm_ rule), computed
// on the parameters' device (ops/clip_norm.h): the gradients never travel to
// the host, only the norm does.
#pragma once

#include "autograd/parameters.h"

namespace ventris::optim {

// L2 norm over every parameter's gradient, accumulated in double in a fixed
// order (the same bits for any thread count, on the CPU and CUDA alike).
// Parameters without a gradient count as zero.
double gradient_norm(const ag::ParameterSet& params);

// Scales every gradient by max_norm / (norm + 1e-6) when that is below 1 (the
// coefficient is computed on the device). max_norm <= 0 disables clipping; a
// non-finite norm leaves the gradients untouched. Returns the norm before
// clipping — not finite exactly when some gradient holds NaN or Inf, so the
// caller needs no separate gradients_finite pass.
double clip_gradients(ag::ParameterSet& params, double max_norm);

// Divides every gradient by `loss_scale` (a power of two), in place: fp16
// loss scaling undone before the norm and clipping (train/loss_scaler.h).
// One launch per gradient tensor. NaN and Inf stay what they are.
void unscale_gradients(ag::ParameterSet& params, double loss_scale);

// True when no gradient holds NaN or Inf: the norm is finite (squares of
// finite floats cannot overflow its double sum).
bool gradients_finite(const ag::ParameterSet& params);

}  // namespace ventris::optim
