#include "ops/tensor_list.h"

#include <cstring>

#include "core/error.h"

namespace ventris::ops {

DeviceTensorList::DeviceTensorList(const std::vector<std::vector<Tensor>>& operands, const char* op)
    : operands_(operands.size()) {
  static_assert(sizeof(float*) == sizeof(int64_t), "pointers are stored in an I64 tensor");
  VENTRIS_CHECK(!operands.empty(), "{}: no operands", op);
  const size_t count = operands[0].size();
  if (count > 0) device_ = operands[0][0].device();
  std::vector<int64_t> host(operands_ * count + count + count + 1);
  int64_t* numel = host.data() + operands_ * count;
  int64_t* first_chunk = numel + count;
  for (size_t o = 0; o < operands_; ++o) {
    VENTRIS_CHECK(operands[o].size() == count, "{}: operand {} lists {} tensors, operand 0 lists {}", op, o,
                  operands[o].size(), count);
    for (size_t i = 0; i < count; ++i) {
      const Tensor& t = operands[o][i];
      VENTRIS_CHECK(t.defined() && t.dtype() == DType::F32,
                    "{}: tensor {} of operand {} must be a defined F32 tensor", op, i, o);
      VENTRIS_CHECK(t.device() == device_, "{}: tensor {} of operand {} is on {}, the others on {}", op, i, o,
                    t.device().str(), device_.str());
      VENTRIS_CHECK(t.numel() == operands[0][i].numel(),
                    "{}: tensor {} has {} elements in operand {} but {} in operand 0", op, i, t.numel(), o,
                    operands[0][i].numel());
      const float* data = t.data<float>();
      std::memcpy(&host[o * count + i], &data, sizeof(int64_t));
    }
  }
  first_chunk[0] = 0;
  for (size_t i = 0; i < count; ++i) {
    numel[i] = operands[0][i].numel();
    first_chunk[i + 1] = first_chunk[i] + (numel[i] + math::kTensorListChunk - 1) / math::kTensorListChunk;
  }
  storage_ = Tensor::from_vector(host, {static_cast<int64_t>(host.size())}).to(device_);
  const int64_t* device_arrays = storage_.data<int64_t>() + operands_ * count;
  chunks_ = {device_arrays, device_arrays + count, static_cast<int64_t>(count), first_chunk[count]};
}

float* const* DeviceTensorList::operand(size_t o) const {
  VENTRIS_CHECK(o < operands_, "tensor list: operand {} of {}", o, operands_);
  return reinterpret_cast<float* const*>(storage_.data<int64_t>() + o * static_cast<size_t>(chunks_.count));
}

}  // namespace ventris::ops
