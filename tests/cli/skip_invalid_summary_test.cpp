// --skip-invalid names the first few invalid lines and then only counts them:
// one summary line instead of a warning per line (issue #18).
#include <gtest/gtest.h>

#include <string>

#include "cli/random_model_file.h"
#include "cli/run_binary.h"

namespace ventris::test {
namespace {

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(SkipInvalidSummary, TranslateNamesThreeLinesAndCountsTheRest) {
  ScopedTempDir dir("ventris-skip-invalid");
  save_random_model(dir / "model.vt");
  std::string input;
  for (int i = 0; i < 500; ++i) input += i % 5 == 0 ? "5 6 7\n" : "5 \xff 6\n";  // 400 invalid lines
  write_file(dir / "in.txt", input);
  const CommandResult r = run_ventris("translate -m " + (dir / "model.vt") + " -i " + (dir / "in.txt") +
                                      " --input-format ids --output-format ids --max-len-b 3 --skip-invalid");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 500);
  EXPECT_EQ(occurrences(r.err, "is not valid UTF-8 (byte 3): writing an empty line"), 3u) << r.err;
  EXPECT_NE(r.err.find("input line 2 is not valid UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("400 input lines in all were not valid UTF-8 and became empty lines (the first 3 named above)"),
            std::string::npos)
      << r.err;
  EXPECT_LT(std::count(r.err.begin(), r.err.end(), '\n'), 10) << r.err;
}

}  // namespace
}  // namespace ventris::test
