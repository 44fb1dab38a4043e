// Finite-difference gradient checks for every differentiable op in
// src/autograd/derivatives.cpp, at awkward sizes, with broadcasting and masks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../ops/op_test_util.h"
#include "autograd/derivatives.h"
#include "autograd/grad_mode.h"
#include "finite_difference.h"
#include "ops/dropout.h"
#include "ops/elementwise.h"

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

TEST(GradCheck, FusedBiasActivationDropout) {
  for (int64_t n : {1, 7, 33}) {
    // x + bias kept away from ReLU's kink: x away from zero, a small bias.
    Tensor x = away_from_zero({3, n}, static_cast<uint32_t>(n) + 5), b = random_tensor({n}, 8, -0.05f, 0.05f);
    for (auto act : {math::Activation::Relu, math::Activation::Gelu})
      for (float p : {0.f, 0.3f})
        EXPECT_GRADIENTS_MATCH(
            [act, p](const Inputs& v) { return ag::bias_activation_dropout(v[0], v[1], act, p, 21, 6); }, {x, b});
    EXPECT_GRADIENTS_MATCH(
        [](const Inputs& v) { return ag::bias_activation_dropout(v[0], Var(), math::Activation::Gelu, 0.2f, 3, 1); },
        {x});
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

// ---- Awkward sizes, one-sided gradients, operand order ---------------------

TEST(GradCheck, MatmulAwkwardSizesAndOneSidedGradients) {
  for (int64_t n : {1, 7, 33}) {
    const auto seed = static_cast<uint32_t>(100 + n);
    Tensor x = random_tensor({n, 7}, seed), w = random_tensor({7, n}, seed + 1);
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::matmul(v[0], v[1]); }, {x, w});
    Tensor a = random_tensor({2, n, 3}, seed + 2), b = random_tensor({2, n, 3}, seed + 3);
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::matmul(v[0], v[1], false, true); }, {a, b});
  }
  // Only one side requires a gradient (a frozen weight, a constant input):
  // the other side's gradient is skipped, the requested one still right.
  Tensor x = random_tensor({3, 2, 7}, 120), w = random_tensor({5, 7}, 121);
  auto linear = [](const Inputs& v) { return ag::matmul(v[0], v[1], false, true); };
  EXPECT_GRADIENTS_MATCH(linear, {x, w}, {true, false});
  EXPECT_GRADIENTS_MATCH(linear, {x, w}, {false, true});
  Var frozen(w.clone(), false), input(x.clone(), true);
  ag::backward(ag::sum(ag::matmul(input, frozen, false, true)));
  EXPECT_FALSE(frozen.grad().defined());
  EXPECT_TRUE(input.grad().defined());
}

TEST(GradCheck, ArithmeticSmallOperandFirstAndSelfUse) {
  for (int64_t n : {1, 7, 33}) {
    const auto seed = static_cast<uint32_t>(200 + n);
    Tensor x = random_tensor({2, 3, n}, seed), row = random_tensor({n}, seed + 1), m = random_tensor({3, n}, seed + 2);
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::mul(v[1], v[0]); }, {x, row});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::sub(v[1], v[0]); }, {x, m});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::add(v[0], v[1]); }, {x, m}, {false, true});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::mul(v[0], v[1]); }, {x, row}, {true, false});
  }
  // The same Var on both sides of an op: x*x, x+x, x-x.
  Tensor x = random_tensor({4, 7}, 210);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::mul(v[0], v[0]); }, {x});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::add(v[0], v[0]); }, {x});
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::sub(v[0], ag::scale(v[0], 0.5f)); }, {x});
}

