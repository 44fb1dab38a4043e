#include "train/update_step.h"

#include "data/spm_vocab.h"
#include "train/training_data.h"

namespace ventris::train {

UpdateSums accumulate_gradients(models::EncoderDecoder& model, const data::Dataset& dataset,
                                const std::vector<std::vector<int64_t>>& micro_batches, float label_smoothing,
                                uint64_t seed, int64_t update, bool training, Device device,
                                float loss_scale) {
  UpdateSums sums;
  for (const auto& examples : micro_batches) {
    sums.tokens += target_tokens(dataset, examples);
    sums.sentences += static_cast<int64_t>(examples.size());
  }
  model.parameters().zero_grad();
  for (size_t k = 0; k < micro_batches.size(); ++k) {
    const models::Batch batch =
        to_device(make_batch(dataset, micro_batches[k], model.vocab().pad_id, data::kEosId), device);
    const uint64_t stream = (static_cast<uint64_t>(update) << 32) | (static_cast<uint64_t>(k) << 24);
    nn::ForwardContext ctx{training, seed, stream};
    models::LossOutput out = model.loss(batch, label_smoothing, ctx);
    sums.loss += out.loss.value().item();
    sums.nll += out.nll.item();
    ag::backward(ag::scale(out.loss, loss_scale / static_cast<float>(sums.tokens)));
  }
  return sums;
}

}  // namespace ventris::train
