// `ventris train` end to end through the binary: a short run with logs,
// checkpoints and metrics; resume through the CLI; SIGINT; bad inputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/run_binary.h"
#include "train/toy_data.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

std::string tiny_args(const std::string& data, const std::string& model_dir, int max_updates, int log_interval = 2) {
  return "train --config " + std::string(VENTRIS_SOURCE_DIR) + "/configs/transformer-tiny.yaml --data " + data +
         " --model-dir " + model_dir + " --max-updates " + std::to_string(max_updates) +
         " --encoder-layers 1 --decoder-layers 1 --d-model 32 --ffn-dim 64 --max-tokens 400 --warmup-updates 2"
         " --log-interval-updates " + std::to_string(log_interval) +
         " --validate-interval-updates 2 --save-interval-updates 2";
}

TEST(TrainCli, ShortRunLogsValidatesCheckpointsAndResumesExactly) {
  ScopedTempDir tmp("ventris-train-cli");
  auto r = run_ventris(tiny_args(toy_data_dir(), tmp / "m", 4));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("[train] epoch 1 | update 2/4 | loss "), std::string::npos) << r.err;
  for (const char* part : {"| ppl ", "(base e)", "| lr ", "| gnorm ", "tgt tok/s", "sent/s", "| elapsed ", "| ETA ",
                           "[valid] epoch 1 | update 4 | loss ", "done (max_updates): 4 updates"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << r.err;
  for (const char* f : {"checkpoint_2.safetensors", "checkpoint_4.safetensors", "checkpoint_last.safetensors",
                        "checkpoint_best.safetensors", "metrics.jsonl"})
    EXPECT_TRUE(fs::exists(tmp / ("m/" + std::string(f)))) << f;

  // 2 updates, stop, resume to 4: the same model file, byte for byte.
  ASSERT_EQ(run_ventris(tiny_args(toy_data_dir(), tmp / "r", 2)).exit_code, 0);
  auto resumed = run_ventris(tiny_args(toy_data_dir(), tmp / "r", 4));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resumed from update 2"), std::string::npos) << resumed.err;
  EXPECT_EQ(read_file(tmp / "r/checkpoint_last.safetensors"), read_file(tmp / "m/checkpoint_last.safetensors"));
  // metrics.jsonl holds each update once (the resumed run appended after update 2).
  std::ifstream in(tmp / "r/metrics.jsonl");
  std::string line;
  std::vector<int> train_updates;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["split"] == "train") train_updates.push_back(j["update"].get<int>());
  }
  EXPECT_EQ(train_updates, (std::vector<int>{2, 4}));
}

// A short run on a 3000-pair toy corpus learns: validation NLL per token goes
// from ~5.5 (uniform over the vocabulary) to 0.90 after 600 updates here
// (about 20 s on 2 cores, validation BLEU included); the thresholds leave
// room for other BLAS kernels.
TEST(TrainCli, ToyCorpusShortRunReachesTheLossThreshold) {
  ScopedTempDir tmp("ventris-train-cli");
  const std::string toy = tmp / "toy";
  ASSERT_EQ(std::system(("python3 " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/make_toy_corpus.py --out " + toy +
                         " --train-size 3000 --valid-size 200 --test-size 10 > /dev/null")
                            .c_str()),
            0);
  ASSERT_EQ(run_ventris("preprocess --train-src " + toy + "/train.src --train-tgt " + toy + "/train.tgt --valid-src " +
                        toy + "/valid.src --valid-tgt " + toy + "/valid.tgt --out " + (tmp / "data") +
                        " --vocab-size 300")
                .exit_code,
            0);
  auto r = run_ventris("train --config " + std::string(VENTRIS_SOURCE_DIR) + "/configs/transformer-tiny.yaml --data " +
                       (tmp / "data") + " --model-dir " + (tmp / "m") +
                       " --max-updates 600 --encoder-layers 2 --decoder-layers 2 --d-model 64 --ffn-dim 256"
                       " --max-tokens 1024 --lr 3e-3 --warmup-updates 50 --log-interval-updates 100"
                       " --validate-interval-updates 200 --save-interval-updates 1000"
                       " --valid-bleu --best-checkpoint-metric bleu");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(tmp / "m/metrics.jsonl");
  std::string line;
  std::vector<double> valid_nll, valid_bleu;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["split"] != "valid") continue;
    valid_nll.push_back(j["nll"].get<double>());
    valid_bleu.push_back(j["bleu"].get<double>());
  }
  ASSERT_EQ(valid_nll.size(), 3u);
  EXPECT_LT(valid_nll.back(), 1.2) << r.err;
  EXPECT_LT(valid_nll[2], valid_nll[1]);
  EXPECT_LT(valid_nll[1], valid_nll[0]);
  // Validation BLEU through the decoder (greedy): 0.24 -> 0.84 -> 9.43 measured here.
  EXPECT_GT(valid_bleu.back(), 5.0) << r.err;
  EXPECT_GT(valid_bleu.back(), valid_bleu.front());
  EXPECT_NE(r.err.find("| bleu "), std::string::npos);
}

