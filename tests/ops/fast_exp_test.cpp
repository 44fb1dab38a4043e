#include "ops/math/fast_exp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ventris {
namespace {

TEST(FastExp, RelativeErrorBelowThreeUlpOverTheWholeRange) {
  double worst = 0;
  float worst_x = 0;
  for (float x = -87.f; x <= 88.3f; x += 0.001953125f) {
    const double ref = std::exp(static_cast<double>(x));
    const double err = std::fabs(math::fast_exp(x) - ref) / ref;
    if (err > worst) {
      worst = err;
      worst_x = x;
    }
  }
  EXPECT_LT(worst, 3.6e-7) << "at x = " << worst_x;  // 3 ulp of f32
}

TEST(FastExp, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(math::fast_exp(-inf), 0.f);
  EXPECT_EQ(math::fast_exp(-100.f), 0.f);
  EXPECT_EQ(math::fast_exp(0.f), 1.f);
  EXPECT_TRUE(std::isnan(math::fast_exp(std::nanf(""))));
  EXPECT_TRUE(std::isfinite(math::fast_exp(88.3f)));
  EXPECT_NEAR(math::fast_exp(1.f), 2.7182818f, 3e-7f);
}

}  // namespace
}  // namespace ventris
