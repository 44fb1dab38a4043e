// `mpirun -np 2 ventris train` on the CPU (docs/distributed.md): two ranks
// equal one process with update_freq 2 bit for bit, also across an epoch end
// (where one rank has no micro-batch) and a resume with another rank count;
// mismatched ranks and failing or killed ranks end the job with an error, not
// a hang. Skipped, saying why, without mpirun or without MPI in the build.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "cli/run_binary.h"
#include "distributed/communicator.h"
#include "train/toy_data.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

// 23 batches per epoch at --max-tokens 700: with 2 ranks, the 12th update of
// an epoch has one micro-batch, so rank 1 contributes nothing to it.
std::string args(const std::string& data, const std::string& model_dir, int max_updates) {
  return "train --config " + std::string(VENTRIS_SOURCE_DIR) + "/configs/transformer-tiny.yaml --data " + data +
         " --model-dir " + model_dir + " --max-updates " + std::to_string(max_updates) +
         " --encoder-layers 1 --decoder-layers 1 --d-model 32 --ffn-dim 64 --max-tokens 700 --warmup-updates 2"
         " --log-interval-updates 2 --validate-interval-updates 5 --save-interval-updates 2 --threads 1";
}

// One thread per rank; root in CI containers; no shared-memory single-copy (often refused in containers).
std::string mpirun() {
  return "timeout 180 mpirun --allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none "
         "-x OMP_NUM_THREADS=1 ";
}

std::string ventris() { return VENTRIS_BINARY; }

// Same settings on every rank: `-np 2 ventris ...`.
CommandResult run_ranks(int ranks, const std::string& arguments) {
  return run_command(mpirun() + "-np " + std::to_string(ranks) + " " + ventris() + " " + arguments);
}

bool mpi_usable(std::string* why) {
  if (!distributed::built_with_mpi()) {
    *why = "this build has no MPI (install libopenmpi-dev and reconfigure)";
    return false;
  }
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    *why = "mpirun is not on PATH (install openmpi-bin)";
    return false;
  }
  return true;
}

#define SKIP_WITHOUT_MPI()                   \
  do {                                       \
    std::string why;                         \
    if (!mpi_usable(&why)) GTEST_SKIP() << why; \
  } while (0)

std::string model_file(const std::string& dir) { return read_file(dir + "/checkpoint_last.safetensors"); }

// (split, update, loss) of each metrics.jsonl line: the logged figures of both runs.
std::vector<std::string> losses(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    out.push_back(j["split"].get<std::string>() + " " + std::to_string(j["update"].get<int64_t>()) + " " +
                  j["loss"].dump());
  }
  return out;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(TrainMpi, TwoRanksEqualOneProcessWithUpdateFreq2BitForBitAcrossAnEpochEndAndAResumeWithOneRank) {
  SKIP_WITHOUT_MPI();
  ScopedTempDir tmp("ventris-train-mpi");
  const std::string& data = toy_data_dir();
  const auto single = run_ventris(args(data, tmp / "single", 14) + " --update-freq 2");
  ASSERT_EQ(single.exit_code, 0) << single.err;

  const auto two = run_ranks(2, args(data, tmp / "two", 14));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(model_file(tmp / "two"), model_file(tmp / "single")) << "the saved weights differ";
  // Rank 0 alone logs progress and writes the folder.
  EXPECT_EQ(count(two.err, "done (max_updates)"), 1) << two.err;
  EXPECT_EQ(count(two.err, "epoch 2 | update 14/14"), 1) << two.err;
  EXPECT_EQ(losses(tmp / "two/metrics.jsonl"), losses(tmp / "single/metrics.jsonl"));

  // The data position in a checkpoint is global: 2 ranks for 7 updates, then one process with update_freq 2.
  const auto first = run_ranks(2, args(data, tmp / "resumed", 7));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto rest = run_ventris(args(data, tmp / "resumed", 14) + " --update-freq 2");
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_NE(rest.err.find("resumed from update 7"), std::string::npos) << rest.err;
  EXPECT_EQ(model_file(tmp / "resumed"), model_file(tmp / "single")) << "2 ranks then 1 differs from 1 throughout";
}

TEST(TrainMpi, RanksWithDifferentSettingsOrDataStopWithOneLineNamingTheRank) {
  SKIP_WITHOUT_MPI();
  ScopedTempDir tmp("ventris-train-mpi");
  const std::string& data = toy_data_dir();
  auto r = run_command(mpirun() + "-np 1 " + ventris() + " " + args(data, tmp / "m", 4) + " : -np 1 " + ventris() +
                       " " + args(data, tmp / "m", 4) + " --lr 0.003");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("error: rank 1 of 2: ranks disagree on the train settings: rank 1 has 'lr: 0.003"),
            std::string::npos)
      << r.err;

  // Another vocabulary and corpus on rank 1 (the paths themselves may differ between hosts).
  r = run_command(mpirun() + "-np 1 " + ventris() + " " + args(data, tmp / "m", 4) + " : -np 1 " + ventris() + " " +
                  args(toy_data_dir(100), tmp / "m", 4));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("error: rank 1 of 2: ranks disagree on the vocabularies"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(tmp / "m/checkpoint_last.safetensors"));
}

TEST(TrainMpi, AFailingRankEndsTheJobWithItsErrorInsteadOfHanging) {
  SKIP_WITHOUT_MPI();
  ScopedTempDir tmp("ventris-train-mpi");
  const std::string broken = tmp / "broken";
  fs::copy(toy_data_dir(), broken);
  fs::remove(broken + "/valid.bin");
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_command(mpirun() + "-np 1 " + ventris() + " " + args(toy_data_dir(), tmp / "m", 100000) +
                             " : -np 1 " + ventris() + " " + args(broken, tmp / "m", 100000));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, 124) << "timed out: the job hung";
  EXPECT_LT(seconds, 120);
  EXPECT_NE(r.err.find("error: rank 1 of 2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("valid.bin"), std::string::npos) << r.err;
}

TEST(TrainMpi, ARankKilledMidRunEndsTheJobInsteadOfHanging) {
  SKIP_WITHOUT_MPI();
  ScopedTempDir tmp("ventris-train-mpi");
  const std::string m = tmp / "m";
  // Rank 1 is killed (SIGKILL) once training has saved its first checkpoint.
  const std::string killer = tmp / "kill_rank.sh";
  write_file(killer, ventris() + " " + args(toy_data_dir(), m, 100000) +
                         " & pid=$!\n"
                         "for i in $(seq 600); do [ -e " + m + "/checkpoint_last.safetensors ] && break; sleep 0.2; done\n"
                         "kill -9 $pid\nwait $pid\n");
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_command(mpirun() + "-np 1 " + ventris() + " " + args(toy_data_dir(), m, 100000) +
                             " : -np 1 sh " + killer);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(r.exit_code, 0) << r.err;
  EXPECT_NE(r.exit_code, 124) << "timed out: the job hung";
  EXPECT_LT(seconds, 150);
  EXPECT_TRUE(fs::exists(m + "/checkpoint_last.safetensors")) << "training never started: " << r.err;
}

}  // namespace
}  // namespace ventris::test
