// The arrays a multi-tensor kernel reads (math/tensor_list.h), built from
// Tensors in the memory of their device: for each operand (weights,
// gradients, moments, …) the data pointers of its tensors, then the tensors'
// element counts and first chunks — one small host-to-device copy.
#pragma once

#include <vector>

#include "core/tensor.h"
#include "ops/math/tensor_list.h"

namespace ventris::ops {

class DeviceTensorList {
 public:
  // operands[o][i] is tensor i of operand o. Every operand lists the same
  // number of tensors and tensor i has the same element count in each; all
  // are F32 on one device. Errors name `op`.
  DeviceTensorList(const std::vector<std::vector<Tensor>>& operands, const char* op);

  const math::TensorChunks& chunks() const { return chunks_; }
  Device device() const { return device_; }
  // Operand o's pointer array, in device memory (the kernels cast it to the
  // const-ness of their argument).
  float* const* operand(size_t o) const;

 private:
  Device device_ = Device::cpu();
  size_t operands_ = 0;
  Tensor storage_;  // I64: operands × count pointers, count element counts, count + 1 first chunks
  math::TensorChunks chunks_{};
};

}  // namespace ventris::ops
