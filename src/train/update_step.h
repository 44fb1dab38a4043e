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
//
// Each micro-batch's gradient is computed alone and then added to the sum of
// those before it (g0 + g1 + ... in order), so that a data-parallel run, whose
// ranks each compute some of the micro-batches and add the results in rank
// order (distributed/gradient_sum.h), gets the same bits.
//
// Data parallel: `micro_batches` are this rank's share of the update, the
// first being the update's micro-batch `first_index` (its dropout stream), and
// `update_tokens` the target tokens of the whole update (the loss divisor);
// 0 means these micro-batches are the whole update. The sums cover this rank's share.
UpdateSums accumulate_gradients(models::EncoderDecoder& model, const data::Dataset& dataset,
                                const std::vector<std::vector<int64_t>>& micro_batches, float label_smoothing,
                                uint64_t seed, int64_t update, bool training, Device device = Device::cpu(),
                                float loss_scale = 1.f, int64_t first_index = 0, int64_t update_tokens = 0);

}  // namespace ventris::train
