// Argument checks shared by the op dispatchers.
#pragma once

#include "core/tensor.h"

namespace ventris::ops::detail {

// The tensor is defined, F32 and on a device this op has a kernel for.
void require_f32(const Tensor& t, const char* op, const char* arg);
// I32 or I64 index tensor; returns true for I32.
bool require_index(const Tensor& t, const char* op, const char* arg);
// Only the CPU kernels exist so far; CUDA twins arrive with the CUDA backend.
void require_cpu(const Tensor& t, const char* op);
// `small` is a suffix of `big` (broadcast over leading dims).
bool is_suffix(const Shape& small, const Shape& big);

}  // namespace ventris::ops::detail
