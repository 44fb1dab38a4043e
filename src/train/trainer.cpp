#include "train/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <vector>

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "core/logging.h"
#include "data/batcher.h"
#include "data/spm_vocab.h"
#include "decode/translator.h"
#include "distributed/gradient_sum.h"
#include "distributed/rank_agreement.h"
#include "distributed/single_process.h"
#include "io/checksum.h"
#include "metrics/bleu.h"
#include "models/model_file.h"
#include "optim/grad_norm.h"
#include "train/checkpoint.h"
#include "train/metrics_log.h"
#include "train/model_dir_lock.h"
#include "train/precision.h"
#include "train/resume.h"
#include "train/stop_signal.h"
#include "train/training_data.h"
#include "train/update_step.h"

namespace ventris::train {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Sums of one logging interval.
struct IntervalStats {
  double loss = 0, nll = 0, gnorm = 0;
  int64_t tokens = 0, sentences = 0, updates = 0;
  Clock::time_point start = Clock::now();
};

// The valid split as validation walks it, fixed for the whole run.
struct ValidationPlan {
  std::vector<int64_t> examples;                 // those within model.max_positions
  std::vector<std::vector<int64_t>> batches;     // in file order, max_tokens each
  int64_t skipped = 0;                           // too long for the model
  std::vector<std::vector<int32_t>> sources;     // validation BLEU only
  std::vector<std::string> references;           //   (detokenized)
};

class Session {
 public:
  Session(const TrainConfig& train, const models::ModelConfig& model_config, int64_t seed, const TrainerHooks& hooks,
          Device device, distributed::Communicator& comm)
      : train_(train),
        model_config_(model_config),
        hooks_(hooks),
        device_(device),
        comm_(comm),
        store_(train.model_dir, train.keep_last) {
    progress_.seed = seed;
  }

  TrainResult run();

 private:
  void setup();
  StartMode agree_on_start_mode();
  void require_ranks_agree();
  void resume();
  std::vector<std::vector<int64_t>> next_group();
  bool run_update(const std::vector<std::vector<int64_t>>& group);  // false: skipped (NaN/Inf, fp16 overflow)
  void choose_precision(bool resumed);
  const ValidationPlan& validation_plan();  // built at the first validation, reused after
  ValidFigures validate();
  double validation_bleu(const ValidationPlan& plan);  // sacreBLEU 13a, detokenized
  void log_interval();
  void save(bool best);
  std::string stop_reason() const;
  std::string local_stop_reason() const;
  double eta_seconds() const;

