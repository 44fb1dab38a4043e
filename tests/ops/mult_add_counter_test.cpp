#include "ops/mult_add_counter.h"

#include <gtest/gtest.h>

#include "ops/matmul.h"

namespace ventris::ops {
namespace {

TEST(MultAddCounter, CountsEveryGemmOnceForEachLiveCounter) {
  const Tensor a = Tensor::zeros({2, 3, 4}, DType::F32);
  const Tensor w = Tensor::zeros({4, 5}, DType::F32);
  const Tensor b = Tensor::zeros({2, 4, 6}, DType::F32);
  matmul(a, w);  // not counted: no counter alive
  MultAddCounter outer;
  matmul(a, w);  // 6 rows x 5 outputs x 4
  {
    MultAddCounter inner;
    matmul(a, b);  // 2 x (3 x 6 x 4)
    EXPECT_EQ(inner.total(), 144);
  }
  matmul(a, b, false, false);
  EXPECT_EQ(outer.total(), 120 + 144 + 144);
}

}  // namespace
}  // namespace ventris::ops
