// Finite-difference gradient checks for every differentiable op in
// src/autograd/derivatives.cpp, at awkward sizes, with broadcasting and masks.
#include <gtest/gtest.h>

#include <limits>

#include "../ops/op_test_util.h"
#include "autograd/derivatives.h"
#include "finite_difference.h"
#include "ops/dropout.h"

namespace ventris {
namespace {

using ag::Var;
using test::random_tensor;
using Inputs = std::vector<Var>;

// Values away from 0 so ReLU's kink is never within the step.
Tensor away_from_zero(const Shape& s, uint32_t seed) {
  Tensor t = random_tensor(s, seed, 0.1f, 2.f);
  auto signs = random_tensor(s, seed + 99).to_vector<float>();
  for (int64_t i = 0; i < t.numel(); ++i)
    if (signs[i] < 0) t.data<float>()[i] *= -1.f;
  return t;
}

TEST(GradCheck, MatmulLinearFormAllTransposes) {
  for (bool tb : {false, true}) {
    Tensor x = random_tensor({2, 3, 7}, 1), w = random_tensor(tb ? Shape{5, 7} : Shape{7, 5}, 2);
    EXPECT_GRADIENTS_MATCH([tb](const Inputs& v) { return ag::matmul(v[0], v[1], false, tb); }, {x, w});
  }
  for (bool tb : {false, true}) {
    Tensor a = random_tensor({7, 4}, 3), b = random_tensor(tb ? Shape{5, 7} : Shape{7, 5}, 4);
    EXPECT_GRADIENTS_MATCH([tb](const Inputs& v) { return ag::matmul(v[0], v[1], true, tb); }, {a, b});
  }
}

TEST(GradCheck, MatmulBatchedAllTransposes) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      Tensor a = random_tensor(ta ? Shape{2, 3, 4, 1} : Shape{2, 3, 1, 4}, 5);
      Tensor b = random_tensor(tb ? Shape{2, 3, 7, 4} : Shape{2, 3, 4, 7}, 6);
      EXPECT_GRADIENTS_MATCH([ta, tb](const Inputs& v) { return ag::matmul(v[0], v[1], ta, tb); }, {a, b});
    }
}

TEST(GradCheck, ArithmeticWithBroadcastBothWays) {
  Tensor x = random_tensor({3, 2, 7}, 7), bias = random_tensor({7}, 8), m = random_tensor({2, 7}, 9);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::add(v[0], v[1]); }, {x, bias});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::add(v[1], v[0]); }, {x, bias});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::sub(v[1], v[0]); }, {x, m});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::mul(v[0], v[1]); }, {x, m});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::scale(v[0], -2.5f); }, {x});
}

TEST(GradCheck, Activations) {
  for (int64_t n : {1, 7, 33}) {
    Tensor x = away_from_zero({2, 2 * n}, static_cast<uint32_t>(n));
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::relu(v[0]); }, {x});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::gelu(v[0]); }, {x});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::glu(v[0]); }, {x});
  }
}

TEST(GradCheck, SoftmaxPlainPaddingCausalAndFullyMasked) {
  for (int64_t n : {1, 7, 33}) {
    Tensor x = random_tensor({3, n}, static_cast<uint32_t>(n), -3.f, 3.f);
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::softmax(v[0]); }, {x});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::log_softmax(v[0]); }, {x});
  }
  // Batch 1 is fully padded: output and gradient must be zeros, not NaN.
  Tensor scores = random_tensor({2, 2, 4, 4}, 10, -3.f, 3.f);
  Tensor pad = Tensor::from_vector<int32_t>({0, 0, 1, 1, 1, 1, 1, 1}, {2, 4});
  auto masked = [pad](const Inputs& v) { return ag::softmax(v[0], {pad, true, {}}); };
  EXPECT_GRADIENTS_MATCH(masked, {scores});
  Var leaf(scores.clone(), true);
  Var y = ag::softmax(leaf, {pad, true, {}});
  ag::backward(ag::sum(ag::mul(y, Var(random_tensor({2, 2, 4, 4}, 11)))));
  auto g = leaf.grad().to_vector<float>();
  for (int64_t i = 32; i < 64; ++i) ASSERT_EQ(g[i], 0.f) << i;
  for (float v : y.value().to_vector<float>()) ASSERT_TRUE(std::isfinite(v));
}

