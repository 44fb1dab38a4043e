// The training loop through its C++ API: exact resume, NaN/Inf handling,
// early stopping and the refusals that protect an existing model folder.
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "error_message.h"
#include "io/safetensors.h"
#include "train/toy_data.h"

namespace ventris::train {
namespace {

namespace fs = std::filesystem;
using test::error_of;
using test::tiny_model_config;
using test::tiny_train_config;

// Every tensor of two safetensors files, bit for bit.
void expect_same_tensors(const std::string& a, const std::string& b) {
  io::TensorFile fa = io::read_safetensors(a), fb = io::read_safetensors(b);
  ASSERT_EQ(fa.tensors.size(), fb.tensors.size());
  for (const auto& [name, t] : fa.tensors) {
    ASSERT_TRUE(fb.contains(name)) << name;
    const Tensor& u = fb.at(name);
    ASSERT_EQ(t.shape(), u.shape()) << name;
    ASSERT_EQ(t.nbytes(), u.nbytes());
    EXPECT_EQ(std::memcmp(t.raw_data(), u.raw_data(), t.nbytes()), 0) << name << " differs";
  }
}

// Six updates straight, and three then three more after a resume, of the
// model `model_config` builds: the same files, bit for bit.
void expect_resume_equals_uninterrupted_run(const models::ModelConfig& model_config) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainResult straight = Trainer(tiny_train_config(tmp / "a", 6), model_config, 7).run();
  EXPECT_EQ(straight.updates, 6);
  EXPECT_EQ(straight.stop_reason, "max_updates");

  TrainResult first = Trainer(tiny_train_config(tmp / "b", 3), model_config, 7).run();
  EXPECT_EQ(first.updates, 3);
  TrainResult resumed = Trainer(tiny_train_config(tmp / "b", 6), model_config, 7).run();
  EXPECT_EQ(resumed.updates, 6);
  EXPECT_EQ(resumed.updates_this_run, 3);

