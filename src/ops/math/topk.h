// The order top-k ranks (value, column) pairs in, shared by the CPU and CUDA
// kernels so both pick the same columns: larger values first; equal values
// (including -inf, and -0 == +0) by lower column; NaN after every number,
// NaNs by lower column — a NaN score is never preferred to a real one.
// This is a strict total order over distinct columns, so the top k of a row
// is unique and the result deterministic.
#pragma once

#include <cstdint>

#include "core/host_device.h"

namespace ventris::math {

VENTRIS_HOST_DEVICE bool topk_before(float a, int64_t col_a, float b, int64_t col_b) {
  const bool a_nan = a != a, b_nan = b != b;
  if (a_nan || b_nan) return !a_nan || (b_nan && col_a < col_b);
  return a > b || (a == b && col_a < col_b);
}

}  // namespace ventris::math