  const TrainConfig& train_;
  models::ModelConfig model_config_;
  const TrainerHooks& hooks_;
  Device device_;
  distributed::Communicator& comm_;
  ops::GemmPrecision precision_ = ops::GemmPrecision::F32;
  std::unique_ptr<ModelDirLock> model_dir_lock_;  // declared before every writer: released after them
  CheckpointStore store_;
  TrainingData data_;
  std::unique_ptr<models::EncoderDecoder> model_;
  std::unique_ptr<optim::Adam> adam_;
  std::unique_ptr<data::Batcher> batcher_;
  std::unique_ptr<MetricsLog> metrics_;
  std::unique_ptr<ValidationPlan> valid_plan_;
  TrainerProgress progress_;
  IntervalStats interval_;
  Clock::time_point run_start_ = Clock::now();
  int64_t updates_at_start_ = 0;
  int64_t last_saved_ = -1, last_validated_ = -1;
  bool patience_exhausted_ = false;
};

void Session::setup() {
  train_.validate();
  model_config_.validate();
  VENTRIS_CHECK(comm_.size() == 1 || device_.is_cpu(),
                "multi-rank training runs on the CPU for now (--device cpu): GPU ranks need the NCCL path, not built yet");
  // Locked before anything in the folder is read or written; under MPI only rank 0 writes it.
  if (comm_.is_root()) model_dir_lock_ = std::make_unique<ModelDirLock>(train_.model_dir);
  const StartMode mode = agree_on_start_mode();
  data_ = load_training_data(train_.data, !train_.no_validation);
  VENTRIS_CHECK(model_config_.share_embeddings != models::ShareEmbeddings::kAll || data_.joint,
                "model.share_embeddings 'all' needs a joint vocabulary, but {} has separate source and target models",
                train_.data);
  model_ = models::make_model(model_config_, data_.vocab, static_cast<uint64_t>(progress_.seed));
  model_->parameters().to(device_);  // before Adam, whose moments are allocated beside the parameters
  adam_ = std::make_unique<optim::Adam>(model_->parameters(), train_.adam());
  data::BatchOptions batching;
  batching.max_tokens = train_.max_tokens;
  batching.max_sentences = train_.max_sentences;
  batching.seed = static_cast<uint64_t>(progress_.seed);
  if (mode == StartMode::Resume) {
    resume();
    batching.seed = static_cast<uint64_t>(progress_.seed);
  }
  choose_precision(mode == StartMode::Resume);
  batcher_ = std::make_unique<data::Batcher>(example_lengths(*data_.train), batching);
  if (mode == StartMode::Resume) batcher_->restore(progress_.position);
  require_ranks_agree();
  if (comm_.is_root()) {  // rank 0 alone writes the model folder
    std::filesystem::create_directories(train_.model_dir);
    metrics_ = std::make_unique<MetricsLog>((std::filesystem::path(train_.model_dir) / "metrics.jsonl").string(),
                                            mode == StartMode::Resume ? progress_.updates : -1);
  }
  updates_at_start_ = progress_.updates;
  last_saved_ = last_validated_ = mode == StartMode::Resume ? progress_.updates : -1;
  log::info("train", "{} on {}, precision {} — {} parameters, {} training pairs ({} batches/epoch){}",
            mode == StartMode::Resume ? fmt::format("resumed from update {} (epoch {})", progress_.updates,
                                                    progress_.position.epoch)
                                      : std::string("fresh start"),
            device_.str(), ops::precision_name(progress_.precision), model_->parameters().numel(),
            data_.train->size(), batcher_->batches_in_epoch(),
            data_.valid ? fmt::format(", {} validation pairs", data_.valid->size()) : std::string());
}

// Rank 0 decides (and, with --no-resume --force, clears the folder) before
// any rank reads it; the others follow its decision.
StartMode Session::agree_on_start_mode() {
  if (comm_.size() == 1) return prepare_model_dir(train_);
  std::string decided;
  if (comm_.is_root()) decided = prepare_model_dir(train_) == StartMode::Resume ? "resume" : "fresh";
  return comm_.broadcast_from_root(decided) == "resume" ? StartMode::Resume : StartMode::Fresh;
}

// Same vocabularies, data, parameter names/shapes/values and batch position
// on every rank (the config text is compared by the command, cli/train.cpp).
void Session::require_ranks_agree() {
  if (comm_.size() == 1) return;
  const std::vector<int32_t> lengths = example_lengths(*data_.train);
  std::string shapes;
  std::vector<float> values;
  for (const auto& [name, p] : model_->parameters().items()) {
    shapes += name + " " + p.value().shape().str() + "\n";
    const Tensor host = p.value().to(Device::cpu());
    const float* v = host.data<float>();
    values.insert(values.end(), v, v + host.numel());
  }
  distributed::require_agreement(
      comm_, {{"vocabularies", data_.vocabularies.src_checksum + " " + data_.vocabularies.tgt_checksum},
              {"training data (example lengths)",
               fmt::format("{} pairs, checksum {}", lengths.size(),
                           io::checksum_hex(lengths.data(), lengths.size() * sizeof(int32_t)))},
              {"parameter shapes", shapes},
              {"initial weights", io::checksum_hex(values.data(), values.size() * sizeof(float))},
              {"batch position", fmt::format("update {}, epoch {}, batch {}", progress_.updates,
                                             progress_.position.epoch, progress_.position.next_batch)}});
}

void Session::resume() {
  LoadedCheckpoint ckpt = store_.load_newest_intact();
  models::require_vocabularies(ckpt.model_info, data_.vocabularies.src_checksum, data_.vocabularies.tgt_checksum,
                               ckpt.model_path);
  const io::TensorFile& weights = ckpt.weights;
  std::string diff = model_structure_difference(ckpt.model_info.config, model_config_);
  if (diff.empty()) diff = models::parameter_difference(weights, model_->parameters());
  VENTRIS_CHECK(diff.empty(), "cannot resume {}: {} (the model would change; use a new --model-dir)",
                ckpt.model_path, diff);
  models::load_parameters(weights, *model_);
  adam_->load_state(ckpt.optimizer_state);
  const int64_t requested_seed = progress_.seed;
  progress_ = ckpt.progress;
  if (requested_seed != progress_.seed)
    log::warn("train", "--seed {} ignored: resuming continues the run's seed {} exactly", requested_seed,
              progress_.seed);
}

// train.precision resolved for this device. A resumed run may change it (the
// weights are f32 either way); a run that switches to fp16 starts with a fresh loss scale.
void Session::choose_precision(bool resumed) {
  precision_ = resolve_precision(train_.precision, device_);
  if (resumed && progress_.precision != precision_) {
    log::info("train", "precision changes on resume: the checkpoint trained with {}, this run uses {}",
              ops::precision_name(progress_.precision), ops::precision_name(precision_));
    if (precision_ == ops::GemmPrecision::F16) progress_.loss_scaler = LossScaler{};
  }
  progress_.precision = precision_;
}

// The update's micro-batches, all ranks' (update_freq per rank, in rank order).
std::vector<std::vector<int64_t>> Session::next_group() {
  std::vector<std::vector<int64_t>> group;
  for (int k = 0; k < train_.update_freq * comm_.size(); ++k) {
    // An update never spans two epochs (the last one of an epoch may be smaller).
    if (k > 0 && batcher_->position().next_batch >= batcher_->batches_in_epoch()) break;
    group.push_back(batcher_->next());
  }
  return group;
}

bool Session::run_update(const std::vector<std::vector<int64_t>>& group) {
  ag::ParameterSet& params = model_->parameters();
  const bool fp16 = precision_ == ops::GemmPrecision::F16;
  LossScaler& scaler = progress_.loss_scaler;
  // This rank's share: micro-batches [rank × update_freq, (rank + 1) × update_freq)
  // of the update (fewer, or none, at the end of an epoch).
  const size_t first = std::min(group.size(), static_cast<size_t>(comm_.rank() * train_.update_freq));
  const size_t last = std::min(group.size(), first + static_cast<size_t>(train_.update_freq));
  const std::vector<std::vector<int64_t>> share(group.begin() + first, group.begin() + last);
  int64_t update_tokens = 0;
  for (const auto& batch : group) update_tokens += target_tokens(*data_.train, batch);
  const UpdateSums local = accumulate_gradients(
      *model_, *data_.train, share, static_cast<float>(train_.label_smoothing), static_cast<uint64_t>(progress_.seed),
      progress_.updates, /*training=*/true, device_, fp16 ? static_cast<float>(scaler.scale) : 1.f,
      static_cast<int64_t>(first), update_tokens);
  // Rank-order sums: every rank sees the same gradients and figures, so all take the same decisions below.
  distributed::sum_gradients(comm_, params, !share.empty());
  std::vector<double> figures{local.loss, local.nll, static_cast<double>(local.sentences)};
  comm_.sum_in_rank_order(std::span<double>(figures), true);
  const double loss_sum = figures[0], nll_sum = figures[1];
  const int64_t tokens = update_tokens, sentences = static_cast<int64_t>(figures[2]);
  if (hooks_.after_backward) hooks_.after_backward(progress_.updates, params);
  if (fp16) optim::unscale_gradients(params, scaler.scale);
  const double gnorm = optim::clip_gradients(params, train_.clip_norm);
  // fp16: a finite loss with non-finite gradients is the loss scale's overflow
  // (S halves, the update is skipped and not counted as divergence) — until S
  // reaches its floor, where it counts as a bad update like any other.
  if (fp16 && std::isfinite(loss_sum)) {
    const double before = scaler.scale;
    const LossScaler::Outcome outcome = scaler.record(std::isfinite(gnorm));
    if (outcome == LossScaler::Outcome::Overflow) {
      params.zero_grad();
      log::info("train", "update {} skipped: fp16 gradient overflow, loss scale {} -> {}", progress_.updates + 1,
                before, scaler.scale);
      return false;
    }
  }
  if (!std::isfinite(loss_sum) || !std::isfinite(gnorm)) {
    params.zero_grad();
    ++progress_.bad_update_streak;
    log::warn("train", "update {} skipped: {} is {} ({} in a row, stopping at {})", progress_.updates + 1,
              std::isfinite(loss_sum) ? "gradient norm" : "loss", std::isfinite(loss_sum) ? gnorm : loss_sum,
              progress_.bad_update_streak, train_.max_bad_updates);
    VENTRIS_CHECK(progress_.bad_update_streak < train_.max_bad_updates,
                  "training diverged: {} consecutive updates with NaN/Inf loss or gradients (up to update {}); the "
                  "last checkpoint is untouched — lower train.lr, raise warmup_updates or set train.clip_norm",
                  progress_.bad_update_streak, progress_.updates + 1);
    return false;
  }
  progress_.bad_update_streak = 0;
  adam_->step(optim::learning_rate(train_.schedule(), progress_.updates));
  ++progress_.updates;
  interval_.loss += loss_sum;
  interval_.nll += nll_sum;
  interval_.gnorm += gnorm;
  interval_.tokens += tokens;
  interval_.sentences += sentences;
  ++interval_.updates;
  return true;
}

const ValidationPlan& Session::validation_plan() {
  if (valid_plan_) return *valid_plan_;
  const data::Dataset& valid = *data_.valid;
  const std::vector<int32_t> lengths = example_lengths(valid);
  auto plan = std::make_unique<ValidationPlan>();
  // Sentences longer than the model allows are skipped (counted), as fairseq does.
  std::vector<int32_t> usable_lengths;
  int32_t longest = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    if (lengths[i] > model_config_.max_positions) {
      ++plan->skipped;
      continue;
    }
    plan->examples.push_back(static_cast<int64_t>(i));
    usable_lengths.push_back(lengths[i]);
    longest = std::max(longest, lengths[i]);
  }
  VENTRIS_CHECK(!plan->examples.empty(), "{}: no validation sentence fits model.max_positions = {}", valid.path(),
                model_config_.max_positions);
  data::BatchOptions options;
  options.max_tokens = std::max<int64_t>(train_.max_tokens, longest);
  options.shuffle = false;
  for (const auto& positions : data::Batcher(usable_lengths, options).plan(1)) {
    std::vector<int64_t> batch;
    for (int64_t k : positions) batch.push_back(plan->examples[k]);
    plan->batches.push_back(std::move(batch));
  }
  if (train_.valid_bleu)
    for (int64_t i : plan->examples) {
      auto src = valid.src(i);
      auto tgt = valid.tgt(i);
      plan->sources.emplace_back(src.begin(), src.end());
      // Stored targets end with EOS; the reference is the detokenized text without it.
      plan->references.push_back(
          data_.tgt_spm->decode(std::vector<int32_t>(tgt.begin(), tgt.end() - (tgt.empty() ? 0 : 1))));
    }
  valid_plan_ = std::move(plan);
  return *valid_plan_;
}

