// Helpers for op tests: seeded random tensors and element-wise comparison.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/tensor.h"

namespace ventris::test {

inline Tensor random_tensor(const Shape& shape, uint32_t seed, float lo = -2.f, float hi = 2.f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(shape.numel());
  for (auto& x : v) x = dist(rng);
  return Tensor::from_vector(v, shape);
}

inline Tensor random_ids(const Shape& shape, int64_t vocab, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int32_t> dist(0, static_cast<int32_t>(vocab - 1));
  std::vector<int32_t> v(shape.numel());
  for (auto& x : v) x = dist(rng);
  return Tensor::from_vector(v, shape);
}

// Every element within atol + rtol * |expected|; reports the first mismatch.
inline void expect_close(const Tensor& actual, const std::vector<double>& expected, double atol = 1e-5,
                         double rtol = 1e-5) {
  ASSERT_EQ(actual.numel(), static_cast<int64_t>(expected.size()));
  auto a = actual.to_vector<float>();
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(std::isfinite(a[i])) << "element " << i << " is not finite";
    ASSERT_NEAR(a[i], expected[i], atol + rtol * std::fabs(expected[i])) << "element " << i;
  }
}

inline std::vector<double> as_double(const Tensor& t) {
  auto v = t.to_vector<float>();
  return {v.begin(), v.end()};
}

// Awkward sizes every op is checked at.
inline const std::vector<int64_t>& awkward_sizes() {
  static const std::vector<int64_t> sizes{1, 7, 33, 513};
  return sizes;
}

}  // namespace ventris::test
