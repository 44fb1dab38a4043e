// The GEMM autocast on the CPU (ops/autocast.h): inputs rounded to bf16/f16,
// f32 accumulation, against a reference that rounds in double by its own
// rule (not core/half.h) and accumulates in double.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ops/autocast.h"
#include "ops/matmul.h"
#include "op_test_util.h"

namespace ventris {
namespace {

using math::GemmPrecision;
using test::random_tensor;

// x rounded to nearest-even with `bits` significant bits and normal exponents
// down to `min_exp` (below that, subnormal spacing); |result| above `max` is inf.
double round_reference(double x, int bits, int min_exp, double max) {
  if (x == 0 || !std::isfinite(x)) return x;
  int e = 0;
  std::frexp(x, &e);  // x = f * 2^e, 0.5 <= |f| < 1: the leading bit is 2^(e-1)
  const double quantum = std::ldexp(1.0, std::max(e - 1, min_exp) - (bits - 1));
  const double r = std::nearbyint(x / quantum) * quantum;  // the default rounding mode: ties to even
  return std::fabs(r) > max ? std::copysign(std::numeric_limits<double>::infinity(), r) : r;
}

double round_reference(GemmPrecision p, double x) {
  if (p == GemmPrecision::F32) return x;
  return p == GemmPrecision::BF16 ? round_reference(x, 8, -126, 3.3895313892515355e38)
                                  : round_reference(x, 11, -14, 65504.0);
}

// C = op(A)·op(B) over rounded inputs in double; b 2-D is shared by the batch.
std::vector<double> reference(GemmPrecision p, const Tensor& a, const Tensor& b, int64_t batch, int64_t m, int64_t n,
                              int64_t k, bool ta, bool tb) {
  auto av = a.to_vector<float>(), bv = b.to_vector<float>();
  const bool b_shared = b.rank() == 2;
  std::vector<double> c(static_cast<size_t>(batch * m * n), 0.0);
  for (int64_t s = 0; s < batch; ++s)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t q = 0; q < k; ++q) {
          const double x = av[s * m * k + (ta ? q * m + i : i * k + q)];
          const double y = bv[(b_shared ? 0 : s * k * n) + (tb ? j * k + q : q * n + j)];
          acc += round_reference(p, x) * round_reference(p, y);
        }
        c[(s * m + i) * n + j] = acc;
      }
  return c;
}

class GemmAutocast : public ::testing::TestWithParam<GemmPrecision> {};

TEST_P(GemmAutocast, RoundingRuleMatchesTheIndependentReference) {
  // Ties, subnormals, overflow and large exponents, element by element.
  const std::vector<float> cases{1.f + 1.f / 256, 1.f + 3.f / 256, 1.f + 1.f / 2048, 1.f + 3.f / 2048, 3e-6f, -7e-8f,
                                 1e-30f, 65519.f, 65520.f, 70000.f, -1e20f, 0.333333f, -2.71828f};
  for (float x : cases) {
    const double expected = round_reference(GetParam(), x);
    EXPECT_EQ(static_cast<double>(math::round_to_precision(GetParam(), x)), expected) << x;
  }
}

TEST_P(GemmAutocast, LinearAndBatchedFormsMatchRoundedDoubleReference) {
  const GemmPrecision p = GetParam();
  uint32_t seed = 100;
  double largest_rounding_effect = 0;
  for (int64_t m : {1, 7, 33})
    for (int64_t k : {1, 7, 513})
      for (int64_t n : {1, 33})
        for (bool ta : {false, true})
          for (bool tb : {false, true}) {
            // Linear form (a 2-D so trans_a is allowed) and batched form [3, ...].
            Tensor a = random_tensor(ta ? Shape{k, m} : Shape{m, k}, seed++);
            Tensor b = random_tensor(tb ? Shape{n, k} : Shape{k, n}, seed++);
            Tensor ab = random_tensor(ta ? Shape{3, k, m} : Shape{3, m, k}, seed++);
            Tensor bb = random_tensor(tb ? Shape{3, n, k} : Shape{3, k, n}, seed++);
            Tensor c, cb;
            {
              ops::AutocastScope scope(p);
              c = ops::matmul(a, b, ta, tb);
              cb = ops::matmul(ab, bb, ta, tb);
            }
            EXPECT_EQ(ops::gemm_precision(), GemmPrecision::F32);  // the scope restored f32
            // f32 accumulation of exact products: errors of order k * 2^-24 * sum |terms|.
            const double tol = 2e-6 * static_cast<double>(k) + 1e-6;
            test::expect_close(c, reference(p, a, b, 1, m, n, k, ta, tb), tol, 1e-5);
            test::expect_close(cb, reference(p, ab, bb, 3, m, n, k, ta, tb), tol, 1e-5);
            // The rounding must show: against the unrounded product the error is far above f32's.
            const auto exact = reference(GemmPrecision::F32, ab, bb, 3, m, n, k, ta, tb);
            const auto got = cb.to_vector<float>();
            for (size_t i = 0; i < got.size(); ++i)
              largest_rounding_effect = std::max(largest_rounding_effect, std::fabs(got[i] - exact[i]));
          }
  EXPECT_GT(largest_rounding_effect, p == GemmPrecision::BF16 ? 1e-2 : 1e-4);
}

TEST_P(GemmAutocast, Fp16OverflowIsInfiniteAndBf16KeepsTheRange) {
  Tensor a = Tensor::from_vector<float>({70000.f, 1.f}, {1, 2}), b = Tensor::from_vector<float>({1.f, 1.f}, {2, 1});
  ops::AutocastScope scope(GetParam());
  const float c = ops::matmul(a, b).to_vector<float>()[0];
  if (GetParam() == GemmPrecision::F16)
    EXPECT_TRUE(std::isinf(c));
  else
    EXPECT_EQ(c, 70144.f + 1.f);  // 70000 -> 137 * 2^9 in bf16
}

INSTANTIATE_TEST_SUITE_P(Precisions, GemmAutocast, ::testing::Values(GemmPrecision::BF16, GemmPrecision::F16),
                         [](const auto& info) { return std::string(ops::precision_name(info.param)); });

// Without a scope, matmul is the f32 GEMM it always was, bit for bit.
TEST(GemmAutocastScope, F32ScopeAndNoScopeGiveIdenticalBits) {
  Tensor a = random_tensor({5, 17}, 1), b = random_tensor({17, 9}, 2);
  const auto plain = ops::matmul(a, b).to_vector<float>();
  ops::AutocastScope scope(GemmPrecision::F32);
  EXPECT_EQ(ops::matmul(a, b).to_vector<float>(), plain);
  EXPECT_EQ(ops::parse_precision("bf16"), GemmPrecision::BF16);
  EXPECT_THROW(ops::parse_precision("fp8"), Error);
}

}  // namespace
}  // namespace ventris