ValidFigures Session::validate() {
  ag::NoGradGuard no_grad;
  const ValidationPlan& plan = validation_plan();
  ValidFigures f;
  f.skipped = plan.skipped;
  double loss = 0, nll = 0;
  for (const auto& examples : plan.batches) {
    nn::ForwardContext ctx;  // evaluation: no dropout
    models::LossOutput out =
        model_->loss(to_device(make_batch(*data_.valid, examples, data_.vocab.pad_id, data::kEosId), device_),
                     static_cast<float>(train_.label_smoothing), ctx);
    loss += out.loss.value().item();
    nll += out.nll.item();
    f.tokens += out.tokens;
    f.sentences += static_cast<int64_t>(examples.size());
  }
  f.loss = loss / static_cast<double>(f.tokens);
  f.nll = nll / static_cast<double>(f.tokens);
  f.ppl = std::exp(f.nll);
  if (train_.valid_bleu) f.bleu = validation_bleu(plan);
  return f;
}

double Session::validation_bleu(const ValidationPlan& plan) {
  decode::TranslateOptions options;
  options.search = train_.valid_search();
  const auto hyps = decode::Translator(*model_).translate(plan.sources, options);
  std::vector<std::string> texts;
  texts.reserve(hyps.size());
  for (const auto& h : hyps) texts.push_back(data_.tgt_spm->decode(h.tokens));
  return metrics::corpus_bleu(texts, {plan.references}).score;
}

