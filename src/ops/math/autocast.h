// GEMM autocast numerics, shared by the CPU kernel, the CUDA cast kernel and
// the emulator: which 16-bit type a GEMM's inputs are rounded to, and the
// rounding itself (round-to-nearest-even, core/half.h). Products of two bf16
// or two f16 values are exact in f32, so a GEMM over rounded inputs with f32
// accumulation differs between devices only in its summation order.
#pragma once

#include <cstdint>

#include "core/half.h"

namespace ventris::math {

enum class GemmPrecision : uint8_t { F32, BF16, F16 };

// The 16-bit pattern of x in `p` (BF16 or F16).
VENTRIS_HOST_DEVICE uint16_t to_half_bits(GemmPrecision p, float x) {
  return p == GemmPrecision::BF16 ? f32_to_bf16_bits(x) : f32_to_f16_bits(x);
}

VENTRIS_HOST_DEVICE float from_half_bits(GemmPrecision p, uint16_t h) {
  return p == GemmPrecision::BF16 ? bf16_bits_to_f32(h) : f16_bits_to_f32(h);
}

// x rounded to the nearest value of `p`, as an f32 (exact: both 16-bit types embed in f32).
VENTRIS_HOST_DEVICE float round_to_precision(GemmPrecision p, float x) {
  return p == GemmPrecision::F32 ? x : from_half_bits(p, to_half_bits(p, x));
}

}  // namespace ventris::math
