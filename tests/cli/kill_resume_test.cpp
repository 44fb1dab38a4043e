// kill -9 at random moments, then resume: a toy training killed 20 times
// (with a checkpoint after every update, so many kills land inside a
// checkpoint write) and resumed each time ends with the same model file, byte
// for byte, as a run that was never interrupted (docs/reliability.md).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "cli/run_binary.h"
#include "train/toy_data.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

std::string train_args(const std::string& model_dir) {
  return "train --config " + std::string(VENTRIS_SOURCE_DIR) + "/configs/transformer-tiny.yaml --data " +
         toy_data_dir() + " --model-dir " + model_dir +
         " --max-updates 600 --encoder-layers 1 --decoder-layers 1 --d-model 32 --ffn-dim 64 --max-tokens 400"
         " --warmup-updates 2 --log-interval-updates 5 --validate-interval-updates 3 --save-interval-updates 1";
}

TEST(KillResume, TwentyKillsAtRandomMomentsEndBitIdentical) {
  ScopedTempDir tmp("ventris-kill-resume");
  auto reference = run_ventris("--threads 1 " + train_args(tmp / "reference"));
  ASSERT_EQ(reference.exit_code, 0) << reference.err;

  // Kill moments from 50 to 800 ms after each start: start-up, resume, training steps, checkpoint
  // writes (one follows every update). 600 updates take longer than the 20 runs together, so
  // nearly every kill lands mid-run; a run that finished before its kill just counts as not killed.
  std::mt19937 rng(20261203);
  std::uniform_int_distribution<int> delay_ms(50, 800);
  const std::string model_dir = tmp / "killed";
  int killed_mid_run = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string script = "( exec " + std::string(VENTRIS_BINARY) + " --threads 1 " + train_args(model_dir) +
                               " ) > /dev/null 2>&1 & pid=$!; sleep " + std::to_string(delay_ms(rng) / 1000.0) +
                               "; kill -9 $pid 2>/dev/null && killed=1; wait $pid; exit ${killed:-0}";
    const int status = std::system(("bash -c '" + script + "'").c_str());
    killed_mid_run += WEXITSTATUS(status);
  }
  RecordProperty("kills_before_the_run_finished", killed_mid_run);
  EXPECT_GE(killed_mid_run, 10) << "most kills should land while training runs";

  auto finish = run_ventris("--threads 1 " + train_args(model_dir));
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  // The model file, byte for byte (the trainer state differs only in its wall-clock metadata).
  EXPECT_EQ(read_file(model_dir + "/checkpoint_last.safetensors"),
            read_file(tmp / "reference/checkpoint_last.safetensors"))
      << "the resumed run's final model differs from the uninterrupted run's";
  EXPECT_NE(finish.err.find("resumed from update "), std::string::npos) << finish.err;
}

}  // namespace
}  // namespace ventris::test
