// The band-matrix path of the Lite convolution's forward pass
// (lite_conv_paths.h): the convolution of kBandTile consecutive outputs is a
// product of the [kBandTile, kBandTile + K - 1] band matrix
//   A[i][j] = w(t0 + i, h, j - i)   for 0 <= j - i < K, else 0
// by the kBandTile + K - 1 input rows the tile reads, [kBandTile + K - 1, R]
// per head. Every sentence is cut into tiles from t = 0; the inputs of all
// tiles are gathered (with their K - 1 halo rows, zeros outside [0, T)) into
// one buffer, so each head is one batched GEMM over (sentence, tile), with
// one shared band (lightweight) or one band per tile (dynamic). The GEMM does
// (kBandTile + K - 1) / K times the direct path's multiply-adds, at BLAS speed.
#include <algorithm>
#include <vector>

#include "core/gemm.h"
#include "ops/cpu/lite_conv_paths.h"

namespace ventris::cpu {

void lite_conv_band(const float* u, const float* w, float* y, const math::LiteConvShape& s) {
  const int64_t T = s.time, C = s.channels, H = s.heads, K = s.taps, R = math::head_width(s);
  const int64_t tiles = (T + kBandTile - 1) / kBandTile, units = s.batch * tiles, span = kBandTile + K - 1;
  const int64_t band_size = kBandTile * span, bands = s.per_position ? units : 1;
  // Buffers of the calling thread, reused across calls; the parallel loops
  // use these pointers (a thread_local named inside them is another thread's).
  thread_local std::vector<float> input_buffer, band_buffer, output_buffer;
  input_buffer.resize(units * span * C);
  band_buffer.assign(bands * H * band_size, 0.f);
  output_buffer.resize(units * kBandTile * C);
  float* inputs = input_buffer.data();
  float* band = band_buffer.data();
  float* outputs = output_buffer.data();
  const int64_t wstride = math::weight_position_stride(s);
#pragma omp parallel for schedule(static)
  for (int64_t unit = 0; unit < units; ++unit) {
    const int64_t b = unit / tiles, t0 = unit % tiles * kBandTile;
    for (int64_t j = 0; j < span; ++j) {
      const int64_t src = t0 + j - s.pad_left;
      float* row = inputs + (unit * span + j) * C;
      if (src >= 0 && src < T)
        std::copy_n(u + (b * T + src) * C, C, row);
      else
        std::fill_n(row, C, 0.f);
    }
    if (!s.per_position && unit > 0) continue;  // one shared band, built once
    for (int64_t i = 0; i < kBandTile && t0 + i < T; ++i)
      for (int64_t h = 0; h < H; ++h) {
        const float* wk = w + (b * T + t0 + i) * wstride + h * K;
        std::copy_n(wk, K, band + ((s.per_position ? unit : 0) * H + h) * band_size + i * span + i);
      }
  }
  const int64_t band_stride = s.per_position ? H * band_size : 0;
  for (int64_t h = 0; h < H; ++h)
    gemm::sgemm_batched(false, false, kBandTile, R, span, 1.f, band + h * band_size, span, band_stride,
                        inputs + h * R, C, span * C, 0.f, outputs + h * R, C, kBandTile * C, units);
#pragma omp parallel for schedule(static)
  for (int64_t unit = 0; unit < units; ++unit) {
    const int64_t b = unit / tiles, t0 = unit % tiles * kBandTile, rows = std::min(kBandTile, T - t0);
    std::copy_n(outputs + unit * kBandTile * C, rows * C, y + (b * T + t0) * C);
  }
}

}  // namespace ventris::cpu