TEST(TrainCli, SigintFinishesTheUpdateSavesAndExitsZero) {
  ScopedTempDir tmp("ventris-train-cli");
  const std::string m = tmp / "m";
  // Waits for the first logged update (or the process's end), then interrupts it.
  const std::string script = std::string(VENTRIS_BINARY) + " " + tiny_args(toy_data_dir(), m, 100000, 1) + " 2>" +
                             (tmp / "err") + " & pid=$!; "
                             "for i in $(seq 600); do [ -s " + m + "/metrics.jsonl ] && break; "
                             "kill -0 $pid 2>/dev/null || break; sleep 0.1; done; "
                             "kill -INT $pid; wait $pid; exit $?";
  const int status = std::system(("sh -c '" + script + "'").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << read_file(tmp / "err");
  const std::string err = read_file(tmp / "err");
  EXPECT_NE(err.find("done (signal)"), std::string::npos) << err;
  EXPECT_TRUE(fs::exists(m + "/checkpoint_last.safetensors"));
  EXPECT_TRUE(fs::exists(m + "/checkpoint_last.state.safetensors"));
}

// train.precision: dumped with the config, an unknown value is a one-line
// error naming the key, and an fp16 run logs its loss scale.
TEST(TrainCli, PrecisionKeyDumpsValidatesAndFp16LogsTheLossScale) {
  auto dump = run_ventris("--dump-config");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_NE(dump.out.find("precision: auto"), std::string::npos) << dump.out;
  EXPECT_NE(dump.out.find("fp16 adds dynamic loss scaling"), std::string::npos) << dump.out;

  ScopedTempDir tmp("ventris-train-cli");
  auto expect_error = [](const CommandResult& r, const std::string& key, const std::string& value) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(key), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(value), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  };
  expect_error(run_ventris(tiny_args(toy_data_dir(), tmp / "m", 2) + " --precision fp8"), "precision", "fp8");
  write_file(tmp / "half.yaml", "train:\n  precision: half\n");
  expect_error(run_ventris("--config " + (tmp / "half.yaml") + " " + tiny_args(toy_data_dir(), tmp / "m", 2)),
               "train.precision", "half");
  EXPECT_FALSE(fs::exists(tmp / "m"));

  auto r = run_ventris(tiny_args(toy_data_dir(), tmp / "m", 2, 1) + " --precision fp16");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("precision fp16"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("| loss scale 32768"), std::string::npos) << r.err;
  std::ifstream metrics(tmp / "m/metrics.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(metrics, line));
  EXPECT_EQ(nlohmann::json::parse(line).at("loss_scale").get<double>(), 32768.0) << line;
}

TEST(TrainCli, BadInputsAreOneLineErrorsAndLeaveNothingBehind) {
  ScopedTempDir tmp("ventris-train-cli");
  auto expect_error = [](const CommandResult& r, const std::string& needle) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  };
  expect_error(run_ventris(tiny_args(tmp / "missing", tmp / "m", 2)), "does not exist");
  EXPECT_FALSE(fs::exists(tmp / "m"));

  write_file(tmp / "bad.yaml", "train:\n  max_updatez: 3\n");
  expect_error(run_ventris("--config " + (tmp / "bad.yaml") + " " + tiny_args(toy_data_dir(), tmp / "m", 2)),
               "train.max_updatez");

  // A dataset written by another format version.
  fs::copy(toy_data_dir(), tmp / "old");
  {
    std::fstream f(tmp / "old/train.bin", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8);
    const uint32_t version = 99;
    f.write(reinterpret_cast<const char*>(&version), 4);
  }
  auto r = run_ventris(tiny_args(tmp / "old", tmp / "m", 2));
  expect_error(r, "train.bin");
  EXPECT_NE(r.err.find("99"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "m"));

  ASSERT_EQ(run_ventris(tiny_args(toy_data_dir(), tmp / "m", 2)).exit_code, 0);
  expect_error(run_ventris(tiny_args(toy_data_dir(), tmp / "m", 4) + " --no-resume"), "--no-resume --force");
  expect_error(run_ventris(tiny_args(toy_data_dir(), tmp / "m", 4) + " --heads 8"),
               "model.heads is 4 in the checkpoint but 8 now");
}

}  // namespace
}  // namespace ventris::test
