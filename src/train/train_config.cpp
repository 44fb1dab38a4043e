#include "train/train_config.h"

#include "core/error.h"

namespace ventris::train {

void TrainConfig::describe(config::Schema& s) {
  s.field("data", &data, "folder written by `ventris preprocess` (train.bin, valid.bin, spm models)");
  s.field("model_dir", &model_dir, "folder for checkpoints and metrics.jsonl (resumed when it holds a checkpoint)");
  s.field("max_tokens", &max_tokens, "tokens per batch: sentences x longest side, padding counted").range =
      config::between(1, 1e9);
  s.field("max_sentences", &max_sentences, "sentences per batch; 0 = no limit").range = config::between(0, 1e9);
  s.field("update_freq", &update_freq, "batches whose gradients are summed into one update").range =
      config::between(1, 1000000);
  s.field("max_updates", &max_updates, "stop after this many updates; 0 = no limit").range = config::at_least(0);
  s.field("max_epochs", &max_epochs, "stop after this many epochs; 0 = no limit").range = config::at_least(0);
  s.field("max_time_minutes", &max_time_minutes,
          "stop after this many minutes of wall-clock time in this run (a fixed budget; not bit-reproducible); 0 = no "
          "limit")
      .range = config::between(0, 1e9);
  s.field("lr_scheduler", &lr_scheduler, "learning-rate schedule");
  s.field("lr", &lr, "peak learning rate (inverse_sqrt, constant) or maximum (cosine)").range = config::between(0, 10);
  s.field("warmup_init_lr", &warmup_init_lr, "learning rate at the first update; rises linearly during warmup").range =
      config::between(0, 10);
  s.field("warmup_updates", &warmup_updates, "linear warmup length in updates").range = config::at_least(0);
  s.field("lr_floor", &lr_floor, "cosine: learning rate at the end of the half-wave").range = config::between(0, 10);
  s.field("lr_period_updates", &lr_period_updates, "cosine: half-wave length in updates after warmup").range =
      config::at_least(1);
  s.field("adam_beta1", &adam_beta1, "Adam beta1").range = config::probability();
  s.field("adam_beta2", &adam_beta2, "Adam beta2").range = config::probability();
  s.field("adam_eps", &adam_eps, "Adam epsilon").range = config::between(0, 1);
  s.field("weight_decay", &weight_decay, "decoupled weight decay (AdamW, as fairseq's adam)").range =
      config::between(0, 10);
  s.field("clip_norm", &clip_norm, "clip the global gradient norm to this; 0 = off").range = config::at_least(0);
  s.field("label_smoothing", &label_smoothing, "label smoothing epsilon of the cross-entropy").range =
      config::probability();
  s.field("max_bad_updates", &max_bad_updates,
          "stop after this many consecutive updates with NaN/Inf loss or gradients")
      .range = config::between(1, 1000000);
  s.field("precision", &precision,
          "GEMM input precision (f32 accumulation; weights, activations, gradients, softmax, layer norm, loss and "
          "Adam stay fp32): auto = bf16 on a CUDA GPU of compute capability >= 8.0, else fp32; fp16 adds dynamic "
          "loss scaling; bf16/fp16 on the CPU preview the GPU's numerics and are slower than fp32");
  s.field("save_interval_updates", &save_interval_updates,
          "write a checkpoint every N updates (and at the end); 0 = only at the end and at epoch ends")
      .range = config::at_least(0);
  s.field("save_interval_epochs", &save_interval_epochs,
          "also validate and write a checkpoint when every N-th epoch ends (fairseq's --save-interval); 0 = off")
      .range = config::at_least(0);
  s.field("keep_last", &keep_last, "numbered checkpoints kept; 0 = keep all").range = config::between(0, 1000000);
  s.field("validate_interval_updates", &validate_interval_updates, "validate every N updates; 0 = only at the end")
      .range = config::at_least(0);
  s.field("valid_bleu", &valid_bleu, "also translate the valid split at each validation and report BLEU (13a, sacreBLEU)");
  s.field("valid_beam", &valid_beam, "beam size for validation BLEU (1 = greedy)").range = config::between(1, 10000);
  s.field("valid_max_len_a", &valid_max_len_a, "validation translations: at most a*S + b tokens").range =
      config::between(0, 1000);
  s.field("valid_max_len_b", &valid_max_len_b, "validation translations: at most a*S + b tokens").range =
      config::between(0, 1000000);
  s.field("best_checkpoint_metric", &best_checkpoint_metric,
          "what checkpoint_best and early stopping follow: loss (lower is better) or bleu (needs valid_bleu)");
  s.field("patience", &patience, "early stopping: validations without improvement before stopping; 0 = off").range =
      config::between(0, 1000000);
  s.field("no_validation", &no_validation, "train without a valid split (checkpoint_best is then not written)");
  s.field("log_interval_updates", &log_interval_updates, "log training figures every N updates").range =
      config::at_least(1);
  s.field("no_resume", &no_resume, "start fresh even when model_dir holds a checkpoint (needs --force)");
  s.field("force", &force, "with no_resume: replace the checkpoints and metrics already in model_dir");
}

void TrainConfig::validate() const {
  VENTRIS_CHECK(!data.empty(), "train.data is not set (--data DIR: a folder written by `ventris preprocess`)");
  VENTRIS_CHECK(!model_dir.empty(), "train.model_dir is not set (--model-dir DIR)");
  VENTRIS_CHECK(max_tokens > 0, "train.max_tokens must be positive, got {}", max_tokens);
  VENTRIS_CHECK(max_sentences >= 0, "train.max_sentences must be >= 0, got {}", max_sentences);
  VENTRIS_CHECK(update_freq >= 1, "train.update_freq must be >= 1, got {}", update_freq);
  VENTRIS_CHECK(max_updates >= 0 && max_epochs >= 0, "train.max_updates and train.max_epochs must be >= 0");
  VENTRIS_CHECK(max_time_minutes >= 0, "train.max_time_minutes must be >= 0, got {}", max_time_minutes);
  VENTRIS_CHECK(max_updates > 0 || max_epochs > 0 || patience > 0 || max_time_minutes > 0,
                "training would never stop: set train.max_updates, train.max_epochs, train.max_time_minutes or "
                "train.patience");
  VENTRIS_CHECK(label_smoothing >= 0 && label_smoothing < 1, "train.label_smoothing must be in [0, 1), got {}",
                label_smoothing);
  VENTRIS_CHECK(clip_norm >= 0, "train.clip_norm must be >= 0, got {}", clip_norm);
  VENTRIS_CHECK(max_bad_updates >= 1, "train.max_bad_updates must be >= 1, got {}", max_bad_updates);
  VENTRIS_CHECK(save_interval_updates >= 0, "train.save_interval_updates must be >= 0, got {}", save_interval_updates);
  VENTRIS_CHECK(save_interval_epochs >= 0, "train.save_interval_epochs must be >= 0, got {}", save_interval_epochs);
  VENTRIS_CHECK(keep_last >= 0, "train.keep_last must be >= 0, got {}", keep_last);
  VENTRIS_CHECK(validate_interval_updates >= 0, "train.validate_interval_updates must be >= 0");
  VENTRIS_CHECK(patience >= 0, "train.patience must be >= 0, got {}", patience);
  VENTRIS_CHECK(!(patience > 0 && no_validation), "train.patience needs validation (train.no_validation is set)");
  VENTRIS_CHECK(best_checkpoint_metric != CheckpointMetric::kBleu || valid_bleu,
                "train.best_checkpoint_metric 'bleu' needs train.valid_bleu (--valid-bleu)");
  VENTRIS_CHECK(!(valid_bleu && no_validation), "train.valid_bleu needs validation (train.no_validation is set)");
  VENTRIS_CHECK(valid_beam >= 1, "train.valid_beam must be >= 1, got {}", valid_beam);
  VENTRIS_CHECK(log_interval_updates >= 1, "train.log_interval_updates must be >= 1, got {}", log_interval_updates);
  VENTRIS_CHECK(adam_beta1 >= 0 && adam_beta1 < 1 && adam_beta2 >= 0 && adam_beta2 < 1 && adam_eps > 0,
                "train.adam_beta1/adam_beta2 must be in [0, 1) and train.adam_eps positive");
  optim::validate(schedule());
}

optim::AdamOptions TrainConfig::adam() const { return {adam_beta1, adam_beta2, adam_eps, weight_decay, true}; }

optim::ScheduleOptions TrainConfig::schedule() const {
  return {lr_scheduler, lr, warmup_init_lr, warmup_updates, lr_floor, lr_period_updates};
}

decode::SearchOptions TrainConfig::valid_search() const {
  decode::SearchOptions search;
  search.beam = valid_beam;
  search.max_len_a = valid_max_len_a;
  search.max_len_b = valid_max_len_b;
  search.nbest = 1;
  return search;
}

}  // namespace ventris::train