  expect_same_tensors(tmp / "a/checkpoint_last.safetensors", tmp / "b/checkpoint_last.safetensors");
  expect_same_tensors(tmp / "a/checkpoint_last.state.safetensors", tmp / "b/checkpoint_last.state.safetensors");
  // And the weights did move (the comparison is not between two untouched models).
  io::TensorFile w3 = io::read_safetensors(tmp / "a/checkpoint_3.safetensors");
  io::TensorFile w6 = io::read_safetensors(tmp / "a/checkpoint_6.safetensors");
  const Tensor& p3 = w3.at("encoder.layers.0.fc1.weight");
  const Tensor& p6 = w6.at("encoder.layers.0.fc1.weight");
  EXPECT_NE(std::memcmp(p3.raw_data(), p6.raw_data(), p3.nbytes()), 0);
}

TEST(Trainer, ResumedRunEqualsUninterruptedRunBitForBit) {
  expect_resume_equals_uninterrupted_run(tiny_model_config());
}

// LazyFormer (lazy blocks in the encoder and both decoder attentions, one
// shared dropout mask per block): its dropout streams resume as well.
TEST(Trainer, ResumedLazyFormerRunEqualsUninterruptedRunBitForBit) {
  models::ModelConfig lazy = tiny_model_config();
  lazy.arch = "lazyformer";
  lazy.encoder_layers = lazy.decoder_layers = 2;
  lazy.attention_dropout = 0.1;
  lazy.lazy.blocks_enc = lazy.lazy.blocks_dec_self = lazy.lazy.blocks_dec_cross = {2};
  lazy.lazy.prob_dropout = models::LazyProbDropout::kShared;
  expect_resume_equals_uninterrupted_run(lazy);
}

// fp16 (train.precision): an Inf injected into the gradients is the loss
// scale's business — the update is skipped, S halves, and it does not count
// towards max_bad_updates. S is trainer state: a run resumed after the
// overflow equals the uninterrupted one bit for bit.
TEST(Trainer, Fp16OverflowHalvesTheLossScaleAndResumeContinuesBitForBit) {
  test::ScopedTempDir tmp("ventris-trainer");
  auto overflow_once = [](int* calls) {
    TrainerHooks h;
    h.after_backward = [calls](int64_t update, ag::ParameterSet& params) {
      if (update == 1 && (*calls)++ == 0) params.items().front().second.grad().data<float>()[0] = INFINITY;
    };
    return h;
  };
  auto fp16 = [&](const std::string& dir, int64_t updates) {
    TrainConfig t = tiny_train_config(tmp / dir, updates);
    t.precision = PrecisionSetting::kFp16;
    t.max_bad_updates = 1;  // were the overflow counted as divergence, the run would stop
    return t;
  };
  int a_calls = 0, b_calls = 0;
  TrainResult straight = Trainer(fp16("a", 6), tiny_model_config(), 7, overflow_once(&a_calls)).run();
  EXPECT_EQ(straight.updates, 6);
  EXPECT_EQ(a_calls, 2) << "the overflowing update is retried with the next batch";
  const io::Metadata a = io::read_safetensors_metadata(tmp / "a/checkpoint_last.state.safetensors");
  EXPECT_EQ(a.at("precision"), "fp16");
  EXPECT_EQ(std::stod(a.at("loss_scale")), 16384.0);
  EXPECT_EQ(a.at("loss_scale_good_updates"), "5");  // update 0, the overflow, then updates 1-5

  Trainer(fp16("b", 3), tiny_model_config(), 7, overflow_once(&b_calls)).run();
  TrainResult resumed = Trainer(fp16("b", 6), tiny_model_config(), 7, overflow_once(&b_calls)).run();
  EXPECT_EQ(resumed.updates_this_run, 3);
  expect_same_tensors(tmp / "a/checkpoint_last.safetensors", tmp / "b/checkpoint_last.safetensors");
  expect_same_tensors(tmp / "a/checkpoint_last.state.safetensors", tmp / "b/checkpoint_last.state.safetensors");
  const io::Metadata b = io::read_safetensors_metadata(tmp / "b/checkpoint_last.state.safetensors");
  EXPECT_EQ(b.at("loss_scale"), a.at("loss_scale"));
  EXPECT_EQ(b.at("loss_scale_good_updates"), a.at("loss_scale_good_updates"));
}

TEST(Trainer, PrecisionIsRecordedInTheStateAndMayChangeOnResume) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainConfig bf16 = tiny_train_config(tmp / "m", 2);
  bf16.precision = PrecisionSetting::kBf16;
  Trainer(bf16, tiny_model_config(), 3).run();
  Trainer(tiny_train_config(tmp / "f", 2), tiny_model_config(), 3).run();  // auto: fp32 on the CPU
  EXPECT_EQ(io::read_safetensors_metadata(tmp / "m/checkpoint_last.state.safetensors").at("precision"), "bf16");
  EXPECT_EQ(io::read_safetensors_metadata(tmp / "f/checkpoint_last.state.safetensors").at("precision"), "fp32");
  // The rounded GEMMs trained other weights.
  const io::TensorFile m = io::read_safetensors(tmp / "m/checkpoint_last.safetensors");
  const io::TensorFile f = io::read_safetensors(tmp / "f/checkpoint_last.safetensors");
  const Tensor& w_bf16 = m.at("encoder.layers.0.fc1.weight");
  const Tensor& w_fp32 = f.at("encoder.layers.0.fc1.weight");
  EXPECT_NE(std::memcmp(w_bf16.raw_data(), w_fp32.raw_data(), w_bf16.nbytes()), 0);

  TrainConfig fp32 = tiny_train_config(tmp / "m", 4);
  fp32.precision = PrecisionSetting::kFp32;
  EXPECT_EQ(Trainer(fp32, tiny_model_config(), 3).run().updates_this_run, 2);
  EXPECT_EQ(io::read_safetensors_metadata(tmp / "m/checkpoint_last.state.safetensors").at("precision"), "fp32");
}

