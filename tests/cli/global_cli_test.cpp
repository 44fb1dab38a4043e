// End-to-end tests of the binary's global behaviour: --version, --help,
// config validation and exit codes.
#include <gtest/gtest.h>

#include <cstdlib>

#include "cli/run_binary.h"

namespace ventris::test {
namespace {

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(GlobalCli, VersionReportsBuildFacts) {
  auto r = run_ventris("--version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* key : {"ventris 0.", "commit:", "build type:", "BLAS:", "CUDA:", "threads:"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key << " missing in:\n" << r.out;
}

// OpenBLAS is the fallback GEMM, loaded on first use: linked, its worker
// threads would start (and spin) in every process, `score` included.
TEST(GlobalCli, ScoringNeitherLoadsOpenBlasNorStartsItsThreads) {
  ScopedTempDir dir("ventris-lazy-blas");
  write_file(dir / "ref.txt", "a b c\n");
  setenv("LD_DEBUG", "files", 1);  // the dynamic loader lists every library it opens on stderr
  auto r = run_ventris("score " + (dir / "ref.txt") + " -i " + (dir / "ref.txt"));
  unsetenv("LD_DEBUG");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("libdnnl"), std::string::npos) << "LD_DEBUG output expected:\n" << r.err.substr(0, 2000);
  EXPECT_EQ(r.err.find("libopenblas"), std::string::npos) << "OpenBLAS was loaded";
}

TEST(GlobalCli, HelpListsGlobalOptions) {
  auto r = run_ventris("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--config", "--dump-config", "--threads", "--device", "--seed", "--log-level", "--log-file"})
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
}

TEST(GlobalCli, UnknownConfigKeyIsOneLineNamingKeyAndFile) {
  ScopedTempDir tmp("ventris-cfg");
  const std::string& dir = tmp.path();
  write_file(dir + "/bad.yaml", "threads: 1\nnot_a_key: 3\n");
  auto r = run_ventris("--config " + dir + "/bad.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("error:"), std::string::npos);
  EXPECT_NE(r.err.find("not_a_key"), std::string::npos);
  EXPECT_NE(r.err.find("bad.yaml"), std::string::npos);
  EXPECT_TRUE(r.out.empty());
}

TEST(GlobalCli, WrongTypeNamesKeyTypeAndValue) {
  ScopedTempDir tmp("ventris-cfg");
  const std::string& dir = tmp.path();
  write_file(dir + "/bad.yaml", "seed: [1, 2]\n");
  auto r = run_ventris("--config " + dir + "/bad.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("'seed'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("integer"), std::string::npos) << r.err;
}

TEST(GlobalCli, PrecedenceDefaultsThenFilesInOrderThenFlags) {
  ScopedTempDir tmp("ventris-cfg");
  const std::string& dir = tmp.path();
  write_file(dir + "/a.yaml", "threads: 1\nseed: 11\nlog_level: warn\n");
  write_file(dir + "/b.yaml", "seed: 22\n");
  auto r = run_ventris("--config " + dir + "/a.yaml " + dir + "/b.yaml --log-level error --dump-config");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("threads: 1"), std::string::npos) << r.out;    // from a.yaml
  EXPECT_NE(r.out.find("seed: 22"), std::string::npos) << r.out;      // b.yaml overrides a.yaml
  EXPECT_NE(r.out.find("log_level: error"), std::string::npos) << r.out;  // flag overrides both
  EXPECT_NE(r.out.find("device: cpu"), std::string::npos) << r.out;   // default
}

// Enum keys (config/enum_names.h): names in files, flags and the dump, whose
// comments list the choices; a wrong name is one line naming key and choices.
TEST(GlobalCli, EnumKeysTakeNamesAndAWrongNameListsTheChoices) {
  auto dump = run_ventris("translate --input-format pieces --length-normalization gnmt --dump-config");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  for (const char* line : {"lr_scheduler: inverse_sqrt", "best_checkpoint_metric: loss", "precision: auto",
                           "input_format: pieces", "output_format: text", "length_normalization: gnmt",
                           "(one of: inverse_sqrt, cosine, constant)", "(one of: text, pieces, ids)"})
    EXPECT_NE(dump.out.find(line), std::string::npos) << line << " missing in:\n" << dump.out;

  ScopedTempDir tmp("ventris-cfg");
  write_file(tmp / "bad.yaml", "train:\n  lr_scheduler: foo\n");
  auto file = run_ventris("--config " + (tmp / "bad.yaml"));
  EXPECT_EQ(file.exit_code, 1);
  EXPECT_EQ(file.err, "error: " + (tmp / "bad.yaml") +
                          ": key 'train.lr_scheduler' must be one of inverse_sqrt, cosine, constant, got 'foo'\n");
  auto flag = run_ventris("translate --output-format xml --dump-config");
  EXPECT_EQ(flag.exit_code, 1);
  EXPECT_EQ(flag.err, "error: flag --output-format: key 'translate.output_format' must be one of text, pieces, ids, "
                      "got 'xml'\n");
  auto metric = run_ventris("train --best-checkpoint-metric accuracy --dump-config");
  EXPECT_EQ(metric.exit_code, 1);
  EXPECT_NE(metric.err.find("key 'train.best_checkpoint_metric' must be one of loss, bleu, got 'accuracy'"),
            std::string::npos)
      << metric.err;
}

TEST(GlobalCli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_ventris("--no-such-flag").exit_code, 2);
  EXPECT_EQ(run_ventris("--config /nonexistent/x.yaml").exit_code, 2);
  auto r = run_ventris("--device tpu --dump-config");
  EXPECT_EQ(r.exit_code, 0);  // --dump-config prints without validating devices
  ScopedTempDir tmp("ventris-cfg");
  const std::string& dir = tmp.path();
  write_file(dir + "/empty.yaml", "");
  auto bad = run_ventris("--device tpu --config " + dir + "/empty.yaml");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("tpu"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace ventris::test