TEST(GradCheck, SoftmaxAdditiveMaskAndIncrementalCausal) {
  const float inf = std::numeric_limits<float>::infinity();
  // Additive [Tq, Tk] mask broadcast over [B, H]: finite biases, -inf entries,
  // and query row 2 fully masked by -inf.
  Tensor additive = Tensor::from_vector<float>({0.5f, -inf, 0.f, 1.f, -1.f, 0.f, 0.f, 2.f, -inf, -inf, -inf, -inf},
                                               {3, 4});
  Tensor scores = random_tensor({2, 3, 3, 4}, 300, -3.f, 3.f);
  EXPECT_GRADIENTS_MATCH([additive](const Inputs& v) { return ag::softmax(v[0], {Tensor(), false, additive}); },
                         {scores});
  Var leaf(scores.clone(), true);
  Var y = ag::softmax(leaf, {Tensor(), false, additive});
  ag::backward(ag::sum(ag::mul(y, Var(random_tensor({2, 3, 3, 4}, 301)))));
  auto yv = y.value().to_vector<float>(), g = leaf.grad().to_vector<float>();
  for (int64_t r = 0; r < 2 * 3 * 3; ++r)
    for (int64_t j = 0; j < 4; ++j) {
      const int64_t i = r * 4 + j;
      ASSERT_TRUE(std::isfinite(yv[i]) && std::isfinite(g[i])) << i;
      if (r % 3 == 2 || (r % 3 == 0 && j == 1)) {  // masked: exactly zero value and gradient
        EXPECT_EQ(yv[i], 0.f) << i;
        EXPECT_EQ(g[i], 0.f) << i;
      }
    }
  // Incremental decoding shapes: Tq < Tk with the causal offset, plus padding.
  for (auto [tq, tk] : {std::pair<int64_t, int64_t>{1, 5}, {3, 7}, {7, 7}}) {
    Tensor s = random_tensor({2, 2, tq, tk}, static_cast<uint32_t>(310 + tq), -3.f, 3.f);
    std::vector<int32_t> pad_v(2 * tk, 0);
    pad_v[tk - 1] = 1;  // batch 0: the last key is padding
    Tensor pad = Tensor::from_vector<int32_t>(pad_v, {2, tk});
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::softmax(v[0], {Tensor(), true, Tensor()}); }, {s});
    EXPECT_GRADIENTS_MATCH([pad](const Inputs& v) { return ag::softmax(v[0], {pad, true, Tensor()}); }, {s});
    EXPECT_GRADIENTS_MATCH([pad](const Inputs& v) { return ag::softmax(v[0], {pad, false, Tensor()}); }, {s});
  }
}

TEST(GradCheck, LayerNormSingleColumnAndBroadcastRows) {
  // D = 1: y = beta exactly, so dx = 0 and dgamma = 0 — finite differences
  // agree, and nothing may come out as NaN (variance 0, rstd = 1/sqrt(eps)).
  Tensor x = random_tensor({5, 1}, 400), gamma = random_tensor({1}, 401), beta = random_tensor({1}, 402);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::layer_norm(v[0], v[1], v[2]); }, {x, gamma, beta});
  // [B, T, D] input: gamma/beta gradients sum over B·T rows.
  Tensor x3 = random_tensor({2, 3, 33}, 403), g33 = random_tensor({33}, 404), b33 = random_tensor({33}, 405);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::layer_norm(v[0], v[1], v[2]); }, {x3, g33, b33});
}

TEST(GradCheck, DropoutAwkwardSizesAndIdentity) {
  for (int64_t n : {1, 7, 33})
    for (float p : {0.1f, 0.5f, 0.9f}) {
      Tensor x = random_tensor({3, n}, static_cast<uint32_t>(500 + n));
      EXPECT_GRADIENTS_MATCH([p](const Inputs& v) { return ag::dropout(v[0], p, 99, 3); }, {x});
      Var leaf(x.clone(), true);
      ag::backward(ag::sum(ag::dropout(leaf, p, 99, 3)));
      // The gradient is the mask itself: 0 or exactly 1/(1-p).
      EXPECT_EQ(leaf.grad().to_vector<float>(), ops::dropout(Tensor::full({3, n}, 1.f), p, 99, 3).to_vector<float>());
    }
  Var x(random_tensor({4}, 510), true);
  Var same = ag::dropout(x, 0.f, 1, 1);  // p = 0: the Var itself, no node
  EXPECT_EQ(same.data(), x.data());
}

TEST(GradCheck, EmbeddingInt64IdsAndPaddingByFiniteDifferences) {
  for (int64_t d : {1, 7, 33}) {
    Tensor w = random_tensor({5, d}, static_cast<uint32_t>(600 + d));
    Tensor ids = Tensor::from_vector<int64_t>({4, 4, 0, 3, 4, 1, 1}, {7});
    EXPECT_GRADIENTS_MATCH([ids](const Inputs& v) { return ag::embedding(v[0], ids); }, {w});
    // With padding_idx the analytic gradient drops row 4 (fairseq's
    // padding_idx); the other rows match finite differences through an op
    // that never reads row 4's value (ids without the pad).
    Var leaf(w.clone(), true);
    Tensor proj = random_tensor({7, d}, 610);
    ag::backward(ag::sum(ag::mul(ag::embedding(leaf, ids, 4), Var(proj))));
    auto g = leaf.grad().to_vector<float>(), pv = proj.to_vector<float>();
    for (int64_t j = 0; j < d; ++j) {
      EXPECT_EQ(g[4 * d + j], 0.f);
      EXPECT_NEAR(g[1 * d + j], pv[5 * d + j] + pv[6 * d + j], 1e-6);  // id 1 twice: summed
      EXPECT_EQ(g[2 * d + j], 0.f);                                    // never looked up
    }
  }
}

