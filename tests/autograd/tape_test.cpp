// The tape itself: accumulation over shared values, NoGradGuard, memory
// release during backward, leaf gradients accumulating across passes.
#include <gtest/gtest.h>

#include "autograd/derivatives.h"
#include "autograd/grad_mode.h"
#include "autograd/parameters.h"
#include "core/allocator.h"

namespace ventris {
namespace {

using ag::Var;

TEST(Tape, GradientsSumWhenAValueFeedsSeveralConsumers) {
  // y = x*x + 3x  ->  dy/dx = 2x + 3, with x used three times.
  Var x(Tensor::from_vector<float>({2.f, -1.f}, {2}), true);
  Var y = ag::add(ag::mul(x, x), ag::scale(x, 3.f));
  ag::backward(ag::sum(y));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{7.f, 1.f}));
}

TEST(Tape, SharedIntermediateGetsSummedGradient) {
  // p = softmax(x) used by two "layers" (as a LazyFormer block shares P): d/dx of sum(p*a) + sum(p*b).
  Var x(Tensor::from_vector<float>({0.1f, 0.5f, -0.3f}, {1, 3}), true);
  Var p = ag::softmax(x);
  Var a(Tensor::from_vector<float>({1.f, 2.f, 3.f}, {1, 3})), b(Tensor::from_vector<float>({-1.f, 0.f, 4.f}, {1, 3}));
  ag::backward(ag::add(ag::sum(ag::mul(p, a)), ag::sum(ag::mul(p, b))));
  Var x2(x.value().clone(), true);
  ag::backward(ag::sum(ag::mul(ag::softmax(x2), ag::add(a, b))));
  auto g1 = x.grad().to_vector<float>(), g2 = x2.grad().to_vector<float>();
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(g1[i], g2[i], 1e-6);
}

TEST(Tape, NoGradGuardRecordsNothing) {
  Var w(Tensor::full({3, 3}, 0.5f), true);
  {
    ag::NoGradGuard guard;
    EXPECT_FALSE(ag::grad_enabled());
    Var y = ag::matmul(w, w);
    EXPECT_FALSE(y.requires_grad());
    EXPECT_TRUE(y.is_leaf());
  }
  EXPECT_TRUE(ag::grad_enabled());
  EXPECT_TRUE(ag::matmul(w, w).requires_grad());
}

TEST(Tape, SavedTensorsAreFreedDuringBackward) {
  auto& alloc = allocator_for(Device::cpu());
  Var w(Tensor::full({256, 256}, 0.01f), true);
  Var x(Tensor::full({64, 256}, 1.f));
  const size_t before = alloc.stats().current_bytes;
  Var loss;
  {
    Var h = x;
    for (int layer = 0; layer < 8; ++layer) h = ag::relu(ag::matmul(h, w, false, true));
    loss = ag::sum(h);
  }
  const size_t with_graph = alloc.stats().current_bytes;
  EXPECT_GT(with_graph, before + 8 * 64 * 256 * 4);  // activations are held by the tape
  ag::backward(loss);
  // Only w's gradient (256x256) and small scalars remain.
  EXPECT_LT(alloc.stats().current_bytes, before + 256 * 256 * 4 + 4096);
}

TEST(Tape, LeafGradientsAccumulateAcrossBackwardPasses) {
  ag::ParameterSet params;
  Var w = params.add("layer.weight", Tensor::from_vector<float>({1.f, 2.f}, {2}));
  Var x1(Tensor::from_vector<float>({3.f, 4.f}, {2})), x2(Tensor::from_vector<float>({-1.f, 5.f}, {2}));
  ag::backward(ag::sum(ag::mul(w, x1)));
  ag::backward(ag::sum(ag::mul(w, x2)));  // a second micro-batch (update_freq 2)
  EXPECT_EQ(w.grad().to_vector<float>(), (std::vector<float>{2.f, 9.f}));
  params.zero_grad();
  EXPECT_FALSE(w.grad().defined());
  EXPECT_EQ(params.numel(), 2);
  EXPECT_THROW(params.add("layer.weight", Tensor::zeros({1})), Error);
  EXPECT_THROW(params.at("missing"), Error);
}

TEST(Tape, GradientOfNonScalarNeedsSeed) {
  Var x(Tensor::full({2}, 1.f), true);
  Var y = ag::scale(x, 2.f);
  EXPECT_THROW(ag::backward(y), Error);
  ag::backward(y, Tensor::from_vector<float>({1.f, 10.f}, {2}));
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{2.f, 20.f}));
}

}  // namespace
}  // namespace ventris
