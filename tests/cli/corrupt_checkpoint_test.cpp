// Resume with a corrupt checkpoint_last (docs/train.md, docs/reliability.md):
// the trainer falls back to the newest intact numbered checkpoint with a
// warning naming both, and trains the lost updates again — ending bit for bit
// where an uninterrupted run ends. With no intact checkpoint it stops with
// checkpoint_last's error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/run_binary.h"
#include "train/toy_data.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

std::string train_args(const std::string& model_dir, int max_updates) {
  return "train --data " + toy_data_dir() + " --model-dir " + model_dir + " --max-updates " +
         std::to_string(max_updates) +
         " --encoder-layers 1 --decoder-layers 1 --d-model 16 --ffn-dim 32 --heads 2 --max-tokens 400"
         " --warmup-updates 1 --log-interval-updates 1 --validate-interval-updates 2 --save-interval-updates 2";
}

// Flips one byte of the tensor data (the end of the file): the checksum no longer matches.
void corrupt(const std::string& path) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(-5, std::ios::end);
  char byte = 0;
  f.read(&byte, 1);
  f.seekp(-5, std::ios::end);
  byte = static_cast<char>(byte ^ 0x5a);
  f.write(&byte, 1);
}

TEST(CorruptCheckpoint, ResumeFallsBackToTheNewestIntactCheckpointAndEndsBitForBit) {
  ScopedTempDir tmp("ventris-corrupt-ckpt");
  ASSERT_EQ(run_ventris(train_args(tmp / "straight", 6)).exit_code, 0);
  const std::string m = tmp / "m";
  ASSERT_EQ(run_ventris(train_args(m, 4)).exit_code, 0);
  corrupt(m + "/checkpoint_4.safetensors");  // checkpoint_last is a hard link to it: both are hit
  const CommandResult r = run_ventris(train_args(m, 6));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("cannot resume from " + m + "/checkpoint_last.safetensors (" + m +
                       "/checkpoint_last.safetensors: corrupted: data checksum"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(m + "/checkpoint_4.safetensors is not intact either"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("resuming from the newest intact checkpoint, " + m + "/checkpoint_2.safetensors (update 2)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("resumed from update 2"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(m + "/checkpoint_last.safetensors"), read_file(tmp / "straight/checkpoint_last.safetensors"))
      << "updates 3-6 trained again end where the uninterrupted run ends";
}

TEST(CorruptCheckpoint, NoIntactCheckpointIsAnError) {
  ScopedTempDir tmp("ventris-corrupt-ckpt");
  const std::string m = tmp / "m";
  ASSERT_EQ(run_ventris(train_args(m, 4)).exit_code, 0);
  corrupt(m + "/checkpoint_4.safetensors");
  corrupt(m + "/checkpoint_2.safetensors");
  const CommandResult r = run_ventris(train_args(m, 6));
  EXPECT_EQ(r.exit_code, 1);
  const size_t last_line = r.err.rfind("\nerror: ");
  ASSERT_NE(last_line, std::string::npos) << r.err;
  EXPECT_NE(r.err.find("corrupted: data checksum", last_line), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(and no numbered checkpoint in " + m + " is intact to resume from instead)", last_line),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace ventris::test
