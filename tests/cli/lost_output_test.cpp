// Output lost on standard output fails the command (docs/reliability.md,
// "Checked writes"): every subcommand that prints, writing to /dev/full (a
// device whose writes fail with ENOSPC, as a full disk) or to a closed
// descriptor, exits 1 with one `error:` line instead of 0 with nothing written.
#include <gtest/gtest.h>

#include <string>

#include "cli/one_line_error.h"
#include "cli/run_binary.h"
#include "decode/tiny_translation_model.h"

namespace ventris::test {
namespace {

constexpr const char* kFull = "cannot write to standard output: No space left on device";

TEST(LostOutput, DumpConfigHelpAndConfigCheckFailOnAFullDevice) {
  ScopedTempDir dir("ventris-lost-output");
  write_file(dir / "ok.yaml", "seed: 3\n");
  expect_one_line_error(run_ventris_with_stdout("--dump-config", "/dev/full"), 1, {kFull});
  expect_one_line_error(run_ventris_with_stdout("--help", "/dev/full"), 1, {kFull});
  expect_one_line_error(run_ventris_with_stdout("--config " + (dir / "ok.yaml"), "/dev/full"), 1, {kFull});
  // The same commands succeed when standard output can be written.
  EXPECT_EQ(run_ventris("--dump-config").exit_code, 0);
}

TEST(LostOutput, ScoreFailsOnAFullDeviceAndOnAClosedDescriptor) {
  ScopedTempDir dir("ventris-lost-output");
  write_file(dir / "ref.txt", "the cat sat on the mat\n");
  const std::string args = "score " + (dir / "ref.txt") + " -i " + (dir / "ref.txt");
  expect_one_line_error(run_ventris_with_stdout(args, "/dev/full"), 1, {kFull});
  expect_one_line_error(run_ventris_with_stdout(args + " -sl", "/dev/full"), 1, {kFull});
  expect_one_line_error(run_ventris_with_stdout(args, "&-"), 1,
                        {"cannot write to standard output: Bad file descriptor"});
  const CommandResult ok = run_ventris(args + " -b");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "100.00\n");
}

TEST(LostOutput, InfoFailsOnAFullDevice) {
  const std::string args =
      "info --vocab-size 64 --d-model 16 --ffn-dim 32 --heads 2 --encoder-layers 1 --decoder-layers 1";
  expect_one_line_error(run_ventris_with_stdout(args, "/dev/full"), 1, {kFull});
  EXPECT_EQ(run_ventris(args).exit_code, 0);
}

// translate checks standard output after every batch: the first lost batch
// stops the run, and no "translated N sentences" success line is logged.
TEST(LostOutput, TranslateStopsAtTheFirstLostBatchWithoutReportingSuccess) {
  ScopedTempDir dir("ventris-lost-output");
  const std::string model = dir / "model.vt";
  decode::test::save_tiny_model(model);
  std::string input;
  for (int i = 0; i < 40; ++i) input += "two five\n";
  write_file(dir / "in.txt", input);
  const std::string args = "translate -m " + model + " -i " + (dir / "in.txt") + " --batch-size 4";
  const CommandResult lost = run_ventris_with_stdout(args, "/dev/full");
  EXPECT_EQ(lost.exit_code, 1) << lost.err;
  EXPECT_NE(lost.err.find(std::string("error: ") + kFull), std::string::npos) << lost.err;
  EXPECT_EQ(lost.err.find("translated"), std::string::npos) << lost.err;
  const CommandResult ok = run_ventris(args);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(std::count(ok.out.begin(), ok.out.end(), '\n'), 40);
}

}  // namespace
}  // namespace ventris::test
