// Finite-difference gradient checks (finite_difference.h: the loss summed in
// double) for the Lite Transformer's convolutions: both operators, both
// paddings, every recipe kernel size plus an odd size no instantiation
// names, at T < K and T >> K; and the chain the LSRA layer builds (GLU, then
// a softmax-normalised kernel). GLU alone is checked in gradcheck_test.cpp.
#include <gtest/gtest.h>

#include "../ops/op_test_util.h"
#include "autograd/derivatives.h"
#include "finite_difference.h"

namespace ventris {
namespace {

using ag::Var;
using test::random_tensor;
using Inputs = std::vector<Var>;

// The convolution is linear in u and in w separately, so the central
// difference has no truncation error at any step; a large step shrinks the
// f32 rounding noise of the loss relative to the difference.
constexpr double kLinearStep = 0.25;

struct Case {
  int64_t taps, time, pad;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (int64_t K : {3, 7, 15, 31, 63, 11})
    for (int64_t T : {K / 2 + 1, 2 * K + 9})  // shorter than the kernel, much longer
      for (int64_t P : {K / 2, K - 1}) out.push_back({K, T, P});
  return out;
}

std::string describe(const Case& c) {
  return "K=" + std::to_string(c.taps) + " T=" + std::to_string(c.time) + " P=" + std::to_string(c.pad);
}

TEST(LiteConvGradCheck, LightweightAllKernelSizesBothPaddings) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(describe(c));
    const uint32_t seed = static_cast<uint32_t>(c.taps * 100 + c.time + c.pad);
    const Tensor u = random_tensor({2, c.time, 6}, seed, -1.f, 1.f);
    const Tensor w = random_tensor({3, c.taps}, seed + 1, 0.f, 2.f / static_cast<float>(c.taps));
    EXPECT_GRADIENTS_MATCH([pad = c.pad](const Inputs& v) { return ag::lightweight_conv(v[0], v[1], pad); }, {u, w},
                           {}, kLinearStep);
  }
}

TEST(LiteConvGradCheck, DynamicAllKernelSizesBothPaddings) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(describe(c));
    const uint32_t seed = static_cast<uint32_t>(c.taps * 100 + c.time + c.pad);
    const int64_t B = c.taps >= 31 ? 1 : 2;  // the per-position kernels dominate the check's cost
    const Tensor u = random_tensor({B, c.time, 4}, seed, -1.f, 1.f);
    const Tensor w = random_tensor({B, c.time, 2, c.taps}, seed + 1, 0.f, 2.f / static_cast<float>(c.taps));
    EXPECT_GRADIENTS_MATCH([pad = c.pad](const Inputs& v) { return ag::dynamic_conv(v[0], v[1], pad); }, {u, w}, {},
                           kLinearStep);
  }
}

TEST(LiteConvGradCheck, OneSidedGradients) {
  const Tensor u = random_tensor({2, 9, 4}, 1, -1.f, 1.f), w = random_tensor({2, 7}, 2, 0.f, 0.3f);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::lightweight_conv(v[0], v[1], 3); }, {u, w}, {true, false},
                         kLinearStep);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::lightweight_conv(v[0], v[1], 6); }, {u, w}, {false, true},
                         kLinearStep);
}

// The LSRA conv branch: u = GLU(x), kernels softmax-normalised over K, the
// dynamic kernel expanded per position, as the layer builds them.
TEST(LiteConvGradCheck, GluThenSoftmaxNormalisedKernels) {
  const int64_t B = 2, T = 9, C = 4, H = 2, K = 7;
  const Tensor x = random_tensor({B, T, 2 * C}, 3), raw = random_tensor({H, K}, 4);
  const Tensor raw_dynamic = random_tensor({B, T, H, K}, 5);
  EXPECT_GRADIENTS_MATCH(
      [](const Inputs& v) { return ag::lightweight_conv(ag::glu(v[0]), ag::softmax(v[1]), K / 2); }, {x, raw});
  EXPECT_GRADIENTS_MATCH(
      [](const Inputs& v) { return ag::dynamic_conv(ag::glu(v[0]), ag::softmax(v[1]), K - 1); }, {x, raw_dynamic});
}

}  // namespace
}  // namespace ventris
