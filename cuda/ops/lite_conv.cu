// Twin of src/ops/cpu/lite_conv.cpp: lightweight and dynamic convolution
// along time (ops/math/lite_conv.h), both gradients and the decoding step.
//
// Forward and input gradient share one tiled kernel (architectures.md §3.3).
// A block is one warp of 32 consecutive channels (coalesced loads of a u row)
// by 8 warps, for one sentence; grid = (B, channel tiles). It walks time in
// tiles of 32 outputs: the block stages the 32 + K - 1 input rows a tile reads
// (zeros outside [0, T)) in shared memory, then each thread computes the
// outputs o = warp, warp + 8, ... of its channel, summing the K taps in
// ascending order in fp32. A lightweight kernel's taps sit in registers for
// the common sizes K = 3, 7, 15, 31, 63 (one instantiation each); other odd K
// up to kMaxTaps take the generic instantiation, which reads the taps from
// memory; larger K is refused (an error, never a silent skip). The input
// gradient is the same convolution of grad_y with the taps reversed and
// padding K - 1 - P; for a dynamic kernel, reversed tap j of output s is tap
// K - 1 - j of the kernel at the input position it reads.
//
// Weight gradients: a per-position kernel's tap is a dot product over its
// head's channels, one thread per (b, t, head, tap) summing in channel order. A shared kernel's gradient takes two passes:
// one warp per (64-position block, head, tap) writes a partial, then one
// thread per (head, tap) adds the partials in block order (the CPU's blocks;
// no float atomics, the same bits every run).
//
// On a GPU build the forward pass of a shared kernel can instead go through
// cuDNN's grouped convolution (runtime/cudnn_conv.h, off by default).
#include <string>

#include "core/error_types.h"
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/lite_conv.h"
#if !defined(VENTRIS_CUDA_EMULATION)
#include "runtime/cudnn_conv.h"
#endif

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

using math::LiteConvShape;
using kernel_util::warp_sum;

// Full unrolling keeps a register array indexed by the loop counter in
// registers; the host compiler (emulator) does not know the pragma.
#if defined(__CUDACC__)
#define VENTRIS_UNROLL _Pragma("unroll")
#else
#define VENTRIS_UNROLL
#endif

constexpr int kChannelTile = 32;  // one warp across channels
constexpr int kWarpsPerBlock = 8;
constexpr int kTimeTile = 32;  // outputs per tile: 4 per thread
// Largest K: the shared tile, (kTimeTile + K - 1) * 32 floats, stays within 48 KiB.
constexpr int64_t kMaxTaps = 255;
constexpr int64_t kMaxGridY = 65535;

// The taps of output t, position-independent (lightweight) or of one position
// (dynamic). kGradInput: the taps reversed, and a dynamic tap read at the input
// position rather than the output's.
template <int kTaps, bool kGradInput>
__global__ void conv_tile_kernel(const float* x, const float* w, float* y, LiteConvShape s, int64_t pad) {
  VENTRIS_DYNAMIC_SHARED(float, tile);  // [kTimeTile + K - 1][kChannelTile]
  const int64_t K = kTaps > 0 ? kTaps : s.taps;
  const int lane = threadIdx.x, warp = threadIdx.y;
  const int64_t b = blockIdx.x;
  const int64_t c = static_cast<int64_t>(blockIdx.y) * kChannelTile + lane;
  const bool active = c < s.channels;
  const int64_t h = active ? c / math::head_width(s) : 0;
  const int64_t H = s.heads, T = s.time, C = s.channels;

  float taps[kTaps > 0 ? kTaps : 1];
  if constexpr (kTaps > 0) {
    VENTRIS_UNROLL
    for (int j = 0; j < kTaps; ++j)
      taps[j] = (active && !s.per_position) ? w[h * K + (kGradInput ? K - 1 - j : j)] : 0.f;
  }

  const int64_t tile_rows = kTimeTile + K - 1;
  for (int64_t t0 = 0; t0 < T; t0 += kTimeTile) {
    __syncthreads();  // every thread is done with the previous tile
    for (int64_t r = warp; r < tile_rows; r += kWarpsPerBlock) {
      const int64_t time = t0 + r - pad;
      tile[r * kChannelTile + lane] = (active && time >= 0 && time < T) ? x[(b * T + time) * C + c] : 0.f;
    }
    __syncthreads();
    if (!active) continue;
    for (int o = warp; o < kTimeTile && t0 + o < T; o += kWarpsPerBlock) {
      const int64_t t = t0 + o;
      const float* in = tile + o * kChannelTile + lane;  // tap j reads in[j * kChannelTile]
      float acc = 0.f;
      if (!s.per_position) {
        if constexpr (kTaps > 0) {
          VENTRIS_UNROLL
          for (int j = 0; j < kTaps; ++j) acc += taps[j] * in[j * kChannelTile];
        } else {
          for (int64_t j = 0; j < K; ++j) acc += w[h * K + (kGradInput ? K - 1 - j : j)] * in[j * kChannelTile];
        }
      } else if (!kGradInput) {
        const float* wt = w + ((b * T + t) * H + h) * K;
        for (int64_t j = 0; j < K; ++j) acc += wt[j] * in[j * kChannelTile];
      } else {
        // Reversed tap j reads the input position t + j - pad, whose kernel
        // gives tap K - 1 - j; positions outside [0, T) hold zeros (skipped:
        // no kernel is stored there).
        const int64_t first = pad - t > 0 ? pad - t : 0;
        const int64_t end = T - t + pad < K ? T - t + pad : K;
        for (int64_t j = first; j < end; ++j)
          acc += w[((b * T + t + j - pad) * H + h) * K + K - 1 - j] * in[j * kChannelTile];
      }
      y[(b * T + t) * C + c] = acc;
    }
  }
}