TEST(Trainer, WritesLastBestNumberedCheckpointsAndMetrics) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainConfig t = tiny_train_config(tmp / "m", 6);
  t.save_interval_updates = 1;
  t.keep_last = 2;
  TrainResult r = Trainer(t, tiny_model_config(), 1).run();
  EXPECT_TRUE(std::isfinite(r.best_valid_loss));
  for (const char* f : {"checkpoint_5.safetensors", "checkpoint_6.safetensors", "checkpoint_last.safetensors",
                        "checkpoint_last.state.safetensors", "checkpoint_best.safetensors",
                        "checkpoint_best.state.safetensors", "metrics.jsonl"})
    EXPECT_TRUE(fs::exists(tmp / ("m/" + std::string(f)))) << f;
  EXPECT_FALSE(fs::exists(tmp / "m/checkpoint_4.safetensors")) << "keep_last = 2 prunes older checkpoints";
  EXPECT_FALSE(fs::exists(tmp / "m/checkpoint_4.state.safetensors"));
  std::ifstream in(tmp / "m/metrics.jsonl");
  std::string line;
  int train_lines = 0, valid_lines = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["split"] == "train") {
      ++train_lines;
      for (const char* key : {"update", "epoch", "loss", "nll", "ppl", "lr", "gnorm", "tgt_tokens_per_s",
                              "sentences_per_s", "elapsed_s", "eta_s"})
        EXPECT_TRUE(j.contains(key)) << key;
      EXPECT_NEAR(j["ppl"].get<double>(), std::exp(j["nll"].get<double>()), 1e-6 * j["ppl"].get<double>());
    } else {
      ++valid_lines;
      EXPECT_EQ(j["split"], "valid");
    }
  }
  EXPECT_EQ(train_lines, 6);   // log_interval 1
  EXPECT_EQ(valid_lines, 2);   // validate at 3 and 6
}

// fairseq's --save-interval: with save_interval_epochs 1 and no update-based
// saves, the numbered checkpoints are exactly the updates that end an epoch,
// each validated first (what a recipe averaging "the last 10 epochs" needs).
TEST(Trainer, EpochEndsValidateAndSaveWhenAskedAndNothingElseDoes) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainConfig t = tiny_train_config(tmp / "m", 0);
  t.max_epochs = 2;
  t.save_interval_updates = 0;
  t.save_interval_epochs = 1;
  t.validate_interval_updates = 0;
  t.keep_last = 0;
  TrainResult r = Trainer(t, tiny_model_config(), 1).run();
  EXPECT_EQ(r.stop_reason, "max_epochs");

  std::map<int64_t, int64_t> last_update_of_epoch;
  std::vector<int64_t> validated;
  std::ifstream in(tmp / "m/metrics.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["split"] == "train") last_update_of_epoch[j["epoch"].get<int64_t>()] = j["update"].get<int64_t>();
    if (j["split"] == "valid") validated.push_back(j["update"].get<int64_t>());
  }
  ASSERT_EQ(last_update_of_epoch.size(), 2u);
  const int64_t end1 = last_update_of_epoch[1], end2 = last_update_of_epoch[2];
  ASSERT_GT(end1, 1) << "an epoch of several updates, so a per-update save would show";
  EXPECT_EQ(end2, r.updates);
  EXPECT_EQ(validated, (std::vector<int64_t>{end1, end2}));
  std::vector<int64_t> numbered;
  for (const auto& entry : fs::directory_iterator(tmp / "m")) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("checkpoint_") && name.ends_with(".safetensors") && !name.ends_with(".state.safetensors") &&
        std::isdigit(static_cast<unsigned char>(name[11])))
      numbered.push_back(std::stoll(name.substr(11)));
  }
  std::sort(numbered.begin(), numbered.end());
  EXPECT_EQ(numbered, (std::vector<int64_t>{end1, end2}));
}

TEST(Trainer, NegativeSaveIntervalsAreErrorsNamingTheKey) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainConfig t = tiny_train_config(tmp / "m", 2);
  t.save_interval_epochs = -1;
  EXPECT_NE(error_of([&] { Trainer(t, tiny_model_config(), 1).run(); }).find("train.save_interval_epochs"),
            std::string::npos);
}

TEST(Trainer, SkipsANonFiniteUpdateAndStopsAfterTooManyWithoutTouchingCheckpoints) {
  test::ScopedTempDir tmp("ventris-trainer");
  int poisoned = 0;
  TrainerHooks once;
  once.after_backward = [&](int64_t update, ag::ParameterSet& params) {
    if (update == 1 && poisoned++ == 0) {
      Tensor g = params.items().front().second.grad();
      g.data<float>()[0] = NAN;
    }
  };
  TrainResult r = Trainer(tiny_train_config(tmp / "m", 3), tiny_model_config(), 1, once).run();
  EXPECT_EQ(poisoned, 2) << "the poisoned update is retried with the next batch";
  EXPECT_EQ(r.updates, 3);
  const std::string before = test::read_file(tmp / "m/checkpoint_last.safetensors");

  TrainerHooks always;
  always.after_backward = [](int64_t, ag::ParameterSet& params) {
    Tensor g = params.items().back().second.grad();
    g.data<float>()[0] = INFINITY;
  };
  TrainConfig more = tiny_train_config(tmp / "m", 10);
  more.max_bad_updates = 3;
  const std::string e = error_of([&] { Trainer(more, tiny_model_config(), 1, always).run(); });
  EXPECT_NE(e.find("3 consecutive updates with NaN/Inf"), std::string::npos) << e;
  EXPECT_EQ(test::read_file(tmp / "m/checkpoint_last.safetensors"), before);
}

