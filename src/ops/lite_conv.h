// The Lite Transformer's convolutions along time (architectures.md §3.3):
// every channel c of u is convolved with the K-tap kernel of its head
// h(c) = c / (C / H), zero padding P on the left and K - 1 - P on the right:
//
//   y[b, t, c] = sum_k w[b, t, h(c), k] * u[b, t + k - P, c]     (u = 0 outside [0, T))
//
// The caller normalises the kernels (softmax over K) and applies DropConnect
// first; nothing here draws random numbers. K is odd, P in [0, K - 1]
// (encoder: K / 2, centred; decoder: K - 1, causal), H divides C. Every call
// reports B * T * C * K multiply-adds to ops::count_mult_adds (conv_step
// N * C * K).
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::ops {

// u [B, T, C], weights [B, T, H, K] (one kernel per position) -> y [B, T, C].
Tensor dynamic_conv(const Tensor& u, const Tensor& weights, int64_t pad_left);
// u [B, T, C], weight [H, K] (one kernel per head for every position) -> y [B, T, C].
Tensor lightweight_conv(const Tensor& u, const Tensor& weight, int64_t pad_left);

// Gradients of either convolution (the rank of `weights`, 4 or 2, says which).
// grad_y [B, T, C] -> grad of u [B, T, C].
Tensor lite_conv_backward_input(const Tensor& grad_y, const Tensor& weights, int64_t pad_left);
// grad_y, u [B, T, C] -> grad of the weights, shaped `weight_shape` ([B, T, H, K] or [H, K]);
// a shared kernel's gradient is summed over (b, t) in a fixed order.
Tensor lite_conv_backward_weight(const Tensor& grad_y, const Tensor& u, const Shape& weight_shape,
                                 int64_t pad_left);

// One incremental decoding step of the causal convolution: window [N, K, C]
// holds the last K inputs of each row (oldest first, the current input last;
// zeros before the first), weights [N, H, K] or [H, K] -> y [N, C]:
//   y[n, c] = sum_k w[n, h(c), k] * window[n, k, c]
// the same sum, in the same order, as the full causal convolution's last position.
Tensor conv_step(const Tensor& window, const Tensor& weights);

}  // namespace ventris::ops
