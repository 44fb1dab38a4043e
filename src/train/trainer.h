// The training loop of `ventris train`: token batches with gradient
// accumulation, Adam with a schedule, validation with early stopping,
// periodic logging to the console and metrics.jsonl, checkpoints with exact
// resume, graceful SIGINT/SIGTERM, and NaN/Inf updates skipped.
//
// Exactness: everything random is a pure function of (seed, update): the
// batch order (data::Batcher's plan per epoch) and each dropout mask (Philox
// stream (update << 32) | (micro-batch << 24) | call). A checkpoint stores the
// weights, Adam's moments, the update count and the batch position, so
// training 2N updates equals N, stop, resume, N more — bit for bit on CPU.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

#include "autograd/parameters.h"
#include "core/device.h"
#include "distributed/communicator.h"
#include "models/model_config.h"
#include "train/train_config.h"

namespace ventris::train {

// Seams for tests (not exposed on the command line).
struct TrainerHooks {
  // After each update's backward, before the NaN/Inf check (with precision
  // fp16 the gradients are still multiplied by the loss scale here).
  std::function<void(int64_t update, ag::ParameterSet& params)> after_backward;
};

struct TrainResult {
  int64_t updates = 0;         // total, including resumed ones
  int64_t updates_this_run = 0;
  int64_t epoch = 1;
  double best_valid_loss = 0;  // per target token (label-smoothed), inf when never validated
  double best_valid_bleu = 0;  // -inf unless validation BLEU is on
  std::string stop_reason;     // max_updates, max_epochs, patience, signal
};

// Validation figures, per target token (natural log).
struct ValidFigures {
  double loss = 0, nll = 0, ppl = 0;
  double bleu = NAN;  // sacreBLEU (13a) of the valid translations, when train.valid_bleu
  int64_t tokens = 0, sentences = 0, skipped = 0;
};

class Trainer {
 public:
  // The model, its optimizer state and every batch live on `device`
  // (initialisation happens on the host, so the first weights are identical everywhere).
  // Data parallel (docs/distributed.md): with a communicator of N ranks each
  // rank runs its share of every update's N × update_freq micro-batches, the
  // gradients are summed in rank order, and rank 0 alone writes the model
  // folder. Null: one process.
  Trainer(TrainConfig train, models::ModelConfig model, int64_t seed, TrainerHooks hooks = {},
          Device device = Device::cpu(), distributed::Communicator* comm = nullptr);
  TrainResult run();

 private:
  TrainConfig train_;
  models::ModelConfig model_;
  int64_t seed_;
  TrainerHooks hooks_;
  Device device_;
  distributed::Communicator* comm_;
};

}  // namespace ventris::train