TEST(Trainer, EarlyStoppingAfterPatienceValidationsWithoutImprovement) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainerHooks frozen;  // zero gradients: Adam then leaves every weight as it is
  frozen.after_backward = [](int64_t, ag::ParameterSet& params) {
    for (const auto& [name, p] : params.items()) {
      Tensor g = p.grad();
      if (g.defined()) g.zero();
    }
  };
  TrainConfig t = tiny_train_config(tmp / "m", 100);
  t.validate_interval_updates = 1;
  t.patience = 2;
  TrainResult r = Trainer(t, tiny_model_config(), 1, frozen).run();
  EXPECT_EQ(r.stop_reason, "patience");
  EXPECT_EQ(r.updates, 3);  // improved at 1 (from nothing), unchanged at 2 and 3
}

TEST(Trainer, RefusesShapeChangesOtherVocabulariesAndUnrequestedFreshStarts) {
  test::ScopedTempDir tmp("ventris-trainer");
  Trainer(tiny_train_config(tmp / "m", 2), tiny_model_config(), 1).run();
  const std::string before = test::read_file(tmp / "m/checkpoint_last.safetensors");

  models::ModelConfig wider = tiny_model_config();
  wider.d_model = 24;
  std::string e = error_of([&] { Trainer(tiny_train_config(tmp / "m", 4), wider, 1).run(); });
  // Compared by parameter name and shape: the first parameter whose shape changes is named.
  EXPECT_NE(e.find("parameter 'encoder.embed_tokens.weight' is [120, 16] F32 in the file but [120, 24] now"),
            std::string::npos)
      << e;

  TrainConfig other_vocab = tiny_train_config(tmp / "m", 4);
  other_vocab.data = test::toy_data_dir(100);
  e = error_of([&] { Trainer(other_vocab, tiny_model_config(), 1).run(); });
  EXPECT_NE(e.find("other vocabularies"), std::string::npos) << e;

  TrainConfig fresh = tiny_train_config(tmp / "m", 4);
  fresh.no_resume = true;
  e = error_of([&] { Trainer(fresh, tiny_model_config(), 1).run(); });
  EXPECT_NE(e.find("--no-resume --force"), std::string::npos) << e;
  EXPECT_EQ(test::read_file(tmp / "m/checkpoint_last.safetensors"), before) << "refusals leave the folder alone";

  fresh.force = true;
  TrainResult r = Trainer(fresh, tiny_model_config(), 1).run();
  EXPECT_EQ(r.updates_this_run, 4);
  EXPECT_FALSE(fs::exists(tmp / "m/checkpoint_2.safetensors")) << "--force removed the old run";
}

TEST(Trainer, MissingDataAndSplitsAreOneLineErrors) {
  test::ScopedTempDir tmp("ventris-trainer");
  TrainConfig t = tiny_train_config(tmp / "m", 2);
  t.data = tmp / "nowhere";
  EXPECT_NE(error_of([&] { Trainer(t, tiny_model_config(), 1).run(); }).find("does not exist"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp / "m")) << "nothing is created before the inputs check out";

  fs::create_directories(tmp / "partial");
  fs::copy_file(test::toy_data_dir() + "/spm.model", tmp / "partial/spm.model");
  fs::copy_file(test::toy_data_dir() + "/train.bin", tmp / "partial/train.bin");
  t.data = tmp / "partial";
  std::string e = error_of([&] { Trainer(t, tiny_model_config(), 1).run(); });
  EXPECT_NE(e.find("valid.bin: missing"), std::string::npos) << e;
  t.no_validation = true;
  EXPECT_EQ(Trainer(t, tiny_model_config(), 1).run().updates, 2);
  fs::remove(tmp / "partial/train.bin");
  e = error_of([&] { Trainer(t, tiny_model_config(), 1).run(); });
  EXPECT_NE(e.find("train.bin: missing"), std::string::npos) << e;
}

}  // namespace
}  // namespace ventris::train
