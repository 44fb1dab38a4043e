// Lightweight and dynamic convolution along time (ops/math/lite_conv.h gives
// the formula and the shape), forward, both gradients and the one-position
// decoding step: the reference for cuda/ops/lite_conv.cu.
//
// The forward pass has two implementations, direct and band matrix, chosen
// by shape (lite_conv_paths.h: the rule, and why it never looks at B or T);
// a shared kernel's input gradient is the direct forward pass with the taps
// reversed. The other gradients and the step: one output row (b, t) of C
// channels per loop iteration, rows split over the threads. Inside a row the
// taps run in ascending k and, per tap, the channels of each head in order,
// so the inner loop is a contiguous multiply-add over the head's channels
// (vectorised) and every output element is summed in one fixed order (k
// ascending, from 0) whatever the thread count. Taps that would read outside
// [0, T) are skipped, which is what zero padding gives. The gradient of u
// gathers over the outputs that read each input (the taps reversed); that of
// a per-position kernel is a dot product over its head's channels; that of a
// shared kernel reduces over fixed (b, 64-position) blocks, then over the
// blocks in order.
#include <algorithm>
#include <vector>

#include "ops/cpu/kernels.h"
#include "ops/cpu/lite_conv_paths.h"

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

// Measured with scripts/bench/lite_conv (2 threads, oneDNN, C = 80 / 248 /
// 1024 in 4 heads, K = 3 .. 63, 4096-token batches of T = 32 and T = 256, one
// 30-token sentence): the direct path is faster at every shape with T <= 64,
// by 1.3x to 10x; the band path wins only for a shared kernel with K = 63,
// heads of <= 62 channels and T = 256 (by 10-20%), and loses those same
// shapes at T = 32 by 30-80%. Sentences are mostly shorter than 64 tokens and
// the rule may not look at T (lite_conv_paths.h), so it picks direct for
// every shape; a machine where the band's GEMMs are relatively faster
// changes the answer here, and only here.
LiteConvPath choose_lite_conv_path(const LiteConvShape& s) { return LiteConvPath::Direct; }

void lite_conv(const float* u, const float* w, float* y, const LiteConvShape& s) {
  if (choose_lite_conv_path(s) == LiteConvPath::Band)
    lite_conv_band(u, w, y, s);
  else
    lite_conv_direct(u, w, y, s);
}

void lite_conv_backward_input(const float* grad_y, const float* w, float* grad_u, const LiteConvShape& s) {
  if (!s.per_position) {
    // A shared kernel's input gradient is the forward convolution of grad_y
    // with the taps reversed and padding K - 1 - P (the direct path: the same
    // sum order as the gather below).
    std::vector<float> reversed(s.heads * s.taps);
    for (int64_t h = 0; h < s.heads; ++h)
      std::reverse_copy(w + h * s.taps, w + (h + 1) * s.taps, reversed.begin() + h * s.taps);
    LiteConvShape mirrored = s;
    mirrored.pad_left = s.taps - 1 - s.pad_left;
    lite_conv_direct(grad_y, reversed.data(), grad_u, mirrored);
    return;
  }
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