TEST(GradCheck, CrossEntropyNoSmoothingInt64TargetsAndScaledUpstream) {
  Tensor logits = random_tensor({6, 7}, 700, -3.f, 3.f);
  Tensor targets = Tensor::from_vector<int64_t>({3, -100, 6, 0, -100, 3}, {6});
  for (float eps : {0.f, 0.1f, 0.3f})
    EXPECT_GRADIENTS_MATCH(
        [targets, eps](const Inputs& v) {
          // Normalised per token as the trainer does: exercises a non-unit upstream gradient.
          auto ce = ag::label_smoothed_cross_entropy(v[0], targets, eps, -100);
          return ag::scale(ce.loss, 1.f / static_cast<float>(ce.tokens));
        },
        {logits});
  // Hand check of loss, nll and tokens at eps = 0.1 against the formula (double).
  auto ce = ag::label_smoothed_cross_entropy(Var(logits, true), targets, 0.1f, -100);
  EXPECT_EQ(ce.tokens, 4);
  auto z = logits.to_vector<float>();
  auto t = targets.to_vector<int64_t>();
  double loss = 0, nll = 0;
  const double eps_i = 0.1 / 6;
  for (int r = 0; r < 6; ++r) {
    if (t[r] == -100) continue;
    double m = -1e30, total = 0, sum_neg_logp = 0;
    for (int v = 0; v < 7; ++v) m = std::max(m, double(z[r * 7 + v]));
    for (int v = 0; v < 7; ++v) total += std::exp(z[r * 7 + v] - m);
    const double lse = m + std::log(total);
    for (int v = 0; v < 7; ++v) sum_neg_logp += lse - z[r * 7 + v];
    nll += lse - z[r * 7 + t[r]];
    loss += (1 - 0.1 - eps_i) * (lse - z[r * 7 + t[r]]) + eps_i * sum_neg_logp;
  }
  EXPECT_NEAR(ce.loss.value().item(), loss, 1e-5 * std::fabs(loss));
  EXPECT_NEAR(ce.nll.item(), nll, 1e-5 * std::fabs(nll));
}

TEST(GradCheck, CrossEntropyAllRowsIgnoredGivesZeroGradient) {
  Tensor logits = random_tensor({3, 5}, 710);
  Tensor targets = Tensor::from_vector<int32_t>({1, 1, 1}, {3});
  Var leaf(logits.clone(), true);
  auto ce = ag::label_smoothed_cross_entropy(leaf, targets, 0.1f, /*ignore_index=*/1);
  EXPECT_EQ(ce.tokens, 0);
  EXPECT_EQ(ce.loss.value().item(), 0.f);
  ag::backward(ce.loss);
  for (float g : leaf.grad().to_vector<float>()) EXPECT_EQ(g, 0.f);
}

TEST(GradCheck, LayoutAwkwardSizesAttentionHeadsAndConcatDims) {
  for (int64_t n : {1, 7, 33}) {
    const auto seed = static_cast<uint32_t>(800 + n);
    // [B, T, H, Dh] <-> [B, H, T, Dh] as attention does.
    Tensor x = random_tensor({2, n, 2, 3}, seed);
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::permute(v[0], {0, 2, 1, 3}); }, {x});
    EXPECT_GRADIENTS_MATCH(
        [n](const Inputs& v) { return ag::reshape(ag::transpose(v[0], 1, 2), {2, 2, n * 3}); }, {x});
    Tensor a = random_tensor({n, 3}, seed + 1), b = random_tensor({1, 3}, seed + 2), c = random_tensor({2, 3}, seed + 3);
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::concat({v[0], v[1], v[2]}, 0); }, {a, b, c});
    EXPECT_GRADIENTS_MATCH(
        [n](const Inputs& v) {
          auto parts = ag::split(v[0], {1, n - 1, 3}, 0);  // includes an empty piece when n == 1
          return ag::concat({ag::scale(parts[2], 2.f), parts[1], ag::mul(parts[0], parts[0])}, 0);
        },
        {random_tensor({n + 3, 4}, seed + 4)});
  }
  // Middle-dim concat, and the pieces of one split consumed by different ops.
  Tensor x = random_tensor({2, 6, 3}, 850), y = random_tensor({2, 1, 3}, 851);
  EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::concat({v[1], v[0], v[1]}, 1); }, {x, y});
  EXPECT_GRADIENTS_MATCH(
      [](const Inputs& v) {
        auto qkv = ag::split(v[0], {2, 2, 2}, 1);
        return ag::matmul(ag::mul(qkv[0], qkv[1]), qkv[2], false, true);
      },
      {x});
}

