#include "nn/positional.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ventris::nn {
namespace {

// Acceptance test 8 (architectures.md §7): our table equals fairseq's for the
// first positions. Fixture made by tests/data/fixtures/make_positional_fixture.py.
TEST(Positional, EqualsFairseqTableFixture) {
  std::ifstream in(std::string(VENTRIS_SOURCE_DIR) + "/tests/data/fixtures/sinusoidal_positions.txt");
  ASSERT_TRUE(in.good());
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    int64_t dim, p;
    s >> dim >> p;
    Tensor table = sinusoidal_table(10, dim);
    for (int64_t j = 0; j < dim; ++j) {
      double expected;
      s >> expected;
      ASSERT_NEAR(table.data<float>()[p * dim + j], expected, 1e-7) << "dim " << dim << " pos " << p << " col " << j;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 20);
}

TEST(Positional, BatchPositionsStartAtTwoAndPadsAreZero) {
  const int32_t pad = 0;
  Tensor ids = Tensor::from_vector<int32_t>({5, 6, 7, 9, pad, pad}, {2, 3});
  Tensor pe = sinusoidal_positions(ids, 8, pad);
  Tensor table = sinusoidal_table(8, 8);
  auto row = [&](const Tensor& t, int64_t r) {
    const float* p = t.data<float>() + r * 8;
    return std::vector<float>(p, p + 8);
  };
  EXPECT_EQ(row(pe, 0), row(table, 2));  // first token -> position 2
  EXPECT_EQ(row(pe, 2), row(table, 4));
  EXPECT_EQ(row(pe, 3), row(table, 2));  // second sentence restarts
  EXPECT_EQ(row(pe, 4), std::vector<float>(8, 0.f));
  // Incremental decoding: step 3 of a sentence is position 2 + 3.
  Tensor step = sinusoidal_positions(Tensor::from_vector<int32_t>({1}, {1, 1}), 8, pad, 3);
  EXPECT_EQ(row(step, 0), row(table, 5));
}

}  // namespace
}  // namespace ventris::nn
