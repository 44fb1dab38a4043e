#include "ops/clip_norm.h"

#include <cstring>

#include "ops/checks.h"

namespace ventris::ops {

double SquaredNorm::read() const {
  const Tensor host = sums_.slice(sums_.size(0) - 1, sums_.size(0)).to(Device::cpu());
  double total;
  std::memcpy(&total, host.raw_data(), sizeof total);
  return total;
}

const double* SquaredNorm::device_total() const {
  return static_cast<const double*>(sums_.raw_data()) + (sums_.size(0) - 1);
}

SquaredNorm sum_squares(const std::vector<Tensor>& tensors) {
  DeviceTensorList list({tensors}, "sum_squares");
  static_assert(sizeof(double) == sizeof(int64_t));
  Tensor sums = Tensor::empty({list.chunks().chunks + 1}, DType::I64, list.device());
  double* partials = static_cast<double*>(sums.raw_data());
  detail::kernel(list.device(), &KernelTable::sum_squares, "sum_squares")(list.operand(0), list.chunks(), partials,
                                                                         partials + list.chunks().chunks);
  return SquaredNorm(std::move(list), std::move(sums));
}

void clip_by_norm_(const SquaredNorm& sum, double max_norm) {
  const DeviceTensorList& list = sum.tensors();
  detail::kernel(list.device(), &KernelTable::clip_scale, "clip_by_norm_")(list.operand(0), list.chunks(),
                                                                          sum.device_total(), max_norm);
}

}  // namespace ventris::ops
