// The direct path of the Lite convolution's forward pass
// (lite_conv_paths.h): every output is the sum of its taps in ascending k,
// starting from 0, one multiply-add per tap.
//
// Scheme: the work is cut into tiles of kTileRows consecutive outputs of one
// sentence. A tile whose taps all read inside [0, T) is computed per head in
// blocks of up to 16 channels: kTileRows x 16 accumulators stay in registers
// while the taps run, each tap one weight broadcast and one vector
// multiply-add per output row, so every input row is loaded once per tile
// rather than once per output. Tiles at the sentence's edges (and the last
// T % kTileRows outputs) go row by row, skipping the taps outside [0, T).
// Both compute an output by the same operations in the same order (a skipped
// tap only adds w * 0), so an output's bits do not depend on which of the two
// computed it — nor therefore on T, B or the thread count.
#include <algorithm>
#include <cstring>

#include "ops/cpu/lite_conv_paths.h"

namespace ventris::cpu {

namespace {

using math::LiteConvShape;

constexpr int64_t kTileRows = 4;

// One output row (the reference loop): y[row] = sum over the valid taps.
void direct_row(const float* u, const float* w, float* y, const LiteConvShape& s, int64_t row) {
  const int64_t C = s.channels, R = math::head_width(s), K = s.taps, t = row % s.time;
  const float* wr = w + row * math::weight_position_stride(s);
  float* yr = y + row * C;
  std::fill(yr, yr + C, 0.f);
  const int64_t end = math::end_tap(t, s.pad_left, s.time, K);
  for (int64_t k = math::first_tap(t, s.pad_left); k < end; ++k) {
    const float* ur = u + (row + k - s.pad_left) * C;
    for (int64_t h = 0; h < s.heads; ++h) {
      const float wk = wr[h * K + k];
      for (int64_t c = h * R; c < (h + 1) * R; ++c) yr[c] += wk * ur[c];
    }
  }
}

// Eight floats, one AVX register (GCC/Clang vector extension); loads and
// stores through memcpy (unaligned).
typedef float Vec8 __attribute__((vector_size(32)));
inline Vec8 load8(const float* p) {
  Vec8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// kTileRows outputs x 8 * kVecs channels of one head: x points at the input
// row of output 0's tap 0, w at output 0's kernel of this head (wstride
// floats per position), y at output 0's first channel.
template <int kVecs>
void tile_block(const float* x, const float* w, int64_t wstride, int64_t K, int64_t C, float* y) {
  Vec8 acc[kTileRows][kVecs] = {};
  for (int64_t k = 0; k < K; ++k)
    for (int64_t i = 0; i < kTileRows; ++i) {
      const float wk = w[i * wstride + k];
      const float* xi = x + (i + k) * C;
      for (int v = 0; v < kVecs; ++v) acc[i][v] += wk * load8(xi + 8 * v);
    }
  for (int64_t i = 0; i < kTileRows; ++i) std::memcpy(y + i * C, acc[i], sizeof acc[i]);
}

// The same for the last < 8 channels of a head, one channel at a time.
void tile_scalar(const float* x, const float* w, int64_t wstride, int64_t K, int64_t C, float* y) {
  float acc[kTileRows] = {};
  for (int64_t k = 0; k < K; ++k)
    for (int64_t i = 0; i < kTileRows; ++i) acc[i] += w[i * wstride + k] * x[(i + k) * C];
  for (int64_t i = 0; i < kTileRows; ++i) y[i * C] = acc[i];
}

// A whole interior tile starting at output row `row0`.
void interior_tile(const float* u, const float* w, float* y, const LiteConvShape& s, int64_t row0) {
  const int64_t C = s.channels, R = math::head_width(s), K = s.taps, wstride = math::weight_position_stride(s);
  for (int64_t h = 0; h < s.heads; ++h) {
    const float* wh = w + row0 * wstride + h * K;
    const float* x = u + (row0 - s.pad_left) * C;
    float* yt = y + row0 * C;
    int64_t c = h * R;
    const int64_t end = c + R;
    for (; c + 16 <= end; c += 16) tile_block<2>(x + c, wh, wstride, K, C, yt + c);
    for (; c + 8 <= end; c += 8) tile_block<1>(x + c, wh, wstride, K, C, yt + c);
    for (; c < end; ++c) tile_scalar(x + c, wh, wstride, K, C, yt + c);
  }
}

}  // namespace

void lite_conv_direct(const float* u, const float* w, float* y, const LiteConvShape& s) {
  const int64_t T = s.time, tiles = (T + kTileRows - 1) / kTileRows, units = s.batch * tiles;
  // Interior tiles: t0 >= P and the last output's last tap t0 + kTileRows - 1 + K - 1 - P < T.
  const int64_t first_interior = s.pad_left, end_interior = T - (kTileRows - 1) - (s.taps - 1 - s.pad_left);
#pragma omp parallel for schedule(static) if (s.batch * T * s.channels * s.taps >= (1 << 15))
  for (int64_t unit = 0; unit < units; ++unit) {
    const int64_t b = unit / tiles, t0 = unit % tiles * kTileRows, row0 = b * T + t0;
    if (t0 >= first_interior && t0 < end_interior) {
      interior_tile(u, w, y, s, row0);
    } else {
      for (int64_t t = t0; t < std::min(T, t0 + kTileRows); ++t) direct_row(u, w, y, s, b * T + t);
    }
  }
}

}  // namespace ventris::cpu
