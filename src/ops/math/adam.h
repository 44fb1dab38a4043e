// One Adam/AdamW element update, shared by the CPU loop and the CUDA kernel so
// both devices take bit-identical optimizer steps.
#pragma once

#include <cmath>

#include "core/host_device.h"

namespace ventris::math {

struct AdamStep {
  float step_size;        // lr / (1 - beta1^t)
  float inv_sqrt_bias2;   // 1 / sqrt(1 - beta2^t)
  float beta1, beta2, eps;
  float l2_decay;         // classic Adam: added to the gradient (0 = off)
  float decoupled_factor; // AdamW: weights scaled by 1 - lr·wd first (1 = off)
};

VENTRIS_HOST_DEVICE void adam_update(float& w, float g, float& m, float& v, const AdamStep& s) {
  g += s.l2_decay * w;
  w *= s.decoupled_factor;
  m = s.beta1 * m + (1.f - s.beta1) * g;
  v = s.beta2 * v + (1.f - s.beta2) * g * g;
  w -= s.step_size * m / (sqrtf(v) * s.inv_sqrt_bias2 + s.eps);
}

}  // namespace ventris::math
