// The tensor list behind the multi-tensor kernels: chunk layout, the
// chunk -> (tensor, range) lookup around empty tensors, and argument errors.
#include <gtest/gtest.h>

#include <vector>

#include "core/error.h"
#include "ops/tensor_list.h"

namespace ventris {
namespace {

constexpr int64_t kChunk = math::kTensorListChunk;

TEST(TensorList, ChunksNeverSpanTensorsAndEmptyTensorsOwnNone) {
  // Empty first and last, one exactly one chunk long, one just over.
  std::vector<Tensor> ts;
  for (int64_t n : {int64_t{0}, int64_t{1}, kChunk, kChunk + 1, int64_t{0}}) ts.push_back(Tensor::zeros({n}));
  const ops::DeviceTensorList list({ts}, "test");
  const math::TensorChunks& c = list.chunks();
  ASSERT_EQ(c.count, 5);
  ASSERT_EQ(c.chunks, 4);
  EXPECT_EQ(std::vector<int64_t>(c.first_chunk, c.first_chunk + 6), (std::vector<int64_t>{0, 0, 1, 2, 4, 4}));
  const std::vector<math::Chunk> expected{{1, 0, 1}, {2, 0, kChunk}, {3, 0, kChunk}, {3, kChunk, kChunk + 1}};
  for (int64_t i = 0; i < c.chunks; ++i) {
    const math::Chunk got = math::chunk_at(c, i);
    EXPECT_EQ(got.tensor, expected[i].tensor) << "chunk " << i;
    EXPECT_EQ(got.begin, expected[i].begin) << "chunk " << i;
    EXPECT_EQ(got.end, expected[i].end) << "chunk " << i;
  }
  // Pointer arrays point at the tensors' data.
  for (size_t i = 0; i < ts.size(); ++i) EXPECT_EQ(list.operand(0)[i], ts[i].data<float>());
}

TEST(TensorList, OperandsMustAgreeAndBeF32) {
  const std::vector<Tensor> a{Tensor::zeros({3}), Tensor::zeros({4})};
  EXPECT_NO_THROW(ops::DeviceTensorList({a, a}, "test"));
  EXPECT_THROW(ops::DeviceTensorList({a, {Tensor::zeros({3})}}, "test"), Error);                     // count
  EXPECT_THROW(ops::DeviceTensorList({a, {Tensor::zeros({3}), Tensor::zeros({5})}}, "test"), Error);  // size
  EXPECT_THROW(ops::DeviceTensorList({{Tensor::zeros({3}, DType::I32)}}, "test"), Error);              // dtype
  EXPECT_THROW(ops::DeviceTensorList({{Tensor()}}, "test"), Error);                                   // undefined
  EXPECT_THROW(ops::DeviceTensorList({a}, "test").operand(1), Error);
}

}  // namespace
}  // namespace ventris