double Session::eta_seconds() const {
  const int64_t done = progress_.updates - updates_at_start_;
  if (done <= 0) return NAN;
  const double per_update = seconds_since(run_start_) / static_cast<double>(done);
  double remaining = INFINITY;
  if (train_.max_time_minutes > 0)
    remaining = std::max(0.0, 60 * train_.max_time_minutes - seconds_since(run_start_)) / per_update;
  if (train_.max_updates > 0)
    remaining = std::min(remaining, static_cast<double>(train_.max_updates - progress_.updates));
  if (train_.max_epochs > 0) {
    const int64_t per_epoch = batcher_->batches_in_epoch();
    const int64_t batches = (train_.max_epochs - progress_.position.epoch) * per_epoch +
                            (per_epoch - progress_.position.next_batch);
    remaining = std::min(remaining, std::ceil(static_cast<double>(batches) / (train_.update_freq * comm_.size())));
  }
  return remaining * per_update;
}

void Session::log_interval() {
  if (interval_.updates == 0) return;
  const double seconds = seconds_since(interval_.start);
  const double tokens = static_cast<double>(interval_.tokens);
  const double loss = interval_.loss / tokens, nll = interval_.nll / tokens;
  const double lr = optim::learning_rate(train_.schedule(), progress_.updates - 1);
  const double elapsed = progress_.elapsed_seconds + seconds_since(run_start_);
  const double eta = eta_seconds();
  const double gnorm = interval_.gnorm / static_cast<double>(interval_.updates);
  const std::string of_total = train_.max_updates > 0 ? fmt::format("/{}", train_.max_updates) : "";
  const bool fp16 = precision_ == ops::GemmPrecision::F16;
  log::info("train",
            "epoch {} | update {}{} | loss {:.4f} | nll {:.4f} | ppl {:.2f} (base e) | lr {:.3e} | gnorm {:.3f} | "
            "{:.0f} tgt tok/s | {:.1f} sent/s | elapsed {} | ETA {}{}",
            progress_.position.epoch, progress_.updates, of_total, loss, nll, std::exp(nll), lr, gnorm,
            tokens / seconds, static_cast<double>(interval_.sentences) / seconds, format_duration(elapsed),
            format_duration(eta),
            fp16 ? fmt::format(" | loss scale {}", progress_.loss_scaler.scale) : std::string());
  nlohmann::json record{{"split", "train"},
                        {"update", progress_.updates},
                        {"epoch", progress_.position.epoch},
                        {"loss", loss},
                        {"nll", nll},
                        {"ppl", std::exp(nll)},
                        {"lr", lr},
                        {"gnorm", gnorm},
                        {"tgt_tokens_per_s", tokens / seconds},
                        {"sentences_per_s", static_cast<double>(interval_.sentences) / seconds},
                        {"elapsed_s", elapsed},
                        {"eta_s", std::isfinite(eta) ? nlohmann::json(eta) : nlohmann::json(nullptr)}};
  if (fp16) record["loss_scale"] = progress_.loss_scaler.scale;
  if (metrics_) metrics_->append(record);
  interval_ = IntervalStats{};
}

