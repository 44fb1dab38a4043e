// The trainer's settings (the YAML section `train:`, every field also a flag
// of `ventris train`). Defaults follow fairseq's Transformer recipes.
#pragma once

#include <cstdint>
#include <string>

#include "config/schema.h"
#include "decode/search_options.h"
#include "optim/adam_optimizer.h"
#include "optim/lr_schedule.h"
#include "train/precision.h"

namespace ventris::train {

// What checkpoint_best and early stopping follow.
enum class CheckpointMetric { kLoss, kBleu };

constexpr auto enum_names(CheckpointMetric) {
  using enum CheckpointMetric;
  return config::enum_table<CheckpointMetric>({{kLoss, "loss"}, {kBleu, "bleu"}});
}

struct TrainConfig {
  std::string data;       // folder written by `ventris preprocess`
  std::string model_dir;  // checkpoints, metrics.jsonl

  // Batching
  int64_t max_tokens = 4096;     // per batch: sentences × longest side, padding counted
  int64_t max_sentences = 0;     // per batch; 0 = no limit
  int update_freq = 1;           // batches accumulated into one update
  int64_t max_updates = 0;       // stop after this many updates (0 = no limit)
  int64_t max_epochs = 0;        // stop after this many epochs (0 = no limit)
  double max_time_minutes = 0;   // stop after this much wall-clock time in this run (0 = no limit)

  // Optimisation
  optim::LrSchedule lr_scheduler = optim::LrSchedule::kInverseSqrt;
  double lr = 5e-4;                           // peak (inverse_sqrt, constant) or maximum (cosine)
  double warmup_init_lr = 1e-7;
  int64_t warmup_updates = 4000;
  double lr_floor = 1e-7;                     // cosine: value at the end of the half-wave
  int64_t lr_period_updates = 40000;          // cosine: half-wave length after warmup
  double adam_beta1 = 0.9, adam_beta2 = 0.98, adam_eps = 1e-9;
  double weight_decay = 0.0;                  // decoupled (AdamW), as fairseq's adam
  double clip_norm = 0.0;                     // global gradient-norm clipping; 0 = off
  double label_smoothing = 0.1;
  int max_bad_updates = 5;                    // consecutive NaN/Inf updates before stopping
  PrecisionSetting precision = PrecisionSetting::kAuto;  // GEMM inputs (train/precision.h)

  // Checkpoints, validation, logging
  int64_t save_interval_updates = 1000;  // also at the end and on SIGINT/SIGTERM; 0 = only those
  int64_t save_interval_epochs = 0;      // also validate and save when every N-th epoch ends; 0 = off
  int keep_last = 5;                     // numbered checkpoints kept (0 = keep all)
  int64_t validate_interval_updates = 1000;  // 0 = only at the end
  bool valid_bleu = false;               // also translate the valid split and score BLEU (sacreBLEU 13a)
  int valid_beam = 1;                    // beam for validation BLEU (1 = greedy)
  double valid_max_len_a = 1.2;          // validation output length limit a·S + b (fairseq IWSLT recipe)
  int valid_max_len_b = 10;
  CheckpointMetric best_checkpoint_metric = CheckpointMetric::kLoss;  // bleu needs valid_bleu
  int patience = 0;                      // stop after this many validations without improvement; 0 = off
  bool no_validation = false;            // train without a valid split
  int64_t log_interval_updates = 100;
  bool no_resume = false;                // start fresh even when model_dir holds a checkpoint
  bool force = false;                    // with no_resume: allow replacing an existing model_dir's files

  void describe(config::Schema& s);
  // Throws Error naming the offending key.
  void validate() const;

  optim::AdamOptions adam() const;
  optim::ScheduleOptions schedule() const;
  // The search of validation BLEU: valid_beam, valid_max_len_a/b, one hypothesis.
  decode::SearchOptions valid_search() const;
};

}  // namespace ventris::train
