// Lightweight and dynamic convolution along time (ops/math/lite_conv.h gives
// the formula and the shape), forward, both gradients and the one-position
// decoding step: the reference for cuda/ops/lite_conv.cu.
//
// Scheme: one output row (b, t) of C channels per loop iteration, rows split
// over the threads. Inside a row the taps run in ascending k and, per tap,
// the channels of each head in order, so the inner loop is a contiguous
// multiply-add over the head's channels (vectorised) and every output element
// is summed in one fixed order (k ascending, from 0) whatever the thread
// count. Taps that would read outside [0, T) are skipped, which is what
// zero padding gives. The gradient of u gathers over the outputs that read
// each input (the taps reversed); that of a per-position kernel is a dot
// product over its head's channels; that of a shared kernel reduces over
// fixed (b, 64-position) blocks, then over the blocks in order.
#include <algorithm>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

namespace {

using math::LiteConvShape;

// Parallelise only when a call is worth a thread team.
constexpr int64_t kParallelWork = 1 << 15;

// y[0, C) += w[h, k] * x[0, C) for every head h, w given as a [H, K] block.
inline void add_tap(const float* w, int64_t k, int64_t taps, const float* x, float* y, int64_t heads,
                    int64_t width) {
  for (int64_t h = 0; h < heads; ++h) {
    const float wk = w[h * taps + k];
    const float* xh = x + h * width;
    float* yh = y + h * width;
    for (int64_t c = 0; c < width; ++c) yh[c] += wk * xh[c];
  }
}

inline float dot(const float* a, const float* b, int64_t n) {
  float sum = 0.f;
  for (int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace

void lite_conv(const float* u, const float* w, float* y, const LiteConvShape& s) {
  const int64_t rows = s.batch * s.time, C = s.channels, R = math::head_width(s);
  const int64_t wstride = math::weight_position_stride(s);
#pragma omp parallel for schedule(static) if (rows * C * s.taps >= kParallelWork)
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t t = row % s.time;
    float* yr = y + row * C;
    std::fill(yr, yr + C, 0.f);
    const int64_t end = math::end_tap(t, s.pad_left, s.time, s.taps);
    for (int64_t k = math::first_tap(t, s.pad_left); k < end; ++k)
      add_tap(w + row * wstride, k, s.taps, u + (row + k - s.pad_left) * C, yr, s.heads, R);
  }
}

void lite_conv_backward_input(const float* grad_y, const float* w, float* grad_u, const LiteConvShape& s) {
  const int64_t rows = s.batch * s.time, C = s.channels, R = math::head_width(s);
  const int64_t wstride = math::weight_position_stride(s);
#pragma omp parallel for schedule(static) if (rows * C * s.taps >= kParallelWork)
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t src = row % s.time, b_rows = row - src;  // b * T
    float* gr = grad_u + row * C;
    std::fill(gr, gr + C, 0.f);
    // Reader t used u[src] through tap k = src + P - t.
    const int64_t end = math::end_reader(src, s.pad_left, s.time);
    for (int64_t t = math::first_reader(src, s.pad_left, s.taps); t < end; ++t)
      add_tap(w + (b_rows + t) * wstride, src + s.pad_left - t, s.taps, grad_y + (b_rows + t) * C, gr, s.heads, R);
  }
}

int64_t lite_conv_backward_weight_scratch(const LiteConvShape& s) {
  return s.per_position ? 0 : math::weight_grad_blocks(s) * s.heads * s.taps;
}

void lite_conv_backward_weight(const float* grad_y, const float* u, float* grad_w, float* scratch,
                               const LiteConvShape& s) {
  const int64_t C = s.channels, R = math::head_width(s), H = s.heads, K = s.taps;
  // grad of w[b, t, h, k] (dynamic) or its block partial (lightweight): the
  // sum over rows [row_begin, row_end) of one sentence of dot(grad_y head h, u
  // head h shifted by k - P), rows in order.
  auto accumulate_rows = [&](int64_t row_begin, int64_t row_end, float* g) {
    for (int64_t row = row_begin; row < row_end; ++row) {
      const int64_t t = row % s.time;
      const int64_t end = math::end_tap(t, s.pad_left, s.time, K);
      for (int64_t k = math::first_tap(t, s.pad_left); k < end; ++k)
        for (int64_t h = 0; h < H; ++h)
          g[h * K + k] += dot(grad_y + row * C + h * R, u + (row + k - s.pad_left) * C + h * R, R);
    }
  };
  if (s.per_position) {
    const int64_t rows = s.batch * s.time;
#pragma omp parallel for schedule(static) if (rows * C * K >= kParallelWork)
    for (int64_t row = 0; row < rows; ++row) {
      float* g = grad_w + row * H * K;
      std::fill(g, g + H * K, 0.f);
      accumulate_rows(row, row + 1, g);
    }
    return;
  }
  const int64_t blocks = math::weight_grad_blocks(s);
  const int64_t blocks_per_sentence = s.batch > 0 ? blocks / s.batch : 0;
#pragma omp parallel for schedule(static) if (s.batch * s.time * C * K >= kParallelWork)
  for (int64_t blk = 0; blk < blocks; ++blk) {
    const int64_t b = blk / blocks_per_sentence, t0 = (blk % blocks_per_sentence) * math::kWeightGradTimeBlock;
    const int64_t t1 = std::min(s.time, t0 + math::kWeightGradTimeBlock);
    float* partial = scratch + blk * H * K;
    std::fill(partial, partial + H * K, 0.f);
    accumulate_rows(b * s.time + t0, b * s.time + t1, partial);
  }
  std::fill(grad_w, grad_w + H * K, 0.f);
  for (int64_t blk = 0; blk < blocks; ++blk)
    for (int64_t i = 0; i < H * K; ++i) grad_w[i] += scratch[blk * H * K + i];
}

void lite_conv_step(const float* window, const float* w, float* y, int64_t rows, int64_t channels, int64_t heads,
                    int64_t taps, bool per_row) {
  const int64_t R = channels / heads, wstride = per_row ? heads * taps : 0;
#pragma omp parallel for schedule(static) if (rows * channels * taps >= kParallelWork)
  for (int64_t n = 0; n < rows; ++n) {
    float* yr = y + n * channels;
    std::fill(yr, yr + channels, 0.f);
    // Ascending k from 0, as the full convolution sums position t's taps.
    for (int64_t k = 0; k < taps; ++k)
      add_tap(w + n * wstride, k, taps, window + (n * taps + k) * channels, yr, heads, R);
  }
}

}  // namespace ventris::cpu