TEST(GradCheck, LayerNormAllInputs) {
  for (int64_t d : {1, 7, 33}) {
    Tensor x = random_tensor({4, d}, static_cast<uint32_t>(d), -2.f, 3.f);
    Tensor gamma = random_tensor({d}, 12), beta = random_tensor({d}, 13);
    if (d == 1) continue;  // a single column has zero variance: no meaningful gradient wrt x
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::layer_norm(v[0], v[1], v[2]); }, {x, gamma, beta});
  }
}

TEST(GradCheck, DropoutGradientIsTheMask) {
  Tensor x = random_tensor({5, 7}, 14);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::dropout(v[0], 0.3f, 17, 4); }, {x});
  Var leaf(x.clone(), true);
  ag::backward(ag::sum(ag::dropout(leaf, 0.3f, 17, 4)));
  auto g = leaf.grad().to_vector<float>();
  auto mask = ops::dropout(Tensor::full({5, 7}, 1.f), 0.3f, 17, 4).to_vector<float>();
  EXPECT_EQ(g, mask);
}

TEST(GradCheck, EmbeddingRepeatedIdsAndPadding) {
  Tensor w = random_tensor({6, 5}, 15);
  Tensor ids = Tensor::from_vector<int32_t>({2, 0, 2, 5, 1, 2}, {2, 3});
  EXPECT_GRADIENTS_MATCH([ids](const Inputs& v) { return ag::embedding(v[0], ids); }, {w});
  Var leaf(w.clone(), true);
  ag::backward(ag::sum(ag::embedding(leaf, ids, /*padding_idx=*/2)));
  auto g = leaf.grad().to_vector<float>();
  for (int j = 0; j < 5; ++j) {
    EXPECT_EQ(g[2 * 5 + j], 0.f);  // padding row gets no gradient
    EXPECT_EQ(g[5 * 5 + j], 1.f);
  }
}

TEST(GradCheck, LayoutOps) {
  Tensor x = random_tensor({2, 3, 4}, 16);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::reshape(v[0], {4, 6}); }, {x});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::permute(v[0], {2, 0, 1}); }, {x});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::transpose(v[0], 1, 2); }, {x});
  Tensor y = random_tensor({2, 5, 4}, 17);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::concat({v[0], v[1]}, 1); }, {x, y});
  EXPECT_GRADIENTS_MATCH(
      [](const Inputs& v) {
        auto parts = ag::split(v[0], {1, 2, 1}, -1);
        // Use the pieces unequally so each one's gradient differs.
        return ag::concat({ag::scale(parts[2], 3.f), parts[0], ag::scale(parts[1], -1.f)}, -1);
      },
      {x});
}

TEST(GradCheck, Reductions) {
  Tensor x = random_tensor({3, 4, 5}, 18);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::sum(v[0]); }, {x});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::mean(v[0]); }, {x});
  for (int dim : {0, 1, 2}) {
    EXPECT_GRADIENTS_MATCH([dim](const Inputs& v) { return ag::sum(v[0], dim); }, {x});
    EXPECT_GRADIENTS_MATCH([dim](const Inputs& v) { return ag::mean(v[0], dim, true); }, {x});
  }
}

TEST(GradCheck, LabelSmoothedCrossEntropyWithIgnoreIndex) {
  for (int64_t vocab : {2, 7, 33}) {
    Tensor logits = random_tensor({5, vocab}, static_cast<uint32_t>(vocab), -3.f, 3.f);
    Tensor targets = Tensor::from_vector<int32_t>({1, 0, static_cast<int32_t>(vocab - 1), 0, 1}, {5});
    EXPECT_GRADIENTS_MATCH(
        [targets](const Inputs& v) { return ag::label_smoothed_cross_entropy(v[0], targets, 0.1f, 0).loss; },
        {logits});
  }
}

}  // namespace
}  // namespace ventris
