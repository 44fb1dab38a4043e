#include "ops/bias_activation.h"

#include "autograd/derivatives.h"
#include "core/error.h"
#include "op_test_util.h"
#include "ops/activations.h"
#include "ops/dropout.h"
#include "ops/elementwise.h"
#include "ops/reduce.h"

namespace ventris {
namespace {

// The fused op must be a drop-in for add -> relu/gelu -> dropout: the same
// output and the same gradients for x and the bias, bit for bit, so fusing
// the feed-forward block changes no training run.
TEST(BiasActivationDropout, EqualsTheUnfusedChainBitForBit) {
  for (int64_t cols : {int64_t{1}, int64_t{7}, int64_t{33}, int64_t{513}}) {
    for (auto act : {math::Activation::Relu, math::Activation::Gelu}) {
      for (float p : {0.f, 0.1f, 0.5f}) {
        const Tensor xv = test::random_tensor({5, cols}, 1), bv = test::random_tensor({cols}, 2);
        const Tensor gy = test::random_tensor({5, cols}, 3);
        ag::Var x1(xv, true), b1(bv, true), x2(xv, true), b2(bv, true);
        ag::Var fused = ag::bias_activation_dropout(x1, b1, act, p, 77, 9);
        ag::Var h = ag::add(x2, b2);
        h = act == math::Activation::Gelu ? ag::gelu(h) : ag::relu(h);
        ag::Var chain = ag::dropout(h, p, 77, 9);
        ASSERT_EQ(fused.value().to_vector<float>(), chain.value().to_vector<float>())
            << "cols " << cols << " p " << p;
        ag::backward(ag::sum(ag::mul(fused, ag::Var(gy))));
        ag::backward(ag::sum(ag::mul(chain, ag::Var(gy))));
        EXPECT_EQ(x1.grad().to_vector<float>(), x2.grad().to_vector<float>()) << "cols " << cols << " p " << p;
        EXPECT_EQ(b1.grad().to_vector<float>(), b2.grad().to_vector<float>()) << "cols " << cols << " p " << p;
      }
    }
  }
}

TEST(BiasActivationDropout, SavesThePreActivationAndWorksWithoutBias) {
  const Tensor x = test::random_tensor({4, 6}, 4), b = test::random_tensor({6}, 5);
  const auto out = ops::bias_activation_dropout(x, b, math::Activation::Relu, 0.f, 1, 1);
  EXPECT_EQ(out.pre.to_vector<float>(), ops::add(x, b).to_vector<float>());
  EXPECT_EQ(out.y.to_vector<float>(), ops::relu(ops::add(x, b)).to_vector<float>());
  const auto no_bias = ops::bias_activation_dropout(x, Tensor(), math::Activation::Gelu, 0.f, 1, 1);
  EXPECT_EQ(no_bias.y.to_vector<float>(), ops::gelu(x).to_vector<float>());
  // Inference does not keep x + bias, and gets the same output.
  for (float p : {0.f, 0.4f}) {
    const auto kept = ops::bias_activation_dropout(x, b, math::Activation::Gelu, p, 3, 2);
    const auto lean = ops::bias_activation_dropout(x, b, math::Activation::Gelu, p, 3, 2, false);
    EXPECT_FALSE(lean.pre.defined());
    EXPECT_EQ(lean.y.to_vector<float>(), kept.y.to_vector<float>()) << p;
  }
}

TEST(BiasActivationDropout, RejectsBadArguments) {
  const Tensor x = test::random_tensor({4, 6}, 4);
  EXPECT_THROW(ops::bias_activation_dropout(x, test::random_tensor({5}, 1), math::Activation::Relu, 0.f, 1, 1), Error)
      << "bias of the wrong width";
  EXPECT_THROW(ops::bias_activation_dropout(x, Tensor(), math::Activation::Relu, 1.f, 1, 1), Error) << "p = 1";
  EXPECT_THROW(ops::bias_activation_dropout_backward(test::random_tensor({4, 5}, 1), x, math::Activation::Relu, 0.f,
                                                     1, 1),
               Error);
}

}  // namespace
}  // namespace ventris
