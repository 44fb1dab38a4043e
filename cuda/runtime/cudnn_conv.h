// The lightweight convolution through cuDNN (architectures.md §3.3): a
// grouped (depthwise) convolution over time once each head's kernel is
// copied to the head's channels. Behind a switch: the custom kernel of
// cuda/ops/lite_conv.cu stays the default until scripts/bench/gpu has
// compared the two on a device (docs/gpu.md). Forward only; the gradients
// always take the custom kernels (deterministic, no float atomics).
// Plain C++ declarations: host code may include this in a CUDA build.
#pragma once

#include <cstdint>

namespace ventris::cuda {

// Whether ops::lightweight_conv on a GPU runs through cuDNN. Starts as the
// environment variable VENTRIS_LITE_CONV says: "cudnn", or "kernel" / unset
// for the custom kernel; any other value raises on first use.
bool lite_conv_uses_cudnn();
void set_lite_conv_uses_cudnn(bool on);

// y [B, T, C] = sum_k w[h(c), k] * u[b, t + k - P, c] (zero padding), with
// w [H, K] expanded to a [C, K] depthwise filter; device pointers, `stream`
// a cudaStream_t (null: the default stream). cuDNN is loaded on first use.
void cudnn_lightweight_conv(const float* u, const float* w, float* y, int64_t batch, int64_t time, int64_t channels,
                            int64_t heads, int64_t taps, int64_t pad_left, void* stream);

}  // namespace ventris::cuda
