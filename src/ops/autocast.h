// GEMM autocast, as torch.autocast does it for matmuls: while a scope with
// BF16 or F16 is active on this thread, every ops::matmul rounds its two
// inputs to that 16-bit type and multiplies with f32 accumulation into an f32
// result (tensor cores on a GPU). Tensors stay f32 everywhere else: weights,
// activations, gradients, softmax, layer norm, the loss and Adam.
//
// The autograd matmul records the precision of its forward call and uses it
// for the backward GEMMs too, wherever backward() runs.
#pragma once

#include <string>

#include "ops/math/autocast.h"

namespace ventris::ops {

using math::GemmPrecision;

// The precision ops::matmul uses on this thread now (F32 outside any scope).
GemmPrecision gemm_precision();

class AutocastScope {
 public:
  explicit AutocastScope(GemmPrecision p);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  GemmPrecision previous_;
};

// "fp32", "bf16", "fp16" — the names of the `precision` config key.
const char* precision_name(GemmPrecision p);
// Throws Error for any other name.
GemmPrecision parse_precision(const std::string& name);

}  // namespace ventris::ops
