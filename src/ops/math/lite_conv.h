// The Lite Transformer's convolutions along time (architectures.md §3.3),
// shared by the CPU kernels (src/ops/cpu/lite_conv.cpp) and their CUDA twins
// (cuda/ops/lite_conv.cu): the call's shape and the tap arithmetic.
//
//   y[b, t, c] = sum_{k = 0}^{K-1} w[b, t, h(c), k] * u[b, t + k - P, c]     (u = 0 outside [0, T))
//
// u and y are [B, T, C]; the C channels form H heads of R = C / H contiguous
// channels (h(c) = c / R). Dynamic convolution has one kernel per position,
// w [B, T, H, K]; lightweight convolution one per head, w [H, K], which is the
// same formula with the position stride of w set to 0.
#pragma once

#include <cstdint>

#include "core/host_device.h"

namespace ventris::math {

struct LiteConvShape {
  int64_t batch = 0;          // B
  int64_t time = 0;           // T
  int64_t channels = 0;       // C
  int64_t heads = 0;          // H, divides C
  int64_t taps = 0;           // K, odd
  int64_t pad_left = 0;       // P in [0, K-1]: K/2 centred (encoder), K-1 causal (decoder)
  bool per_position = false;  // w [B, T, H, K] (dynamic) rather than [H, K] (lightweight)
};

VENTRIS_HOST_DEVICE int64_t head_width(const LiteConvShape& s) { return s.channels / s.heads; }

// Floats between the kernels of consecutive positions (0: one kernel for all).
VENTRIS_HOST_DEVICE int64_t weight_position_stride(const LiteConvShape& s) {
  return s.per_position ? s.heads * s.taps : 0;
}

// The taps k of output position t that read inside [0, T): [first_tap, end_tap).
VENTRIS_HOST_DEVICE int64_t first_tap(int64_t t, int64_t pad_left) { return t < pad_left ? pad_left - t : 0; }
VENTRIS_HOST_DEVICE int64_t end_tap(int64_t t, int64_t pad_left, int64_t time, int64_t taps) {
  const int64_t end = time - t + pad_left;  // the first k with t + k - P >= T
  return end < taps ? end : taps;
}

// The gradient of u[s] gathers from the outputs t = s + P - k that read it,
// t in [first_reader, end_reader) (ascending t is descending k: the taps
// reversed, padding K - 1 - P).
VENTRIS_HOST_DEVICE int64_t first_reader(int64_t s, int64_t pad_left, int64_t taps) {
  const int64_t first = s + pad_left - (taps - 1);
  return first > 0 ? first : 0;
}
VENTRIS_HOST_DEVICE int64_t end_reader(int64_t s, int64_t pad_left, int64_t time) {
  const int64_t end = s + pad_left + 1;
  return end < time ? end : time;
}

// Rows of time per partial sum of the lightweight weight gradient: the
// reduction over (b, t) is cut into fixed blocks of (one b, kWeightGradTimeBlock
// positions), each block summed in order, then the blocks in order — the same
// tree for any thread count, on the CPU and on the GPU.
constexpr int64_t kWeightGradTimeBlock = 64;

VENTRIS_HOST_DEVICE int64_t weight_grad_blocks(const LiteConvShape& s) {
  return s.batch * ((s.time + kWeightGradTimeBlock - 1) / kWeightGradTimeBlock);
}

}  // namespace ventris::math
