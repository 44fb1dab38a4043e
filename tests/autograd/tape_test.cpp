// The tape itself: accumulation over shared values, NoGradGuard, memory
// release during backward, leaf gradients accumulating across passes.
#include <gtest/gtest.h>

#include <thread>

#include "autograd/derivatives.h"
#include "autograd/grad_mode.h"
#include "autograd/parameters.h"
#include "core/allocator.h"
#include "ops/elementwise.h"

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

TEST(Tape, DiamondGraphHandComputed) {
  // z = x*y + x, L = sum(z*z): dL/dx = 2z(y + 1), dL/dy = 2z·x.
  Var x(Tensor::from_vector<float>({1.f, -2.f, 0.5f}, {3}), true), y(Tensor::from_vector<float>({3.f, 1.f, -4.f}, {3}), true);
  Var z = ag::add(ag::mul(x, y), x);
  ag::backward(ag::sum(ag::mul(z, z)));
  // z = [4, -4, -1.5]
  EXPECT_EQ(x.grad().to_vector<float>(), (std::vector<float>{32.f, -16.f, 9.f}));
  EXPECT_EQ(y.grad().to_vector<float>(), (std::vector<float>{8.f, 16.f, -1.5f}));
  EXPECT_FALSE(z.grad().defined());  // interior gradients are dropped once propagated
}

TEST(Tape, SecondBackwardThroughAReleasedGraphThrows) {
  Var x(Tensor::full({2}, 1.f), true);
  Var loss = ag::sum(ag::relu(x));
  ag::backward(loss);
  try {
    ag::backward(loss);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("already released"), std::string::npos) << e.what();
  }
  // A root that needs no gradient is a no-op, not an error.
  ag::backward(ag::sum(Var(Tensor::full({2}, 1.f))));
  EXPECT_THROW(ag::backward(ag::scale(x, 2.f), Tensor::full({3}, 1.f)), Error);  // seed of the wrong shape
}

TEST(Tape, LeafGradientsNeverAliasOtherTensors) {
  // add's backward hands the same tensor to both inputs; each leaf must get
  // its own copy, so clipping or accumulating one cannot change the other.
  Var a(Tensor::full({2, 3}, 1.f), true), b(Tensor::full({2, 3}, 2.f), true);
  ag::backward(ag::sum(ag::add(a, b)));
  EXPECT_FALSE(a.grad().shares_storage(b.grad()));
  Tensor ga = a.grad();
  ops::add_scaled_(ga, ga, 1.f);  // in place on a's gradient only
  EXPECT_EQ(b.grad().to_vector<float>(), std::vector<float>(6, 1.f));
  // A seed the caller keeps is copied, not adopted.
  Var c(Tensor::full({2}, 0.f), true);
  Tensor seed = Tensor::full({2}, 3.f);
  ag::backward(c, seed);
  seed.fill(-1.f);
  EXPECT_EQ(c.grad().to_vector<float>(), (std::vector<float>{3.f, 3.f}));
  // A gradient that reaches a leaf through a view (reshape) is a copy too.
  Var d(Tensor::full({6}, 1.f), true);
  Var e = ag::reshape(d, {2, 3});
  ag::backward(ag::sum(ag::mul(e, e)));
  EXPECT_EQ(d.grad().storage_use_count(), 1);
}

TEST(Tape, SavedTensorsAreReleasedAfterTheirNodeRuns) {
  Var x(Tensor::full({4, 3}, 0.5f), true), w(Tensor::full({2, 3}, 0.25f), true);
  const long x_uses = x.value().storage_use_count(), w_uses = w.value().storage_use_count();
  Var loss = ag::sum(ag::matmul(x, w, false, true));
  EXPECT_GT(x.value().storage_use_count(), x_uses);  // saved for dW
  EXPECT_GT(w.value().storage_use_count(), w_uses);  // saved for dX
  ag::backward(loss);
  EXPECT_EQ(x.value().storage_use_count(), x_uses);
  EXPECT_EQ(w.value().storage_use_count(), w_uses);
}

