// Sum and max over a contiguous f32 row with 16 independent accumulators
// combined in a fixed order: the compiler vectorizes these (a plain `total +=`
// loop cannot be, without licence to reassociate), and the result is the same
// on every run and for every thread count.
#pragma once

#include <cstdint>
#include <limits>

namespace ventris::cpu {

constexpr int kLanes = 16;

// Lane l adds elements l, l + 16, ...; the lanes are added 0..15, then the
// tail (n % 16) in order.
inline float row_sum(const float* x, int64_t n) {
  float acc[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] += x[j + l];
  float total = 0.f;
  for (int l = 0; l < kLanes; ++l) total += acc[l];
  for (; j < n; ++j) total += x[j];
  return total;
}

// Max is exact in any order; the lanes only let it vectorize. NaN inputs are
// skipped by the > comparisons (an all-NaN row gives -inf).
inline float row_max(const float* x, int64_t n) {
  float acc[kLanes];
  for (int l = 0; l < kLanes; ++l) acc[l] = -std::numeric_limits<float>::infinity();
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] = x[j + l] > acc[l] ? x[j + l] : acc[l];
  float m = acc[0];
  for (int l = 1; l < kLanes; ++l) m = acc[l] > m ? acc[l] : m;
  for (; j < n; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

// sum_j x[j] * y[j]
inline float row_dot(const float* x, const float* y, int64_t n) {
  float acc[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int l = 0; l < kLanes; ++l) acc[l] += x[j + l] * y[j + l];
  float total = 0.f;
  for (int l = 0; l < kLanes; ++l) total += acc[l];
  for (; j < n; ++j) total += x[j] * y[j];
  return total;
}

}  // namespace ventris::cpu
