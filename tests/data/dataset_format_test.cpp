#include "data/dataset_format.h"

#include <gtest/gtest.h>

#include "error_message.h"

#include <filesystem>

#include "cli/run_binary.h"
#include "core/error.h"

namespace ventris::data {
namespace {

using test::error_of;

TEST(DatasetFormat, RoundTripWithEmptyAndOddLengths) {
  test::ScopedTempDir tmp("ventris-ds");
  const std::vector<std::vector<int32_t>> src{{5, 6, 2}, {7, 2}, {2}}, tgt{{8, 2}, {}, {9, 10, 11, 2}};
  {
    DatasetWriter w(tmp / "train.bin", "src-sum", "tgt-sum");
    for (size_t i = 0; i < src.size(); ++i) w.add(src[i], tgt[i]);
    w.finish();
  }
  Dataset d(tmp / "train.bin");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.header().src_tokens, 6u);
  EXPECT_EQ(d.header().tgt_tokens, 6u);
  EXPECT_EQ(d.header().src_vocab_checksum, "src-sum");
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(std::vector<int32_t>(d.src(i).begin(), d.src(i).end()), src[i]);
    EXPECT_EQ(std::vector<int32_t>(d.tgt(i).begin(), d.tgt(i).end()), tgt[i]);
  }
  EXPECT_THROW(d.src(3), Error);
  // Only the dataset itself is left (no temp or index files).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1);
}

TEST(DatasetFormat, UnfinishedWriterLeavesNothing) {
  test::ScopedTempDir tmp("ventris-ds");
  {
    DatasetWriter w(tmp / "train.bin", "", "");
    w.add(std::vector<int32_t>{1, 2}, std::vector<int32_t>{3});
  }  // e.g. an exception before finish()
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
}

TEST(DatasetFormat, BadFilesGiveOneLineErrorsNamingTheFile) {
  test::ScopedTempDir tmp("ventris-ds");
  {
    DatasetWriter w(tmp / "ok.bin", "a", "b");
    w.add(std::vector<int32_t>{1, 2, 3}, std::vector<int32_t>{4, 5});
    w.finish();
  }
  std::string bytes = test::read_file(tmp / "ok.bin");
  test::write_file(tmp / "short.bin", bytes.substr(0, bytes.size() - 4));
  std::string e1 = error_of([&] { Dataset d(tmp / "short.bin"); });
  EXPECT_NE(e1.find("truncated"), std::string::npos) << e1;
  EXPECT_NE(e1.find("short.bin"), std::string::npos) << e1;
  std::string future = bytes;
  future[8] = 9;  // format version field
  test::write_file(tmp / "future.bin", future);
  std::string e2 = error_of([&] { Dataset d(tmp / "future.bin"); });
  EXPECT_NE(e2.find("format version 9"), std::string::npos) << e2;
  test::write_file(tmp / "text.bin", std::string(300, 'x'));
  EXPECT_NE(error_of([&] { Dataset d(tmp / "text.bin"); }).find("bad magic"), std::string::npos);
  EXPECT_NE(error_of([&] { Dataset d(tmp / "missing.bin"); }).find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace ventris::data
