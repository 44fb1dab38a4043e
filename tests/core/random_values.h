// Seeded uniform values in [-1, 1) for the GEMM tests.
#pragma once

#include <random>
#include <vector>

namespace ventris::test {

inline std::vector<float> uniform_values(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

}  // namespace ventris::test
