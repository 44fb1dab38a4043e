// Inputs shared by the incremental-decoding tests of every model family.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "core/tensor.h"

namespace ventris::test {

constexpr int32_t kFixturePad = 1, kFixtureEos = 2;

// Three right-padded sources of lengths 5, 2 and 4 (EOS included): [3, 5].
inline Tensor padded_sources() {
  constexpr int32_t P = kFixturePad, E = kFixtureEos;
  return Tensor::from_vector(std::vector<int32_t>{5, 9, 13, 7, E, 8, E, P, P, P, 4, 11, 6, E, P}, {3, 5});
}

// Random target prefixes [B, T] over ids 4 .. vocab-1, starting with EOS, no padding.
inline std::vector<int32_t> random_prefixes(int64_t b, int64_t t, uint32_t seed, int64_t vocab) {
  std::mt19937 rng(seed);
  std::vector<int32_t> ids(b * t);
  for (int64_t i = 0; i < b; ++i)
    for (int64_t j = 0; j < t; ++j)
      ids[i * t + j] = j == 0 ? kFixtureEos : 4 + static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab - 4));
  return ids;
}

}  // namespace ventris::test
