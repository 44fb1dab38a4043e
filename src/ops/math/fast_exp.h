// exp(x) for f32, branch-free so compilers vectorize it, and shared by the CPU
// and CUDA kernels so both compute the same bits. Range reduction
// x = n·ln2 + r (|r| <= ln2/2, ln2 split in two parts for accuracy), then the
// Cephes degree-6 polynomial for e^r, then scaling by 2^n through the exponent
// bits. Max relative error ≈ 2e-7 (tests/ops/fast_exp_test.cpp). exp(-inf) = 0
// and anything below ln(FLT_MIN) flushes to 0 (softmax masks rely on it); NaN
// propagates.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/half.h"
#include "core/host_device.h"

namespace ventris::math {

VENTRIS_HOST_DEVICE float fast_exp(float x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;
  constexpr float kMax = 88.3762626647949f;  // ln(FLT_MAX)
  constexpr float kMin = -87.3365447504f;    // ln(FLT_MIN): below this, flush to 0
  // Ternaries rather than fminf/fmaxf: they keep the loop vectorizable.
  const float xc = x < kMin ? kMin : (x > kMax ? kMax : x);
  const float n = rintf(xc * kLog2e);
  float r = fmaf(n, -kLn2Hi, xc);
  r = fmaf(n, -kLn2Lo, r);
  float p = 1.9875691500e-4f;
  p = fmaf(p, r, 1.3981999507e-3f);
  p = fmaf(p, r, 8.3334519073e-3f);
  p = fmaf(p, r, 4.1665795894e-2f);
  p = fmaf(p, r, 1.6666665459e-1f);
  p = fmaf(p, r, 5.0000001201e-1f);
  const float e_r = fmaf(p, r * r, r) + 1.0f;
  const float scale = f32_from_bits(static_cast<uint32_t>(static_cast<int32_t>(n) + 127) << 23);
  const float result = e_r * scale;
  return x != x ? x : (x < kMin ? 0.f : result);
}

}  // namespace ventris::math
