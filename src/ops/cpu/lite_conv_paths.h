// The two CPU implementations of the Lite convolution's forward pass and the
// rule that picks one (src/ops/cpu/lite_conv.cpp's lite_conv calls it):
//
// - direct (lite_conv_direct.cpp): each output summed over its taps in
//   ascending k, time-tiled and vectorised over channels;
// - band (lite_conv_band.cpp): time cut into fixed tiles of kBandTile
//   outputs, each tile one GEMM of a banded [kBandTile, kBandTile + K - 1]
//   kernel matrix by the tile's inputs, batched over (sentence, tile).
//
// Batch-composition invariance (architectures.md §3.4): a translation must not
// change with the other sentences of its batch, i.e. with B or with the padded
// length T. Each path on its own gives an output bits that depend on neither
// (direct: the same sum in the same order for every row, tiled or not; band:
// tiles start at t = 0 of every sentence, rows past a sentence's end are
// zeros either way, and core/gemm.h keeps a row's bits independent of the
// batch count). The two paths differ in rounding, so the rule must not look at
// B or T either: it chooses by the kernel kind, K and the head width only.
#pragma once

#include <cstdint>

#include "ops/math/lite_conv.h"

namespace ventris::cpu {

enum class LiteConvPath { Direct, Band };

// Outputs per tile of the band path: oneDNN's row block (core/gemm.cpp), so
// each tile is one whole library block; OpenBLAS's (8) divides it.
constexpr int64_t kBandTile = 48;

LiteConvPath choose_lite_conv_path(const math::LiteConvShape& s);

// u [B, T, C], w [B, T, H, K] or [H, K] -> y [B, T, C], as cpu::lite_conv.
void lite_conv_direct(const float* u, const float* w, float* y, const math::LiteConvShape& s);
void lite_conv_band(const float* u, const float* w, float* y, const math::LiteConvShape& s);

}  // namespace ventris::cpu
