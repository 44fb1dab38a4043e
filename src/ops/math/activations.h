// Scalar activation formulas shared by the CPU kernels and CUDA kernels.
#pragma once

#include <cmath>

#include "core/host_device.h"

namespace ventris::math {

VENTRIS_HOST_DEVICE float relu(float x) { return x > 0.f ? x : 0.f; }

// GELU(x) = x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)).
VENTRIS_HOST_DEVICE float gelu(float x) { return 0.5f * x * (1.f + erff(x * 0.70710678118654752f)); }

// d/dx GELU = Phi(x) + x * phi(x).
VENTRIS_HOST_DEVICE float gelu_grad(float x) {
  float cdf = 0.5f * (1.f + erff(x * 0.70710678118654752f));
  float pdf = 0.39894228040143268f * expf(-0.5f * x * x);
  return cdf + x * pdf;
}

VENTRIS_HOST_DEVICE float sigmoid(float x) { return 1.f / (1.f + expf(-x)); }

}  // namespace ventris::math