template <bool kGradInput>
void launch_conv_tile(const float* x, const float* w, float* y, const LiteConvShape& s, int64_t pad, Stream st) {
  const int64_t channel_tiles = (s.channels + kChannelTile - 1) / kChannelTile;
  if (s.taps > kMaxTaps)
    throw Error("lite_conv (CUDA): kernel size K = " + std::to_string(s.taps) + " is above the supported " +
                std::to_string(kMaxTaps));
  if (channel_tiles > kMaxGridY)
    throw Error("lite_conv (CUDA): C = " + std::to_string(s.channels) + " channels need more than " +
                std::to_string(kMaxGridY) + " blocks of " + std::to_string(kChannelTile));
  const dim3 grid(static_cast<unsigned>(s.batch), static_cast<unsigned>(channel_tiles));
  const dim3 block(kChannelTile, kWarpsPerBlock);
  const size_t shared = static_cast<size_t>(kTimeTile + s.taps - 1) * kChannelTile * sizeof(float);
  void (*kernel)(const float*, const float*, float*, LiteConvShape, int64_t) = conv_tile_kernel<0, kGradInput>;
  switch (s.taps) {
    case 3: kernel = conv_tile_kernel<3, kGradInput>; break;
    case 7: kernel = conv_tile_kernel<7, kGradInput>; break;
    case 15: kernel = conv_tile_kernel<15, kGradInput>; break;
    case 31: kernel = conv_tile_kernel<31, kGradInput>; break;
    case 63: kernel = conv_tile_kernel<63, kGradInput>; break;
    default: break;  // the generic instantiation
  }
  VENTRIS_LAUNCH(kernel, grid, block, shared, VENTRIS_STREAM(st), x, w, y, s, pad);
}

__device__ __forceinline__ int64_t global_warp() {
  return (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
}
__device__ __forceinline__ int64_t warp_count() { return static_cast<int64_t>(gridDim.x) * blockDim.x / 32; }

// Lane `lane`'s share of the sum over rows [row_begin, row_end) of one
// sentence of dot(grad_y head h at row, u head h at row + k - P): channels
// lane, lane + 32, ... of the head; the caller combines the lanes.
__device__ __forceinline__ float lane_partial(const float* gy, const float* u, const LiteConvShape& s, int64_t h,
                                              int64_t k, int64_t row_begin, int64_t row_end, int lane) {
  const int64_t R = math::head_width(s), C = s.channels;
  float part = 0.f;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t t = row % s.time;
    if (k < math::first_tap(t, s.pad_left) || k >= math::end_tap(t, s.pad_left, s.time, s.taps)) continue;
    const float* g = gy + row * C + h * R;
    const float* x = u + (row + k - s.pad_left) * C + h * R;
    for (int64_t c = lane; c < R; c += 32) part += g[c] * x[c];
  }
  return part;
}

// Dynamic: one thread per (row, head, tap), the dot product over the head's
// channels in order (the CPU's order). Consecutive threads take consecutive
// taps of one (row, head): they read the same grad_y element (a broadcast)
// and neighbouring rows of u, which the next channels' reads find in cache.
__global__ void per_position_weight_grad_kernel(const float* gy, const float* u, float* gw, LiteConvShape s) {
  const int64_t R = math::head_width(s), C = s.channels, K = s.taps;
  const int64_t tasks = s.batch * s.time * s.heads * K;
  for (int64_t task = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; task < tasks;
       task += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t row = task / (s.heads * K), h = task / K % s.heads, k = task % K, t = row % s.time;
    float sum = 0.f;
    if (k >= math::first_tap(t, s.pad_left) && k < math::end_tap(t, s.pad_left, s.time, K)) {
      const float* g = gy + row * C + h * R;
      const float* x = u + (row + k - s.pad_left) * C + h * R;
      for (int64_t c = 0; c < R; ++c) sum += g[c] * x[c];
    }
    gw[task] = sum;
  }
}

