// scripts/apply_bpe.py: subword-nmt's merge rule on hand-made codes, and line
// by line against fairseq's own BPE output of IWSLT'14 (../shared/data/iwslt14:
// tok/ -> fairseq-bpe/ with its bpe.codes) when the shared folder is present.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/run_binary.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

std::string apply_bpe(const std::string& args) {
  return "python3 " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/apply_bpe.py " + args;
}

TEST(ApplyBpe, MergesByRankAndMarksWordInternalBoundaries) {
  ScopedTempDir tmp("ventris-bpe");
  std::ofstream(tmp / "codes") << "#version: 0.2\nl o\nlo w</w>\ne r</w>\nn e\n";
  // lower: l o w e r</w> -> lo w e r</w> -> lo w er</w>; low: lo w</w> -> low</w>; unknown letters stay apart.
  CommandResult r = run_command(apply_bpe("-c " + (tmp / "codes")), "lower low  xyz\n\nnewer\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "lo@@ w@@ er low x@@ y@@ z\n\nne@@ w@@ er\n");

  r = run_command(apply_bpe("-c " + (tmp / "missing")), "a\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: cannot read BPE codes " + (tmp / "missing")), std::string::npos) << r.err;

  std::ofstream(tmp / "bad") << "#version: 0.2\na b c\n";
  r = run_command(apply_bpe("-c " + (tmp / "bad")), "a\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(tmp / "bad" + ":2: a BPE code is two symbols"), std::string::npos) << r.err;
}

TEST(ApplyBpe, ReproducesFairseqIwslt14FilesLineByLine) {
  const std::string shared = std::string(VENTRIS_SOURCE_DIR) + "/../shared/data/iwslt14";
  if (!fs::exists(shared + "/fairseq-bpe/bpe.codes"))
    GTEST_SKIP() << "../shared/data/iwslt14 not present: fairseq comparison skipped";
  ScopedTempDir tmp("ventris-bpe-iwslt");
  for (const char* split : {"test.de", "test.en", "valid.de", "valid.en"}) {
    const std::string out = tmp / split;
    const CommandResult r = run_command(apply_bpe("-c " + shared + "/fairseq-bpe/bpe.codes -i " + shared + "/tok/" +
                                                  split + " -o " + out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(read_file(out) == read_file(shared + "/fairseq-bpe/" + split)) << split << " differs from fairseq's";
  }
}

}  // namespace
}  // namespace ventris::test