TEST(GradCheck, ReductionsAwkwardSizes) {
  for (int64_t n : {1, 7, 33}) {
    Tensor x = random_tensor({n, 3, n}, static_cast<uint32_t>(900 + n));
    for (int dim : {0, 1, -1}) {
      EXPECT_GRADIENTS_MATCH([dim](const Inputs& v) { return ag::sum(v[0], dim, true); }, {x});
      EXPECT_GRADIENTS_MATCH([dim](const Inputs& v) { return ag::mean(v[0], dim); }, {x});
    }
    EXPECT_GRADIENTS_MATCH([](const Inputs& v) { return ag::mean(v[0]); }, {x});
  }
}

// A whole attention sub-layer: x feeds Q, K and V (three consumers, summed),
// heads split with reshape/permute, causal + padding masked softmax, output
// projection, residual and layer norm.
TEST(GradCheck, ComposedAttentionBlock) {
  const int64_t B = 2, T = 5, H = 2, Dh = 3, D = H * Dh;
  Tensor x = random_tensor({B, T, D}, 950), wq = random_tensor({D, D}, 951, -0.5f, 0.5f);
  Tensor wk = random_tensor({D, D}, 952, -0.5f, 0.5f), wv = random_tensor({D, D}, 953, -0.5f, 0.5f);
  Tensor wo = random_tensor({D, D}, 954, -0.5f, 0.5f), gamma = random_tensor({D}, 955), beta = random_tensor({D}, 956);
  Tensor pad = Tensor::from_vector<int32_t>({0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, {B, T});
  auto block = [=](const Inputs& v) {
    auto heads = [&](const Var& t) { return ag::permute(ag::reshape(t, {B, T, H, Dh}), {0, 2, 1, 3}); };
    Var q = heads(ag::matmul(v[0], v[1], false, true)), k = heads(ag::matmul(v[0], v[2], false, true));
    Var val = heads(ag::matmul(v[0], v[3], false, true));
    Var p = ag::softmax(ag::scale(ag::matmul(q, k, false, true), 0.5f), {pad, true, Tensor()});
    Var ctx = ag::reshape(ag::permute(ag::matmul(p, val), {0, 2, 1, 3}), {B, T, D});
    return ag::layer_norm(ag::add(v[0], ag::matmul(ctx, v[4], false, true)), v[5], v[6]);
  };
  EXPECT_GRADIENTS_MATCH(block, {x, wq, wk, wv, wo, gamma, beta});
}

// The checker itself must have power: a derivative off by 1%, or one that
// forgets a broadcast sum, is reported as a failure.
TEST(GradCheck, CheckerCatchesWrongDerivatives) {
  Tensor x = random_tensor({3, 4}, 990);
  auto off_by_one_percent = [](const Inputs& v) {
    return ag::make_result(ops::scale(v[0].value(), 3.f), "wrong_scale", {v[0]},
                           [](const Tensor& g) { return std::vector<Tensor>{ops::scale(g, 3.03f)}; });
  };
  EXPECT_GT(test::measure_gradient_error(off_by_one_percent, {x}).max_error, 1e-3);
  auto forgets_half = [](const Inputs& v) {
    // y = x * x with dy/dx = x instead of 2x.
    Tensor xv = v[0].value();
    return ag::make_result(ops::mul(xv, xv), "wrong_square", {v[0]},
                           [xv](const Tensor& g) { return std::vector<Tensor>{ops::mul(g, xv)}; });
  };
  EXPECT_GT(test::measure_gradient_error(forgets_half, {x}).max_error, 1e-1);
  // ...while the correct derivative of the same function passes.
  EXPECT_LT(test::measure_gradient_error([](const Inputs& v) { return ag::mul(v[0], v[0]); }, {x}).max_error,
            test::kGradTolerance);
}

}  // namespace
}  // namespace ventris
