#include "ops/lite_conv.h"

#include "ops/checks.h"
#include "ops/mult_add_counter.h"

namespace ventris::ops {

namespace {

// Validates a convolution of u_shape [B, T, C] by weights [B, T, H, K] or [H, K]
// and returns its kernel-side shape; every bad value is one error naming it.
math::LiteConvShape conv_shape(const Shape& u_shape, const Shape& w_shape, int64_t pad_left, const char* op) {
  VENTRIS_CHECK(u_shape.rank() == 3, "{}: input must be [B, T, C], got {}", op, u_shape.str());
  VENTRIS_CHECK(w_shape.rank() == 4 || w_shape.rank() == 2, "{}: weights must be [B, T, H, K] or [H, K], got {}", op,
                w_shape.str());
  math::LiteConvShape s;
  s.batch = u_shape[0];
  s.time = u_shape[1];
  s.channels = u_shape[2];
  s.per_position = w_shape.rank() == 4;
  s.heads = w_shape[w_shape.rank() - 2];
  s.taps = w_shape[w_shape.rank() - 1];
  s.pad_left = pad_left;
  if (s.per_position)
    VENTRIS_CHECK(w_shape[0] == s.batch && w_shape[1] == s.time,
                  "{}: per-position weights {} do not match the input {} (need [B, T, H, K])", op, w_shape.str(),
                  u_shape.str());
  VENTRIS_CHECK(s.taps >= 1 && s.taps % 2 == 1, "{}: kernel size K must be odd, got {}", op, s.taps);
  VENTRIS_CHECK(pad_left >= 0 && pad_left <= s.taps - 1, "{}: pad_left must be in [0, K-1] = [0, {}], got {}", op,
                s.taps - 1, pad_left);
  VENTRIS_CHECK(s.heads >= 1 && s.channels % s.heads == 0, "{}: heads H = {} must divide the channels C = {}", op,
                s.heads, s.channels);
  return s;
}

// Forward (x = u) and input gradient (x = grad_y) share their contract: x [B, T, C]
// and the weights in, one [B, T, C] tensor out, through `entry`.
using ConvEntry = void (*KernelTable::*)(const float*, const float*, float*, const math::LiteConvShape&);
Tensor run_conv(const Tensor& x, const Tensor& weights, int64_t pad_left, ConvEntry entry, const char* op,
                const char* x_name) {
  detail::require_f32(x, op, x_name);
  detail::require_f32(weights, op, "weights");
  detail::require_same_device(x, weights, op);
  const math::LiteConvShape s = conv_shape(x.shape(), weights.shape(), pad_left, op);
  Tensor y = Tensor::empty(x.shape(), DType::F32, x.device());
  count_mult_adds(s.batch * s.time * s.channels * s.taps);
  if (y.numel() > 0) detail::kernel(x, entry, op)(x.data<float>(), weights.data<float>(), y.data<float>(), s);
  return y;
}

}  // namespace

Tensor dynamic_conv(const Tensor& u, const Tensor& weights, int64_t pad_left) {
  VENTRIS_CHECK(weights.rank() == 4, "dynamic_conv: weights must be [B, T, H, K], got {}", weights.shape().str());
  return run_conv(u, weights, pad_left, &KernelTable::lite_conv, "dynamic_conv", "u");
}

Tensor lightweight_conv(const Tensor& u, const Tensor& weight, int64_t pad_left) {
  VENTRIS_CHECK(weight.rank() == 2, "lightweight_conv: weight must be [H, K], got {}", weight.shape().str());
  return run_conv(u, weight, pad_left, &KernelTable::lite_conv, "lightweight_conv", "u");
}

Tensor lite_conv_backward_input(const Tensor& grad_y, const Tensor& weights, int64_t pad_left) {
  return run_conv(grad_y, weights, pad_left, &KernelTable::lite_conv_backward_input, "lite_conv_backward_input",
                  "grad_y");
}

Tensor lite_conv_backward_weight(const Tensor& grad_y, const Tensor& u, const Shape& weight_shape,
                                 int64_t pad_left) {
  const char* op = "lite_conv_backward_weight";
  detail::require_f32(grad_y, op, "grad_y");
  detail::require_f32(u, op, "u");
  detail::require_same_device(grad_y, u, op);
  VENTRIS_CHECK(grad_y.shape() == u.shape(), "{}: grad_y {} does not match u {}", op, grad_y.shape().str(),
                u.shape().str());
  const math::LiteConvShape s = conv_shape(u.shape(), weight_shape, pad_left, op);
  Tensor grad_w = Tensor::empty(weight_shape, DType::F32, u.device());
  count_mult_adds(s.batch * s.time * s.channels * s.taps);
  if (grad_w.numel() == 0) return grad_w;
  const KernelTable& k = detail::kernels_of(u);
  auto backward = detail::kernel(u, &KernelTable::lite_conv_backward_weight, op);
  // A shared kernel's gradient goes through fixed-order partial sums (no float atomics).
  const int64_t scratch_floats = k.lite_conv_backward_weight_scratch(s);
  Tensor scratch = scratch_floats > 0 ? Tensor::empty({scratch_floats}, DType::F32, u.device()) : Tensor();
  backward(grad_y.data<float>(), u.data<float>(), grad_w.data<float>(),
           scratch.defined() ? scratch.data<float>() : nullptr, s);
  return grad_w;
}

Tensor conv_step(const Tensor& window, const Tensor& weights) {
  const char* op = "conv_step";
  detail::require_f32(window, op, "window");
  detail::require_f32(weights, op, "weights");
  detail::require_same_device(window, weights, op);
  VENTRIS_CHECK(window.rank() == 3, "{}: window must be [N, K, C], got {}", op, window.shape().str());
  const int64_t rows = window.size(0), taps = window.size(1), channels = window.size(2);
  VENTRIS_CHECK(weights.rank() == 3 || weights.rank() == 2, "{}: weights must be [N, H, K] or [H, K], got {}", op,
                weights.shape().str());
  const bool per_row = weights.rank() == 3;
  VENTRIS_CHECK(!per_row || weights.size(0) == rows, "{}: per-row weights {} for a window of {} rows", op,
                weights.shape().str(), rows);
  const int64_t heads = weights.size(-2);
  VENTRIS_CHECK(weights.size(-1) == taps, "{}: weights {} have K = {} taps, the window {} holds {}", op,
                weights.shape().str(), weights.size(-1), window.shape().str(), taps);
  VENTRIS_CHECK(taps >= 1 && taps % 2 == 1, "{}: kernel size K must be odd, got {}", op, taps);
  VENTRIS_CHECK(heads >= 1 && channels % heads == 0, "{}: heads H = {} must divide the channels C = {}", op, heads,
                channels);
  Tensor y = Tensor::empty({rows, channels}, DType::F32, window.device());
  count_mult_adds(rows * channels * taps);
  if (y.numel() > 0)
    detail::kernel(window, &KernelTable::lite_conv_step, op)(window.data<float>(),
                                                             weights.data<float>(), y.data<float>(), rows,
                                                             channels, heads, taps, per_row);
  return y;
}

}  // namespace ventris::ops