void Session::save(bool best) {
  last_saved_ = progress_.updates;
  if (!comm_.is_root()) return;  // the other ranks resume from rank 0's files
  TrainerProgress p = progress_;
  p.position = batcher_->position();
  p.elapsed_seconds = progress_.elapsed_seconds + seconds_since(run_start_);
  store_.save(*model_, data_.vocabularies, *adam_, p, best);
  log::info("train", "saved {} (update {}){}", store_.path("checkpoint_" + std::to_string(progress_.updates)),
            progress_.updates, best ? ", new best" : "");
}

// Rank 0's reason, or another rank's signal: the clock and signals are per
// rank, and every rank must leave the loop at the same update.
std::string Session::stop_reason() const {
  const std::string mine = local_stop_reason();
  if (comm_.size() == 1) return mine;
  const std::vector<std::string> all = comm_.all_gather(mine);
  if (!all[0].empty()) return all[0];
  for (const std::string& reason : all)
    if (reason == "signal") return reason;
  return "";
}

std::string Session::local_stop_reason() const {
  if (StopSignalScope::requested()) return "signal";
  if (patience_exhausted_) return "patience";
  if (train_.max_updates > 0 && progress_.updates >= train_.max_updates) return "max_updates";
  if (train_.max_time_minutes > 0 && seconds_since(run_start_) >= 60 * train_.max_time_minutes) return "max_time";
  if (train_.max_epochs > 0 && progress_.position.epoch >= train_.max_epochs &&
      progress_.position.next_batch >= batcher_->batches_in_epoch())
    return "max_epochs";
  return "";
}

