// Forward and backward of one update over its micro-batches (update_freq),
// with the loss normalised by the target tokens of the whole update, so the
// summed gradient equals that of one batch holding every micro-batch.
#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset_format.h"
#include "models/encoder_decoder.h"

namespace ventris::train {

struct UpdateSums {
  double loss = 0, nll = 0;  // summed over target tokens
  int64_t tokens = 0, sentences = 0;
};

// Batches are built on the host and moved to `device` (where the model lives).
// Leaves the gradients in model.parameters() (zeroed first), multiplied by
// `loss_scale` (fp16 loss scaling, train/loss_scaler.h; the sums are not).
// Dropout stream of micro-batch k: (update << 32) | (k << 24) | call.
UpdateSums accumulate_gradients(models::EncoderDecoder& model, const data::Dataset& dataset,
                                const std::vector<std::vector<int64_t>>& micro_batches, float label_smoothing,
                                uint64_t seed, int64_t update, bool training, Device device = Device::cpu(),
                                float loss_scale = 1.f);

}  // namespace ventris::train
