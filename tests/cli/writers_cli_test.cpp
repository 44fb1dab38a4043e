// Writers through the binary (docs/reliability.md, "Locking" and "Leftovers"):
// a second writer of a model folder or a preprocess output fails at once
// naming the holder's pid, a stale lock or temp file of a killed run is taken
// over or removed, and SIGINT/SIGTERM leave no temp output behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "cli/one_line_error.h"
#include "cli/random_model_file.h"
#include "cli/run_binary.h"
#include "cli/spawned_ventris.h"
#include "io/folder_lock.h"
#include "io/stale_temp_files.h"
#include "train/toy_data.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

std::string train_args(const std::string& model_dir) {
  return "train --data " + toy_data_dir() + " --model-dir " + model_dir +
         " --max-updates 2 --encoder-layers 1 --decoder-layers 1 --d-model 16 --ffn-dim 32 --heads 2"
         " --max-tokens 400 --warmup-updates 1 --log-interval-updates 1 --validate-interval-updates 2"
         " --save-interval-updates 2";
}

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Entries of `dir` whose names contain `part`.
int count_with(const std::string& dir, const std::string& part) {
  int n = 0;
  for (const auto& name : names_in(dir)) n += name.find(part) != std::string::npos;
  return n;
}

TEST(WritersCli, TrainRefusesAModelFolderInUseAndTakesOverAStaleLock) {
  ScopedTempDir tmp("ventris-writers");
  const std::string m = tmp / "m";
  fs::create_directory(m);
  {
    // This test process plays the other trainer.
    io::FolderLock holder(io::lock_file_in(m), "model folder", "ventris train");
    expect_one_line_error(run_ventris(train_args(m)), 1,
                          {"model folder '" + m + "' is in use by another ventris process (pid " +
                           std::to_string(::getpid()) + ", ventris train)"});
    EXPECT_EQ(names_in(m), std::vector<std::string>{"ventris.lock"}) << "nothing written beside the holder";
  }
  // A trainer killed mid-run left its lock file and a checkpoint temp.
  const pid_t dead = ended_pid();
  write_file(io::lock_file_in(m), "pid " + std::to_string(dead) + "\nventris train\n");
  const std::string temp = fmt::format("checkpoint_2.safetensors.tmp-{}-AbCd12", dead);
  write_file(m + "/" + temp, "half a checkpoint");
  write_file(m + "/checkpoint_last.safetensors.tmp-link", "x");  // a link being replaced
  write_file(m + "/notes.txt.tmp-AbCd12", "not ours");
  const CommandResult r = run_ventris(train_args(m));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("taking over the lock left by pid " + std::to_string(dead)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("removed '" + m + "/" + temp + "', left by an interrupted write (pid " + std::to_string(dead)),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(m + "/" + temp));
  EXPECT_FALSE(fs::exists(m + "/checkpoint_last.safetensors.tmp-link"));
  EXPECT_TRUE(fs::exists(m + "/notes.txt.tmp-AbCd12")) << "only temps of training files are ours";
  EXPECT_TRUE(fs::exists(m + "/checkpoint_last.safetensors"));
  EXPECT_FALSE(fs::exists(io::lock_file_in(m))) << "released at the end";
}

class PreprocessWriters : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cmd = "python3 " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/make_toy_corpus.py --out " +
                            (tmp_ / "toy") + " --train-size 30000 --valid-size 20 --test-size 20 > /dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  std::vector<std::string> args(const std::string& out) const {
    return {"preprocess", "--train-src", tmp_ / "toy/train.src", "--train-tgt", tmp_ / "toy/train.tgt",
            "--out",      out,           "--vocab-size",           "200",         "--log-level", "warn"};
  }
  std::string command(const std::string& out) const {
    std::string text;
    for (const auto& a : args(out)) text += a + " ";
    return text;
  }
  ScopedTempDir tmp_{"ventris-writers"};
};

