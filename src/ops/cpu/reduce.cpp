// Sums along one dim or over everything, and sum's backward (broadcast back):
// the reference for cuda/ops/reduce.cu. Every sum accumulates in double in a
// fixed order independent of the thread count, so losses and bias gradients
// are reproducible run to run.
#include "ops/cpu/kernels.h"

namespace ventris::cpu {

void sum_dim(const float* x, float* out, int64_t outer, int64_t n, int64_t inner) {
  // Each output element is summed by one thread in index order (double
  // accumulator), so the bits do not depend on the thread count. Work is
  // split over (outer, column block) and rows are walked contiguously: a bias
  // gradient ([N, D] -> [D], outer = 1) was one thread striding down columns.
  constexpr int64_t kBlock = 256;
  const int64_t blocks = (inner + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) if (outer * n * inner >= (1 << 15))
  for (int64_t task = 0; task < outer * blocks; ++task) {
    const int64_t o = task / blocks, begin = (task % blocks) * kBlock;
    const int64_t width = inner - begin < kBlock ? inner - begin : kBlock;
    double acc[kBlock];
    for (int64_t i = 0; i < width; ++i) acc[i] = 0;
    for (int64_t k = 0; k < n; ++k) {
      const float* row = x + (o * n + k) * inner + begin;
      for (int64_t i = 0; i < width; ++i) acc[i] += row[i];
    }
    for (int64_t i = 0; i < width; ++i) out[o * inner + begin + i] = static_cast<float>(acc[i]);
  }
}

// out[o, k, i] = g[o, i]: a pure copy, no arithmetic.
void expand_dim(const float* g, float* out, int64_t outer, int64_t n, int64_t inner) {
#pragma omp parallel for schedule(static) if (outer * n * inner >= (1 << 15))
  for (int64_t a = 0; a < outer; ++a)
    for (int64_t k = 0; k < n; ++k)
      for (int64_t i = 0; i < inner; ++i) out[(a * n + k) * inner + i] = g[a * inner + i];
}

double sum_all(const float* x, int64_t n) {
  // Fixed-size chunks summed in parallel, then combined in chunk order: the
  // result does not depend on the thread count.
  constexpr int64_t kChunk = 1 << 14;
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  if (chunks <= 1) {
    double acc = 0;
    for (int64_t i = 0; i < n; ++i) acc += x[i];
    return acc;
  }
  double* partial = new double[chunks];
#pragma omp parallel for schedule(static)
  for (int64_t c = 0; c < chunks; ++c) {
    double acc = 0;
    const int64_t end = (c + 1) * kChunk < n ? (c + 1) * kChunk : n;
    for (int64_t i = c * kChunk; i < end; ++i) acc += x[i];
    partial[c] = acc;
  }
  double total = 0;
  for (int64_t c = 0; c < chunks; ++c) total += partial[c];
  delete[] partial;
  return total;
}

}  // namespace ventris::cpu
