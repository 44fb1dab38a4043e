// Seeded uniform host vectors for the kernel-vs-CPU tests (the kernels take raw pointers).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace ventris::test {

inline std::vector<float> random_vector(int64_t n, unsigned seed, float lo = -3.f, float hi = 3.f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

}  // namespace ventris::test
