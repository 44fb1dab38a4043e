// Hostile numbers on the command line and in YAML (docs/reliability.md,
// "Limits"): every numeric option's range is checked where the value is read,
// with one line naming the flag or file, the key and the range; --threads
// above the cores is lowered with a warning; a repeated flag and a bare
// `ventris` are usage errors worded for people.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "cli/one_line_error.h"
#include "cli/run_binary.h"
#include "core/threads.h"

namespace ventris::test {
namespace {

TEST(HostileNumbers, OutOfRangeFlagsNameTheFlagKeyAndRange) {
  // Exit 1, before the model file is even opened.
  expect_one_line_error(run_ventris("translate -m none --beam 100000"), 1,
                        {"flag --beam: key 'translate.beam' must be in [1, 10000], got 100000"});
  expect_one_line_error(run_ventris("translate -m none --batch-size -1"), 1,
                        {"flag --batch-size", "must be in [0, 1000000], got -1"});
  expect_one_line_error(run_ventris("translate -m none --max-tokens -5"), 1, {"flag --max-tokens", "got -5"});
  expect_one_line_error(run_ventris("train --max-tokens -5"), 1,
                        {"flag --max-tokens: key 'train.max_tokens' must be in [1, 1000000000], got -5"});
  expect_one_line_error(run_ventris("train --dropout 1"), 1, {"key 'model.dropout' must be in [0, 1), got 1"});
  expect_one_line_error(run_ventris("train --lr .inf"), 1, {"key 'train.lr' must be a finite number, got '.inf'"});
  expect_one_line_error(run_ventris("train --lite-encoder-kernel-sizes 3,0"), 1,
                        {"key 'model.lite_encoder_kernel_sizes' must be in [1, 4095], got 0"});
  for (const char* size : {"0", "-3"})
    expect_one_line_error(run_ventris(std::string("preprocess --vocab-size ") + size), 1,
                          {"flag --vocab-size: key 'preprocess.vocab_size' must be in [8, 1048576]"});
  expect_one_line_error(run_ventris("preprocess --character-coverage 0.5"), 1, {"must be in [0.98, 1], got 0.5"});
  // score follows sacreBLEU: a bad value is a usage error, exit code 2.
  expect_one_line_error(run_ventris("score ref --paired-bs-n 0"), 2, {"flag --paired-bs-n", "[1, 1000000]"});
  expect_one_line_error(run_ventris("score ref -w 60"), 2, {"key 'score.width' must be in [0, 50], got 60"});
}

// SentencePiece trains fewer pieces than asked when the text has too few: said, not silent.
TEST(HostileNumbers, AVocabularySizeTheCorpusCannotFillIsAWarning) {
  ScopedTempDir dir("ventris-vocab");
  std::string text;
  for (int i = 0; i < 50; ++i) text += "the cat sat on the mat number " + std::to_string(i) + "\n";
  write_file(dir / "a.txt", text);
  const CommandResult r = run_ventris("preprocess --train-src " + (dir / "a.txt") + " --train-tgt " + (dir / "a.txt") +
                                     " --out " + (dir / "out") + " --vocab-size 5000 --log-level warn");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 31 pieces here: the specials, the characters, a few words.
  EXPECT_NE(r.err.find("the joint vocabulary has 31 pieces, not --vocab-size 5000: the training text has too few "
                       "distinct pieces for more"),
            std::string::npos)
      << r.err;
}

TEST(HostileNumbers, YamlValuesMeetTheSameRanges) {
  ScopedTempDir dir("ventris-ranges");
  write_file(dir / "bad.yaml", "translate:\n  nbest: 0\n");
  expect_one_line_error(run_ventris("--config " + (dir / "bad.yaml")), 1,
                        {"bad.yaml: key 'translate.nbest' must be in [1, 10000], got 0"});
  write_file(dir / "nan.yaml", "train:\n  label_smoothing: .nan\n");
  expect_one_line_error(run_ventris("--config " + (dir / "nan.yaml")), 1,
                        {"key 'train.label_smoothing' must be a finite number"});
  // Every default lies in its range: the dumped configuration loads back.
  const CommandResult dump = run_ventris("--dump-config");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  write_file(dir / "dump.yaml", dump.out);
  const CommandResult again = run_ventris("--config " + (dir / "dump.yaml"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  // The ranges are stated where users look: --help and --dump-config.
  EXPECT_NE(dump.out.find("beam size; 1 = greedy decoding ([1, 10000])"), std::string::npos);
  EXPECT_NE(run_ventris("train --help").out.find("([1, 1000000000])"), std::string::npos);
}

TEST(HostileNumbers, ThreadsAboveTheCoresAreLoweredWithAWarningAndAbsurdCountsRefused) {
  const int cores = available_cores();
  EXPECT_EQ(threads_for_request(0), cores);
  EXPECT_EQ(threads_for_request(1), 1);
  EXPECT_EQ(threads_for_request(1000), cores);
  expect_one_line_error(run_ventris("--threads 100000 --dump-config"), 1,
                        {"flag --threads: key 'threads' must be in [0, 1024], got 100000"});
  ScopedTempDir dir("ventris-threads");
  write_file(dir / "ref.txt", "a b c d\n");
  const CommandResult r = run_ventris("--threads 1000 score " + (dir / "ref.txt") + " -i " + (dir / "ref.txt") + " -b");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "100.00\n");
  EXPECT_NE(r.err.find(fmt::format("--threads 1000 is more than the {} cores this process may use: using {}", cores,
                                   cores)),
            std::string::npos)
      << r.err;
}

TEST(HostileNumbers, ARepeatedFlagIsOneCleanUsageLine) {
  expect_one_line_error(run_ventris("translate -m none --beam 5 --beam 6"), 2,
                        {"--beam is given 2 times (5, 6); give it once"});
  expect_one_line_error(run_ventris("--seed 1 --seed 2 --dump-config"), 2, {"--seed is given 2 times (1, 2)"});
  // A single-valued flag takes one word: the next one is the positional again.
  ScopedTempDir dir("ventris-repeat");
  write_file(dir / "ref.txt", "a b c d\n");
  const CommandResult r = run_ventris("score -w 1 " + (dir / "ref.txt") + " -i " + (dir / "ref.txt") + " -b");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "100.0\n");
}

TEST(HostileNumbers, BareVentrisPrintsUsageAndFails) {
  const CommandResult r = run_ventris("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("Usage: ventris"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\nerror: no subcommand given"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ventris::test
