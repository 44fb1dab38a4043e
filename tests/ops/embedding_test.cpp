#include "ops/embedding.h"

#include <climits>

#include "op_test_util.h"

namespace ventris {
namespace {

TEST(Embedding, GatherRowsForI32AndI64Ids) {
  Tensor w = test::random_tensor({10, 7}, 1);
  auto wv = w.to_vector<float>();
  std::vector<int32_t> ids32{3, 0, 9, 3};
  std::vector<int64_t> ids64(ids32.begin(), ids32.end());
  std::vector<double> ref;
  for (int id : ids32) ref.insert(ref.end(), wv.begin() + id * 7, wv.begin() + id * 7 + 7);
  Tensor a = ops::embedding(w, Tensor::from_vector(ids32, {2, 2}));
  EXPECT_EQ(a.shape(), (Shape{2, 2, 7}));
  test::expect_close(a, ref, 0, 0);
  test::expect_close(ops::embedding(w, Tensor::from_vector(ids64, {4})), ref, 0, 0);
}

TEST(Embedding, I32TablesAreGatheredBitForBit) {
  // Extreme values and a pattern that would be a signalling NaN as a float.
  const std::vector<int32_t> table{INT32_MIN, -1, 0, 1, INT32_MAX, 0x7f800001};
  Tensor out = ops::embedding(Tensor::from_vector(table, {3, 2}), Tensor::from_vector<int64_t>({2, 0, 2, 1}, {4}));
  EXPECT_EQ(out.dtype(), DType::I32);
  EXPECT_EQ(out.shape(), (Shape{4, 2}));
  EXPECT_EQ(out.to_vector<int32_t>(),
            (std::vector<int32_t>{INT32_MAX, 0x7f800001, INT32_MIN, -1, INT32_MAX, 0x7f800001, 0, 1}));
  EXPECT_THROW(ops::embedding(Tensor::zeros({3, 2}, DType::I64), Tensor::from_vector<int32_t>({0}, {1})), Error);
}

TEST(Embedding, BackwardScatterAddsRepeatedIdsAndSkipsPadding) {
  std::vector<int32_t> ids{2, 1, 2, 0, 2};
  Tensor grad = test::random_tensor({5, 3}, 2);
  auto g = grad.to_vector<float>();
  Tensor gw = ops::embedding_backward(grad, Tensor::from_vector(ids, {5}), 4, /*padding_idx=*/1);
  std::vector<double> ref(12, 0.0);
  for (int i = 0; i < 5; ++i)
    if (ids[i] != 1)
      for (int j = 0; j < 3; ++j) ref[ids[i] * 3 + j] += g[i * 3 + j];
  test::expect_close(gw, ref);
}

TEST(Embedding, OutOfRangeIdNamesTheId) {
  Tensor w = Tensor::zeros({4, 2});
  try {
    ops::embedding(w, Tensor::from_vector<int32_t>({1, 4}, {2}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("id 4"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ventris
