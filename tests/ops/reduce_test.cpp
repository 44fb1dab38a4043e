#include "ops/reduce.h"

#include "core/threads.h"
#include "op_test_util.h"

namespace ventris {
namespace {

TEST(Reduce, SumAndMeanAlongEachDim) {
  Tensor x = test::random_tensor({3, 4, 5}, 1);
  auto xv = x.to_vector<float>();
  for (int dim = 0; dim < 3; ++dim) {
    const int64_t dims[3] = {3, 4, 5};
    std::vector<int64_t> out_dims;
    for (int i = 0; i < 3; ++i)
      if (i != dim) out_dims.push_back(dims[i]);
    std::vector<double> ref(60 / dims[dim], 0.0);
    for (int64_t a = 0; a < 3; ++a)
      for (int64_t b = 0; b < 4; ++b)
        for (int64_t c = 0; c < 5; ++c) {
          int64_t idx[3] = {a, b, c};
          int64_t o = 0;
          for (int i = 0; i < 3; ++i)
            if (i != dim) o = o * dims[i] + idx[i];
          ref[o] += xv[(a * 4 + b) * 5 + c];
        }
    Tensor s = ops::sum(x, dim);
    EXPECT_EQ(s.shape(), Shape(out_dims));
    test::expect_close(s, ref);
    for (auto& r : ref) r /= dims[dim];
    test::expect_close(ops::mean(x, dim, true), ref);
    EXPECT_EQ(ops::mean(x, dim, true).size(dim), 1);
  }
}

TEST(Reduce, FullSumIsThreadCountIndependent) {
  Tensor x = test::random_tensor({100003}, 2);
  int saved = num_threads();
  set_num_threads(1);
  float one = ops::sum(x).item();
  set_num_threads(2);
  float two = ops::sum(x).item();
  set_num_threads(saved);
  EXPECT_EQ(one, two);
  double ref = 0;
  for (float v : x.to_vector<float>()) ref += v;
  EXPECT_NEAR(one, ref, 1e-3);
  EXPECT_NEAR(ops::mean(x).item(), ref / 100003, 1e-7);
}

TEST(Reduce, ExpandAlongIsTheBackwardOfSum) {
  Tensor g = Tensor::from_vector<float>({1, 2, 3}, {3});
  Tensor e = ops::expand_along(g, Shape{2, 3}, 0);
  EXPECT_EQ(e.to_vector<float>(), (std::vector<float>{1, 2, 3, 1, 2, 3}));
  EXPECT_EQ(ops::sum(Tensor::zeros({0})).item(), 0.f);
}

}  // namespace
}  // namespace ventris
