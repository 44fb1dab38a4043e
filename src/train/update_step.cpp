#include "train/update_step.h"

#include "data/spm_vocab.h"
#include "ops/elementwise.h"
#include "train/training_data.h"

namespace ventris::train {

UpdateSums accumulate_gradients(models::EncoderDecoder& model, const data::Dataset& dataset,
                                const std::vector<std::vector<int64_t>>& micro_batches, float label_smoothing,
                                uint64_t seed, int64_t update, bool training, Device device,
                                float loss_scale, int64_t first_index, int64_t update_tokens) {
  UpdateSums sums;
  for (const auto& examples : micro_batches) {
    sums.tokens += target_tokens(dataset, examples);
    sums.sentences += static_cast<int64_t>(examples.size());
  }
  const int64_t divisor = update_tokens > 0 ? update_tokens : sums.tokens;
  ag::ParameterSet& params = model.parameters();
  params.zero_grad();
  std::vector<Tensor> before;  // the sum of the earlier micro-batches' gradients, per parameter
  for (size_t k = 0; k < micro_batches.size(); ++k) {
    if (k > 0) {
      before.clear();
      for (const auto& [name, p] : params.items()) before.push_back(p.grad());
      params.zero_grad();
    }
    const models::Batch batch =
        to_device(make_batch(dataset, micro_batches[k], model.vocab().pad_id, data::kEosId), device);
    const uint64_t index = static_cast<uint64_t>(first_index) + k;
    const uint64_t stream = (static_cast<uint64_t>(update) << 32) | (index << 24);
    nn::ForwardContext ctx{training, seed, stream};
    models::LossOutput out = model.loss(batch, label_smoothing, ctx);
    sums.loss += out.loss.value().item();
    sums.nll += out.nll.item();
    ag::backward(ag::scale(out.loss, loss_scale / static_cast<float>(divisor)));
    if (k == 0) continue;
    for (size_t i = 0; i < before.size(); ++i) {
      Tensor& grad = params.items()[i].second.data()->grad;
      if (!before[i].defined()) continue;
      if (grad.defined()) ops::add_scaled_(before[i], grad, 1.f);  // earlier + this one, in that order
      grad = before[i];
    }
  }
  return sums;
}

}  // namespace ventris::train
