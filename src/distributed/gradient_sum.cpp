#include "distributed/gradient_sum.h"

#include <algorithm>
#include <vector>

#include "core/error.h"

namespace ventris::distributed {

void sum_gradients(Communicator& comm, ag::ParameterSet& params, bool contributes) {
  if (comm.size() == 1) return;
  const auto& items = params.items();
  // Which parameters have a gradient on any rank (a rank without micro-batches has none).
  std::string mine(items.size(), '0');
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].second.grad().defined()) mine[i] = '1';
  std::string any(items.size(), '0');
  for (const std::string& theirs : comm.all_gather(mine))
    for (size_t i = 0; i < items.size(); ++i)
      if (theirs[i] == '1') any[i] = '1';

  std::vector<float> flat;
  for (size_t i = 0; i < items.size(); ++i) {
    if (any[i] != '1') continue;
    ag::VarData& p = *items[i].second.data();
    VENTRIS_CHECK(!p.grad.defined() || p.grad.device().is_cpu(),
                  "multi-rank training reduces gradients on the CPU; {} has its gradient on {}", items[i].first,
                  p.grad.device().str());
    if (!p.grad.defined()) p.grad = Tensor::zeros(p.value.shape());
    const float* g = p.grad.data<float>();
    flat.insert(flat.end(), g, g + p.grad.numel());
  }
  comm.sum_in_rank_order(std::span<float>(flat), contributes);
  size_t offset = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (any[i] != '1') continue;
    Tensor& g = items[i].second.data()->grad;
    std::copy_n(flat.data() + offset, g.numel(), g.data<float>());
    offset += static_cast<size_t>(g.numel());
  }
}

}  // namespace ventris::distributed
