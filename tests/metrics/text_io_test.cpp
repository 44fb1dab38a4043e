// Reading files as sacreBLEU's command line does: '\n' splits, rstrip,
// BOM kept, CRLF and NBSP at line ends removed, UTF-8 errors with file:line.
#include <gtest/gtest.h>

#include "core/error_types.h"

#include "cli/run_binary.h"
#include "metrics/text_io.h"

namespace ventris::test {
namespace {

using metrics::Segments;

TEST(MetricsTextIo, LinesAreSplitOnNewlineAndRightStripped) {
  Segments s = Segments::from_text("\ufeffa b\r\n\nc\u00a0\u3000 \n d\re\n", "t.txt");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.lines()[0], "\ufeffa b");  // BOM kept, CR stripped
  EXPECT_EQ(s.lines()[1], "");           // empty lines stay
  EXPECT_EQ(s.lines()[2], "c");          // NBSP and U+3000 are whitespace
  EXPECT_EQ(s.lines()[3], " d\re");      // leading space and inner CR kept
}

TEST(MetricsTextIo, FinalLineWithoutNewlineAndEmptyText) {
  EXPECT_EQ(Segments::from_text("a\nb", "t").size(), 2u);
  EXPECT_EQ(Segments::from_text("", "t").size(), 0u);
  EXPECT_EQ(Segments::from_text("\n", "t").size(), 1u);
}

TEST(MetricsTextIo, InvalidUtf8NamesFileAndLine) {
  try {
    Segments::from_text("ok\nstill ok\nbad \xff here\n", "hyp.txt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("hyp.txt:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0xFF"), std::string::npos) << e.what();
  }
}

TEST(MetricsTextIo, MissingFileIsNamed) {
  try {
    Segments::read("/nonexistent/ref.txt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/ref.txt"), std::string::npos) << e.what();
  }
}

TEST(MetricsTextIo, ReadsMappedFilesAndKeepsViewsAcrossMoves) {
  ScopedTempDir dir("ventris-textio");
  write_file(dir / "a.txt", "one\ntwo \r\n");
  std::vector<Segments> files;
  files.push_back(Segments::read(dir / "a.txt"));
  files.push_back(Segments::from_text("x\n", "x"));  // may move the first
  ASSERT_EQ(files[0].size(), 2u);
  EXPECT_EQ(files[0].lines()[1], "two");
  EXPECT_EQ(metrics::read_segments(dir / "a.txt"), (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace ventris::test