TrainResult Session::run() {
  setup();
  // Every GEMM of the run — updates, validation loss, validation BLEU — in the chosen precision.
  ops::AutocastScope autocast(precision_);
  StopSignalScope signals;
  run_start_ = Clock::now();
  interval_ = IntervalStats{};
  const bool validation = !train_.no_validation;
  auto run_validation = [&]() -> bool {  // true when the model improved
    const ValidFigures f = validate();
    last_validated_ = progress_.updates;
    const bool by_bleu = train_.best_checkpoint_metric == CheckpointMetric::kBleu;
    const bool improved = by_bleu ? f.bleu > progress_.best_valid_bleu : f.loss < progress_.best_valid_loss;
    progress_.best_valid_loss = std::min(progress_.best_valid_loss, f.loss);
    if (train_.valid_bleu) progress_.best_valid_bleu = std::max(progress_.best_valid_bleu, f.bleu);
    if (improved)
      progress_.validations_without_improvement = 0;
    else
      ++progress_.validations_without_improvement;
    const std::string bleu_text =
        train_.valid_bleu ? fmt::format(" | bleu {:.2f} | best bleu {:.2f}", f.bleu, progress_.best_valid_bleu) : "";
    log::info("valid", "epoch {} | update {} | loss {:.4f} | nll {:.4f} | ppl {:.2f} (base e) | best loss {:.4f}{}{}{}",
              progress_.position.epoch, progress_.updates, f.loss, f.nll, f.ppl, progress_.best_valid_loss, bleu_text,
              f.skipped ? fmt::format(" | {} too long, skipped", f.skipped) : "",
              train_.patience > 0 ? fmt::format(" | patience {}/{}", progress_.validations_without_improvement,
                                                train_.patience)
                                  : "");
    nlohmann::json record{{"split", "valid"},
                          {"update", progress_.updates},
                          {"epoch", progress_.position.epoch},
                          {"loss", f.loss},
                          {"nll", f.nll},
                          {"ppl", f.ppl},
                          {"tokens", f.tokens},
                          {"best_loss", progress_.best_valid_loss}};
    if (train_.valid_bleu) {
      record["bleu"] = f.bleu;
      record["best_bleu"] = progress_.best_valid_bleu;
    }
    if (metrics_) metrics_->append(record);
    if (train_.patience > 0 && progress_.validations_without_improvement >= train_.patience) {
      patience_exhausted_ = true;
      log::info("train", "early stopping: {} validations without improvement", progress_.validations_without_improvement);
    }
    return improved;
  };

  std::string reason;
  while ((reason = stop_reason()).empty()) {
    const auto group = next_group();
    progress_.position = batcher_->position();
    if (!run_update(group)) continue;
    const bool log_due = progress_.updates % train_.log_interval_updates == 0;
    if (log_due) log_interval();
    // next_group() never crosses an epoch: the position at the epoch's end means this update finished it.
    const bool epoch_ended = progress_.position.next_batch >= batcher_->batches_in_epoch();
    const bool epoch_save = epoch_ended && train_.save_interval_epochs > 0 &&
                            progress_.position.epoch % train_.save_interval_epochs == 0;
    bool improved = false;
    if (validation && ((train_.validate_interval_updates > 0 &&
                        progress_.updates % train_.validate_interval_updates == 0) ||
                       epoch_save))
      improved = run_validation();
    const bool update_save = train_.save_interval_updates > 0 && progress_.updates % train_.save_interval_updates == 0;
    if (improved || update_save || epoch_save) save(improved);
  }
  log_interval();
  // The end of training validates the final weights (a signal only saves them).
  bool improved = false;
  if (validation && reason != "signal" && progress_.updates > updates_at_start_ && progress_.updates != last_validated_)
    improved = run_validation();
  if (progress_.updates > 0 && (improved || progress_.updates != last_saved_)) save(improved);
  const double total = progress_.elapsed_seconds + seconds_since(run_start_);
  log::info("train", "done ({}): {} updates, epoch {}, {} this run, best valid loss {:.4f}", reason,
            progress_.updates, progress_.position.epoch, format_duration(total), progress_.best_valid_loss);
  return {progress_.updates, progress_.updates - updates_at_start_, progress_.position.epoch,
          progress_.best_valid_loss, progress_.best_valid_bleu, reason};
}

}  // namespace

Trainer::Trainer(TrainConfig train, models::ModelConfig model, int64_t seed, TrainerHooks hooks, Device device,
                 distributed::Communicator* comm)
    : train_(std::move(train)),
      model_(std::move(model)),
      seed_(seed),
      hooks_(std::move(hooks)),
      device_(device),
      comm_(comm) {}

TrainResult Trainer::run() {
  distributed::SingleProcess single;
  return Session(train_, model_, seed_, hooks_, device_, comm_ ? *comm_ : single).run();
}

}  // namespace ventris::train
