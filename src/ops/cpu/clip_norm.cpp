// Sum of squares over many tensors and clipping by the resulting norm, in the
// reduction order of ops/math/clip_norm.h (the CUDA twin follows it too).
#include "ops/cpu/kernels.h"
#include "ops/math/clip_norm.h"

namespace ventris::cpu {

namespace {

// One chunk: lane l sums the squares of elements l, l + lanes, … in double,
// then the lanes fold as a tree — exactly what one CUDA block does.
double chunk_sum_squares(const float* x, int64_t begin, int64_t end) {
  constexpr int kLanes = math::kSumSquaresLanes;
  double lanes[kLanes] = {};
  for (int64_t base = begin; base < end; base += kLanes) {
    const int width = end - base < kLanes ? static_cast<int>(end - base) : kLanes;
    for (int l = 0; l < width; ++l) {
      const double v = x[base + l];
      lanes[l] += v * v;
    }
  }
  for (int stride = kLanes / 2; stride > 0; stride /= 2)
    for (int l = 0; l < stride; ++l) lanes[l] += lanes[l + stride];
  return lanes[0];
}

}  // namespace

void sum_squares(const float* const* x, const math::TensorChunks& list, double* partials, double* total) {
  // Chunks vary in size (a bias is one short chunk), hence dynamic scheduling;
  // each partial is written by one thread, so the bits do not depend on threads.
#pragma omp parallel for schedule(dynamic) if (list.chunks > 1)
  for (int64_t c = 0; c < list.chunks; ++c) {
    const math::Chunk chunk = math::chunk_at(list, c);
    partials[c] = chunk_sum_squares(x[chunk.tensor], chunk.begin, chunk.end);
  }
  // Serial, in chunk order: the step that fixes the bits of the total.
  double sum = 0;
  for (int64_t c = 0; c < list.chunks; ++c) sum += partials[c];
  total[0] = sum;
}

// x *= clip_coefficient(sum_squares[0], max_norm) (fairseq's rule, computed once
// here from the double total). A coefficient of exactly 1 changes no bits, so
// the pass is skipped; otherwise elements are independent.
void clip_scale(float* const* x, const math::TensorChunks& list, const double* sum_squares, double max_norm) {
  const float coef = math::clip_coefficient(sum_squares[0], max_norm);
  if (coef == 1.f) return;
#pragma omp parallel for schedule(dynamic) if (list.chunks > 1)
  for (int64_t c = 0; c < list.chunks; ++c) {
    const math::Chunk chunk = math::chunk_at(list, c);
    for (int64_t i = chunk.begin; i < chunk.end; ++i) x[chunk.tensor][i] *= coef;
  }
}

}  // namespace ventris::cpu