TEST(Tape, OperandsOfGradientsNobodyNeedsAreNotSaved) {
  // A frozen weight (no gradient) times a trainable input: the weight's
  // gradient is never computed, so the input is not kept for it.
  Var x(Tensor::full({4, 3}, 0.5f), true), frozen(Tensor::full({2, 3}, 0.25f), false);
  const long x_uses = x.value().storage_use_count();
  Var loss = ag::sum(ag::matmul(x, frozen, false, true));
  EXPECT_EQ(x.value().storage_use_count(), x_uses);
  ag::backward(loss);
  EXPECT_EQ(x.grad().to_vector<float>(), std::vector<float>(12, 0.5f));  // column sums of the frozen weight
  EXPECT_FALSE(frozen.grad().defined());
}

TEST(Tape, NoGradGuardNestsAndIsPerThread) {
  Var w(Tensor::full({2}, 1.f), true);
  {
    ag::NoGradGuard outer;
    {
      ag::NoGradGuard inner;
      EXPECT_FALSE(ag::grad_enabled());
    }
    EXPECT_FALSE(ag::grad_enabled());  // the inner guard restores "off", not "on"
    bool other_thread_enabled = false, other_records = false;
    std::thread t([&] {
      other_thread_enabled = ag::grad_enabled();
      other_records = ag::scale(w, 2.f).requires_grad();
    });
    t.join();
    EXPECT_TRUE(other_thread_enabled);
    EXPECT_TRUE(other_records);
    EXPECT_FALSE(ag::scale(w, 2.f).requires_grad());
  }
  EXPECT_TRUE(ag::grad_enabled());
}

TEST(Tape, EmptyBatchGivesZeroWeightGradients) {
  // A micro-batch with no rows (e.g. the last shard of an epoch) must still
  // produce well-formed gradients: zeros of the parameters' shapes.
  ag::ParameterSet params;
  Var w = params.add("proj.weight", Tensor::full({3, 4}, 0.5f));
  Var b = params.add("proj.bias", Tensor::full({3}, 0.1f));
  Var x(Tensor::zeros({0, 4}), true);
  Var y = ag::add(ag::matmul(x, w, false, true), b);  // [0, 3]
  ag::backward(ag::sum(ag::relu(y)));
  ASSERT_TRUE(w.grad().defined());
  EXPECT_EQ(w.grad().shape(), w.shape());
  EXPECT_EQ(w.grad().to_vector<float>(), std::vector<float>(12, 0.f));
  EXPECT_EQ(b.grad().to_vector<float>(), std::vector<float>(3, 0.f));
  EXPECT_EQ(x.grad().numel(), 0);
}

TEST(Tape, ParameterNamesReachTheVars) {
  ag::ParameterSet params;
  Var w = params.add("decoder.layers.3.self_attn.q_proj.weight", Tensor::zeros({2, 2}));
  params.add("decoder.layers.3.self_attn.k_proj.weight", Tensor::zeros({2, 3}));
  EXPECT_EQ(w.name(), "decoder.layers.3.self_attn.q_proj.weight");
  EXPECT_EQ(params.at("decoder.layers.3.self_attn.q_proj.weight").data(), w.data());
  // Insertion order is the iteration order (deterministic reductions, checkpoints).
  EXPECT_EQ(params.items()[1].first, "decoder.layers.3.self_attn.k_proj.weight");
  EXPECT_EQ(params.size(), 2u);
  EXPECT_EQ(params.numel(), 10);
  EXPECT_EQ(Var(Tensor::zeros({1})).name(), "");
}

TEST(Tape, SecondMicroBatchAccumulatesInPlace) {
  // update_freq > 1: the second backward adds into the same gradient memory
  // (no reallocation, and references held by the trainer stay valid).
  Var w(Tensor::full({64, 64}, 0.1f), true);
  Var x(Tensor::full({8, 64}, 1.f));
  ag::backward(ag::sum(ag::matmul(x, w)));
  const Tensor first = w.grad();
  const void* memory = first.raw_data();
  ag::backward(ag::sum(ag::matmul(x, w)));
  EXPECT_EQ(w.grad().raw_data(), memory);
  EXPECT_EQ(first.to_vector<float>(), std::vector<float>(64 * 64, 16.f));  // 8 rows, twice
}

}  // namespace
}  // namespace ventris
