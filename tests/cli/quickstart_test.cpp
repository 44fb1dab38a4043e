// README's main job, scripts/quickstart.sh, end to end on a small slice of the
// toy corpus (a smaller model and a fixed number of updates, so that it takes
// well under a minute): corpus -> preprocess -> train -> translate -> score.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "cli/run_binary.h"

namespace ventris::test {
namespace {

TEST(Quickstart, SmallSliceRunsEveryStepAndReachesTheBleuThreshold) {
  ScopedTempDir tmp("ventris-quickstart");
  const std::string cmd =
      // Passive OpenMP waiting: spinning threads slow everything down tenfold
      // when the test shares the cores with other tests.
      "OMP_WAIT_POLICY=PASSIVE SKIP_SETUP=1 VENTRIS=" + std::string(VENTRIS_BINARY) + " RUN_DIR=" + (tmp / "run") +
      " TRAIN_SIZE=3000 TEST_SIZE=100 VOCAB_SIZE=300 MINUTES=30 THREADS=2"  // 600 updates, not the clock, end training
      " TRAIN_ARGS='--max-updates 600 --encoder-layers 2 --decoder-layers 2 --d-model 64 --ffn-dim 256"
      " --max-tokens 1024 --lr 3e-3 --warmup-updates 50 --log-interval-updates 200'"
      " bash " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/quickstart.sh > " + (tmp / "out") + " 2>&1";
  const int status = std::system(cmd.c_str());
  const std::string out = read_file(tmp / "out");
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  for (const char* f : {"corpus/test.src", "data/spm.model", "data/train.bin", "model/checkpoint_best.safetensors",
                        "model/metrics.jsonl", "test.hyp", "score.txt"})
    EXPECT_TRUE(std::filesystem::exists(tmp / ("run/" + std::string(f)))) << f;
  std::smatch m;
  const std::regex bleu_line(R"(test BLEU\s+([0-9.]+))");
  ASSERT_TRUE(std::regex_search(out, m, bleu_line)) << out;
  // Measured here: 15.8 BLEU after 600 updates (valid NLL 0.76), 25 s for the whole script.
  EXPECT_GT(std::stod(m[1].str()), 8.0) << out;
  EXPECT_NE(read_file(tmp / "run/score.txt").find("chrF2"), std::string::npos);
}

}  // namespace
}  // namespace ventris::test
