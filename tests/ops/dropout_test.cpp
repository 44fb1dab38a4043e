#include "ops/dropout.h"

#include "core/philox.h"
#include "core/threads.h"
#include "op_test_util.h"

namespace ventris {
namespace {

TEST(Dropout, KeepsAboutOneMinusPAndScalesSurvivors) {
  Tensor x = Tensor::full({100000}, 1.f);
  Tensor y = ops::dropout(x, 0.3f, 42, 7);
  auto v = y.to_vector<float>();
  int64_t kept = 0;
  for (float e : v) {
    ASSERT_TRUE(e == 0.f || std::fabs(e - 1.f / 0.7f) < 1e-6f);
    kept += e != 0.f;
  }
  EXPECT_NEAR(kept / 100000.0, 0.7, 0.01);
}

TEST(Dropout, MaskIsPureFunctionOfSeedStreamAndIndex) {
  Tensor x = test::random_tensor({33, 7}, 1);
  Tensor a = ops::dropout(x, 0.5f, 123, 9), b = ops::dropout(x, 0.5f, 123, 9);
  EXPECT_EQ(a.to_vector<float>(), b.to_vector<float>());
  EXPECT_NE(a.to_vector<float>(), ops::dropout(x, 0.5f, 124, 9).to_vector<float>());
  EXPECT_NE(a.to_vector<float>(), ops::dropout(x, 0.5f, 123, 10).to_vector<float>());
  // Element i is kept exactly when philox_uniform_at(seed, stream, i) >= p.
  auto av = a.to_vector<float>(), xv = x.to_vector<float>();
  for (int64_t i = 0; i < x.numel(); ++i) {
    bool keep = philox_uniform_at(123, 9, static_cast<uint64_t>(i)) >= 0.5f;
    EXPECT_EQ(av[i], keep ? xv[i] * 2.f : 0.f) << i;
  }
}

TEST(Dropout, SameBitsAtOneAndTwoThreads) {
  Tensor x = test::random_tensor({1 << 16}, 2);
  int saved = num_threads();
  set_num_threads(1);
  auto one = ops::dropout(x, 0.1f, 5, 6).to_vector<float>();
  set_num_threads(2);
  auto two = ops::dropout(x, 0.1f, 5, 6).to_vector<float>();
  set_num_threads(saved);
  EXPECT_EQ(one, two);
}

TEST(Dropout, ZeroProbabilityIsIdentityAndInvalidPThrows) {
  Tensor x = test::random_tensor({5}, 3);
  EXPECT_TRUE(ops::dropout(x, 0.f, 1, 1).shares_storage(x));
  EXPECT_THROW(ops::dropout(x, 1.f, 1, 1), Error);
}

}  // namespace
}  // namespace ventris
