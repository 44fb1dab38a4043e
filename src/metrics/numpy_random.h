// The random numbers sacreBLEU's significance tests draw, reproduced bit for
// bit: numpy's default_rng(seed) (a PCG64 generator seeded through
// SeedSequence) and Generator.integers(0, n) as Generator.choice(n, ...,
// replace=True) calls it (Lemire's bounded method on 32-bit draws for n up
// to 2^32). Checked against numpy 1.24.
#pragma once

#include <cstdint>
#include <vector>

namespace ventris::metrics {

class NumpyPcg64 {
 public:
  // As numpy.random.default_rng(seed) for a non-negative seed below 2^32.
  explicit NumpyPcg64(uint32_t seed);
  uint64_t next64();
  uint32_t next32();  // halves of a 64-bit draw, low half first, as numpy buffers them
  // Uniform integer in [0, n), 1 <= n <= 2^32, as Generator.integers(0, n).
  uint32_t below(uint64_t n);

 private:
  void step();
  unsigned __int128 state_ = 0, inc_ = 0;
  bool has_uint32_ = false;
  uint32_t uinteger_ = 0;
};

// default_rng(seed).choice(n, size=(rows, n), replace=True), row-major.
std::vector<uint32_t> numpy_choice_rows(uint32_t seed, uint32_t n, int rows);

// numpy's float64 sum (pairwise summation, blocks of 8 lanes) divided by the
// count: what ndarray.mean() returns for a contiguous 1-D array.
double numpy_mean(const std::vector<double>& values);

}  // namespace ventris::metrics