// Lightweight, pass 1: one warp per (block, head, tap) -> partial[block][head][tap].
__global__ void shared_weight_partials_kernel(const float* gy, const float* u, float* partial, LiteConvShape s) {
  const int lane = threadIdx.x % 32;
  const int64_t blocks = math::weight_grad_blocks(s), per_sentence = blocks / s.batch;
  const int64_t tasks = blocks * s.heads * s.taps;
  for (int64_t task = global_warp(); task < tasks; task += warp_count()) {
    const int64_t blk = task / (s.heads * s.taps), h = task / s.taps % s.heads, k = task % s.taps;
    const int64_t b = blk / per_sentence, t0 = blk % per_sentence * math::kWeightGradTimeBlock;
    const int64_t t1 = t0 + math::kWeightGradTimeBlock < s.time ? t0 + math::kWeightGradTimeBlock : s.time;
    const float sum = warp_sum(lane_partial(gy, u, s, h, k, b * s.time + t0, b * s.time + t1, lane));
    if (lane == 0) partial[task] = sum;
  }
}

// Lightweight, pass 2: one thread per (head, tap) adds the partials in block order.
__global__ void sum_partials_kernel(const float* partial, float* gw, int64_t blocks, int64_t n) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    float sum = 0.f;
    for (int64_t blk = 0; blk < blocks; ++blk) sum += partial[blk * n + i];
    gw[i] = sum;
  }
}

// One thread per (row, channel): taps in ascending order, as the full causal
// convolution sums its last position.
__global__ void conv_step_kernel(const float* window, const float* w, float* y, int64_t rows, int64_t channels,
                                 int64_t heads, int64_t taps, bool per_row) {
  const int64_t R = channels / heads, wstride = per_row ? heads * taps : 0;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < rows * channels;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t n = i / channels, c = i % channels;
    const float* wn = w + n * wstride + c / R * taps;
    const float* xn = window + n * taps * channels + c;
    float acc = 0.f;
    for (int64_t k = 0; k < taps; ++k) acc += wn[k] * xn[k * channels];
    y[i] = acc;
  }
}

unsigned warp_blocks(int64_t warps) { return kernel_util::blocks_for(warps, kernel_util::kThreads / 32); }

}  // namespace

void lite_conv(const float* u, const float* w, float* y, const LiteConvShape& s, Stream st) {
  if (s.batch * s.time * s.channels == 0) return;
#if !defined(VENTRIS_CUDA_EMULATION)
  // The cuDNN path, when switched on (runtime/cudnn_conv.h; forward of a shared kernel only).
  if (!s.per_position && cuda::lite_conv_uses_cudnn())
    return cuda::cudnn_lightweight_conv(u, w, y, s.batch, s.time, s.channels, s.heads, s.taps, s.pad_left, st);
#endif
  launch_conv_tile<false>(u, w, y, s, s.pad_left, st);
}

void lite_conv_backward_input(const float* grad_y, const float* w, float* grad_u, const LiteConvShape& s, Stream st) {
  if (s.batch * s.time * s.channels == 0) return;
  launch_conv_tile<true>(grad_y, w, grad_u, s, s.taps - 1 - s.pad_left, st);
}

int64_t lite_conv_backward_weight_scratch(const LiteConvShape& s) {
  return s.per_position ? 0 : math::weight_grad_blocks(s) * s.heads * s.taps;
}

void lite_conv_backward_weight(const float* grad_y, const float* u, float* grad_w, float* scratch,
                               const LiteConvShape& s, Stream st) {
  if (s.per_position) {
    const int64_t tasks = s.batch * s.time * s.heads * s.taps;
    if (tasks > 0)
      VENTRIS_LAUNCH(per_position_weight_grad_kernel, dim3(kernel_util::blocks_for(tasks)),
                     dim3(kernel_util::kThreads), 0, VENTRIS_STREAM(st), grad_y, u, grad_w, s);
    return;
  }
  const int64_t n = s.heads * s.taps, blocks = math::weight_grad_blocks(s);
  if (n == 0) return;
  if (blocks > 0)
    VENTRIS_LAUNCH(shared_weight_partials_kernel, dim3(warp_blocks(blocks * n)), dim3(kernel_util::kThreads), 0,
                   VENTRIS_STREAM(st), grad_y, u, scratch, s);
  // Also covers B * T == 0 (zeros).
  VENTRIS_LAUNCH(sum_partials_kernel, dim3(kernel_util::blocks_for(n)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(st), scratch, grad_w, blocks, n);
}

void lite_conv_step(const float* window, const float* w, float* y, int64_t rows, int64_t channels, int64_t heads,
                    int64_t taps, bool per_row, Stream st) {
  if (rows * channels == 0) return;
  VENTRIS_LAUNCH(conv_step_kernel, dim3(kernel_util::blocks_for(rows * channels)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(st), window, w, y, rows, channels, heads, taps, per_row);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
