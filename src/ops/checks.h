// Argument checks shared by the op dispatchers.
#pragma once

#include "core/tensor.h"
#include "ops/kernel_table.h"

namespace ventris::ops::detail {

// The tensor is defined and F32 (any device).
void require_f32(const Tensor& t, const char* op, const char* arg);
// I32 or I64 index tensor; returns true for I32.
bool require_index(const Tensor& t, const char* op, const char* arg);
// For ops whose kernels exist on the CPU only so far.
void require_cpu(const Tensor& t, const char* op);
// Every argument on the same device as the first.
void require_same_device(const Tensor& a, const Tensor& b, const char* op);
// `small` is a suffix of `big` (broadcast over leading dims).
bool is_suffix(const Shape& small, const Shape& big);

// The kernel table for a device (or `t`'s device), and one entry of it
// (throws, naming op and device, when the entry is null: the shipped tables set
// every entry (kernel_table.h), a table a test installs may leave one out).
const KernelTable& kernels_of(Device device);
inline const KernelTable& kernels_of(const Tensor& t) { return kernels_of(t.device()); }
template <class Fn>
Fn kernel(Device device, Fn KernelTable::*entry, const char* op) {
  const KernelTable& table = kernels_of(device);
  Fn fn = table.*entry;
  VENTRIS_CHECK(fn != nullptr, "{}: no kernel for {} tensors in this build", op, table.name);
  return fn;
}
template <class Fn>
Fn kernel(const Tensor& t, Fn KernelTable::*entry, const char* op) {
  return kernel(t.device(), entry, op);
}

}  // namespace ventris::ops::detail