TEST_F(PreprocessWriters, ALockedOutputIsRefusedAndLeftoversOfKilledRunsAreCleared) {
  const std::string out = tmp_ / "data";
  {
    io::FolderLock holder(io::lock_file_beside(out), "output folder", "ventris preprocess");
    expect_one_line_error(run_ventris(command(out)), 1,
                          {"output folder '" + out + "' is in use by another ventris process (pid " +
                           std::to_string(::getpid()) + ", ventris preprocess)"});
    EXPECT_FALSE(fs::exists(out));
  }
  // A run killed between its two renames: the previous dataset sits at data.old.
  fs::create_directory(out + ".old");
  write_file(out + ".old/marker", "previous dataset");
  // And the temp folders of killed runs, tagged (a pid that ended) and untagged (an older version).
  const std::string tagged = fmt::format("{}.tmp-{}-AbCd12", out, ended_pid());
  for (const std::string& folder : {tagged, out + ".tmp-XyZ987"}) {
    fs::create_directory(folder);
    write_file(folder + "/train.bin", "half");
  }
  const CommandResult r = run_ventris(command(out));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("warning [io] restored '" + out + "' from '" + out + ".old'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\nerror: output folder '" + out + "' already exists (use --force"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out + "/marker"), "previous dataset") << "restored from data.old";
  EXPECT_EQ(names_in(tmp_.path()), (std::vector<std::string>{"data", "toy"}));
}

TEST_F(PreprocessWriters, SigintOrSigtermRemovesTheTempFolderAndTheLock) {
  for (const int sig : {SIGINT, SIGTERM}) {
    const std::string out = tmp_ / ("data-" + std::to_string(sig));
    SpawnedVentris run(args(out), tmp_ / "stdout", tmp_ / "stderr");
    const std::string temp_prefix = fs::path(out).filename().string() + ".tmp-" + std::to_string(run.pid()) + "-";
    ASSERT_TRUE(wait_until([&] { return count_with(tmp_.path(), temp_prefix) == 1 || !run.running(); }, 120))
        << "the temp folder did not appear";
    ASSERT_TRUE(run.running()) << "finished before the signal: " << read_file(tmp_ / "stderr");
    run.signal(sig);
    EXPECT_EQ(run.wait(), 128 + sig) << read_file(tmp_ / "stderr");
    EXPECT_EQ(count_with(tmp_.path(), ".tmp-"), 0) << "temp folder left";
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(io::lock_file_beside(out))) << "lock file left";
  }
}

TEST(WritersCli, TranslateRemovesItsTempOutputOnSigintOrSigtermAndStaleTempsAtStart) {
  ScopedTempDir tmp("ventris-writers");
  const std::string model = tmp / "model.vt";
  save_random_model(model);
  const std::string out = tmp / "out.txt";
  const std::string dead_temp = fmt::format("{}.tmp-{}-AbCd12", out, ended_pid());
  const std::string live_temp = fmt::format("{}.tmp-{}-AbCd12", out, ::getpid());  // a live writer's
  write_file(dead_temp, "lost");
  write_file(live_temp, "in progress");
  for (const int sig : {SIGINT, SIGTERM}) {
    // Standard input stays open: translate waits for lines with its temp output open.
    SpawnedVentris run({"translate", "-m", model, "-o", out, "--input-format", "ids", "--output-format", "ids"},
                       tmp / "stdout", tmp / "stderr");
    const std::string own_prefix = "out.txt.tmp-" + std::to_string(run.pid()) + "-";
    ASSERT_TRUE(wait_until([&] { return count_with(tmp.path(), own_prefix) == 1 || !run.running(); }, 60))
        << read_file(tmp / "stderr");
    run.signal(sig);
    EXPECT_EQ(run.wait(), 128 + sig) << read_file(tmp / "stderr");
    EXPECT_EQ(count_with(tmp.path(), own_prefix), 0) << "temp output left after signal " << sig;
    EXPECT_FALSE(fs::exists(out));
  }
  EXPECT_FALSE(fs::exists(dead_temp)) << "a killed run's temp is removed at start";
  EXPECT_TRUE(fs::exists(live_temp)) << "a running writer's temp is not";
}

}  // namespace
}  // namespace ventris::test
