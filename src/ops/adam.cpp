#include "ops/adam.h"

#include "ops/checks.h"
#include "ops/tensor_list.h"

namespace ventris::ops {

void adam_update_(const std::vector<Tensor>& weights, const std::vector<Tensor>& grads,
                  const std::vector<Tensor>& exp_avg, const std::vector<Tensor>& exp_avg_sq,
                  const math::AdamStep& step) {
  const DeviceTensorList list({weights, grads, exp_avg, exp_avg_sq}, "adam_update_");
  detail::kernel(list.device(), &KernelTable::adam_update, "adam_update_")(
      list.operand(0), list.operand(1), list.operand(2), list.operand(3), list.chunks(), step);
}

}  // namespace ventris::ops
