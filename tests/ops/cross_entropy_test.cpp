#include "ops/cross_entropy.h"

#include "op_test_util.h"

namespace ventris {
namespace {

// fairseq's label_smoothed_nll_loss, written out in double.
struct Ref {
  double loss = 0, nll = 0;
};
Ref fairseq_formula(const std::vector<float>& z, const std::vector<int32_t>& t, int64_t V, double eps, int ignore) {
  Ref r;
  const double eps_i = eps / (V - 1);
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == ignore) continue;
    double mx = -1e300, total = 0;
    for (int64_t v = 0; v < V; ++v) mx = std::max<double>(mx, z[i * V + v]);
    for (int64_t v = 0; v < V; ++v) total += std::exp(z[i * V + v] - mx);
    double lse = mx + std::log(total), smooth = 0;
    for (int64_t v = 0; v < V; ++v) smooth += lse - z[i * V + v];
    double nll = lse - z[i * V + t[i]];
    r.nll += nll;
    r.loss += (1 - eps - eps_i) * nll + eps_i * smooth;
  }
  return r;
}

TEST(CrossEntropy, HandComputedExample) {
  // Uniform logits over V = 4: -log p = log 4 for every class, so loss = nll = log 4
  // whatever the smoothing, per token.
  Tensor z = Tensor::zeros({2, 4});
  auto out = ops::label_smoothed_cross_entropy(z, Tensor::from_vector<int32_t>({1, 3}, {2}), 0.1f, -100);
  EXPECT_NEAR(out.nll.item(), 2 * std::log(4.0), 1e-6);
  EXPECT_NEAR(out.loss.item(), 2 * std::log(4.0), 1e-6);
  EXPECT_EQ(out.tokens, 2);
  // Logits (0, ln 2, 0): p = (1/4, 1/2, 1/4); target 1, eps 0.2, eps_i 0.1:
  // loss = 0.7 * ln 2 + 0.1 * (ln 4 + ln 2 + ln 4) = 0.7 ln2 + 0.5 ln2 = 1.2 ln 2.
  Tensor z2 = Tensor::from_vector<float>({0.f, std::log(2.f), 0.f}, {1, 3});
  auto out2 = ops::label_smoothed_cross_entropy(z2, Tensor::from_vector<int32_t>({1}, {1}), 0.2f, -100);
  EXPECT_NEAR(out2.loss.item(), 1.2 * std::log(2.0), 1e-6);
  EXPECT_NEAR(out2.nll.item(), std::log(2.0), 1e-6);
}

TEST(CrossEntropy, MatchesFairseqFormulaWithIgnoreIndex) {
  for (int64_t V : {2, 7, 33, 513}) {
    const int64_t N = 9;
    Tensor z = test::random_tensor({N, V}, static_cast<uint32_t>(V), -6.f, 6.f);
    std::vector<int32_t> t(N);
    for (int64_t i = 0; i < N; ++i) t[i] = static_cast<int32_t>((i * 5) % V);
    t[2] = 1;  // pad index
    t[5] = 1;
    auto out = ops::label_smoothed_cross_entropy(z, Tensor::from_vector(t, {N}), 0.1f, 1);
    Ref ref = fairseq_formula(z.to_vector<float>(), t, V, 0.1, 1);
    int64_t expected_tokens = 0;
    for (int32_t x : t) expected_tokens += x != 1;
    EXPECT_EQ(out.tokens, expected_tokens);
    EXPECT_NEAR(out.loss.item(), ref.loss, 1e-4 * std::max(1.0, ref.loss));
    EXPECT_NEAR(out.nll.item(), ref.nll, 1e-4 * std::max(1.0, ref.nll));
  }
}

TEST(CrossEntropy, BackwardIsSoftmaxMinusSmoothedTargetAndZeroOnIgnored) {
  const int64_t V = 5;
  Tensor z = test::random_tensor({3, V}, 4);
  Tensor t = Tensor::from_vector<int32_t>({2, 0, 4}, {3});
  auto out = ops::label_smoothed_cross_entropy(z, t, 0.1f, 0);
  Tensor g = ops::label_smoothed_cross_entropy_backward(2.f, z, t, out.logsumexp, 0.1f, 0);
  auto zv = z.to_vector<float>();
  std::vector<double> ref(3 * V, 0.0);
  const double eps_i = 0.1 / (V - 1);
  for (int r : {0, 2}) {
    int target = r == 0 ? 2 : 4;
    double mx = -1e300, total = 0;
    for (int v = 0; v < V; ++v) mx = std::max<double>(mx, zv[r * V + v]);
    for (int v = 0; v < V; ++v) total += std::exp(zv[r * V + v] - mx);
    for (int v = 0; v < V; ++v) {
      double p = std::exp(zv[r * V + v] - mx) / total;
      ref[r * V + v] = 2.0 * (p - eps_i - (v == target ? 1 - 0.1 - eps_i : 0.0));
    }
  }
  test::expect_close(g, ref, 1e-6, 1e-5);
}

TEST(CrossEntropy, TargetOutsideVocabularyThrows) {
  EXPECT_THROW(ops::label_smoothed_cross_entropy(Tensor::zeros({1, 3}), Tensor::from_vector<int32_t>({3}, {1}), 0.f, -1),
               Error);
}

}  // namespace
}  // namespace ventris
