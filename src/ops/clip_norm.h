// The global L2 norm of many tensors (the gradients) and clipping by it,
// computed on the tensors' device: one launch for the per-chunk sums of
// squares, one to add them, one to scale — and only the total (one double)
// ever travels to the host.
#pragma once

#include <vector>

#include "core/tensor.h"
#include "ops/tensor_list.h"

namespace ventris::ops {

// The sum of squares of tensors' elements, still on their device.
class SquaredNorm {
 public:
  SquaredNorm(DeviceTensorList list, Tensor sums) : list_(std::move(list)), sums_(std::move(sums)) {}
  // Copies the total to the host (8 bytes).
  double read() const;
  const DeviceTensorList& tensors() const { return list_; }
  const double* device_total() const;

 private:
  DeviceTensorList list_;
  Tensor sums_;  // raw doubles in an I64 tensor (there is no F64 dtype): chunk partials, then the total
};

// Sum of squares of every element of `tensors` (F32, one device), in double,
// in the fixed order of ops/math/clip_norm.h: the same bits for any thread
// count and on the CPU and CUDA alike. The squares of finite floats cannot
// overflow a double, so the total is finite exactly when every element is.
SquaredNorm sum_squares(const std::vector<Tensor>& tensors);

// Scales the tensors `sum` was computed over, in place, by
// math::clip_coefficient(sum, max_norm) — fairseq's max_norm / (norm + 1e-6)
// when below 1. The coefficient is computed on the device, from the device's
// total; nothing is read back.
void clip_by_norm_(const SquaredNorm& sum, double max_norm);

}  // namespace ventris::ops
