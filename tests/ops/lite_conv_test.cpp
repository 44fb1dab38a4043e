// Lightweight / dynamic convolution, its gradients and the decoding step:
// hand-computed answers, a double-precision reference at the recipe kernel
// sizes (T < K and T >> K, centred and causal padding), thread-count
// invariance, the step against the full causal convolution, and the errors.
#include "ops/lite_conv.h"

#include "core/threads.h"
#include "error_message.h"
#include "op_test_util.h"
#include "ops/mult_add_counter.h"

namespace ventris {
namespace {

using test::random_tensor;

// Calls visit(y index, u index, w index) for every term w * u of the formula
// of ops/lite_conv.h (u [B, T, C], w [B, T, H, K] or [H, K]).
template <class Visit>
void for_each_term(const Tensor& u, const Tensor& w, int64_t pad, Visit visit) {
  const int64_t B = u.size(0), T = u.size(1), C = u.size(2), H = w.size(-2), K = w.size(-1), R = C / H;
  const bool dynamic = w.rank() == 4;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      for (int64_t c = 0; c < C; ++c)
        for (int64_t k = 0; k < K; ++k) {
          const int64_t src = t + k - pad;
          if (src < 0 || src >= T) continue;
          visit((b * T + t) * C + c, (b * T + src) * C + c, (dynamic ? (b * T + t) * H * K : 0) + c / R * K + k);
        }
}

// y in double.
std::vector<double> reference_conv(const Tensor& u, const Tensor& w, int64_t pad) {
  auto uv = u.to_vector<float>(), wv = w.to_vector<float>();
  std::vector<double> y(u.numel(), 0.0);
  for_each_term(u, w, pad, [&](int64_t yi, int64_t ui, int64_t wi) { y[yi] += static_cast<double>(wv[wi]) * uv[ui]; });
  return y;
}

// The gradients of sum(g * y), in double.
struct ReferenceGrads {
  std::vector<double> u, w;
};
ReferenceGrads reference_grads(const Tensor& g, const Tensor& u, const Tensor& w, int64_t pad) {
  auto gv = g.to_vector<float>(), uv = u.to_vector<float>(), wv = w.to_vector<float>();
  ReferenceGrads r{std::vector<double>(u.numel(), 0.0), std::vector<double>(w.numel(), 0.0)};
  for_each_term(u, w, pad, [&](int64_t yi, int64_t ui, int64_t wi) {
    r.u[ui] += static_cast<double>(wv[wi]) * gv[yi];
    r.w[wi] += static_cast<double>(gv[yi]) * uv[ui];
  });
  return r;
}

// The lengths each K is checked at: shorter than the kernel and much longer.
std::vector<int64_t> lengths_for(int64_t K) { return {1, K / 2 + 1, 2 * K + 9}; }
const int64_t kKernelSizes[] = {3, 7, 15, 31, 63, 9};

TEST(LiteConv, HandComputedCentredAndCausal) {
  // Two heads of one channel: head 0 weights [1, 2, 3], head 1 [1, 0, -1].
  const Tensor u = Tensor::from_vector(std::vector<float>{1, 5, 2, 6, 3, 7, 4, 8}, {1, 4, 2});
  const Tensor w = Tensor::from_vector(std::vector<float>{1, 2, 3, 1, 0, -1}, {2, 3});
  // Centred (P = 1): y0[t] = u[t-1] + 2u[t] + 3u[t+1]; y1[t] = u[t-1] - u[t+1].
  test::expect_close(ops::lightweight_conv(u, w, 1), {8, -6, 14, -2, 20, -2, 11, 7}, 0, 0);
  // Causal (P = 2): y0[t] = u[t-2] + 2u[t-1] + 3u[t]; y1[t] = u[t-2] - u[t].
  test::expect_close(ops::lightweight_conv(u, w, 2), {3, -5, 8, -6, 14, -2, 20, -2}, 0, 0);
  // P = 0 (all taps ahead): y0[t] = u[t] + 2u[t+1] + 3u[t+2].
  test::expect_close(ops::lightweight_conv(u, w, 0), {14, -2, 20, -2, 11, 7, 4, 8}, 0, 0);
}

TEST(LiteConv, DynamicUsesEachPositionsOwnKernel) {
  // One head, K = 3, causal: position t's kernel picks tap t % 3, i.e. u[t - 2 + t % 3].
  const Tensor u = Tensor::from_vector(std::vector<float>{1, 2, 3, 4, 5}, {1, 5, 1});
  std::vector<float> w(5 * 3, 0.f);
  for (int t = 0; t < 5; ++t) w[t * 3 + t % 3] = 1.f;
  // t=0: tap 0 -> u[-2] = 0; t=1: tap 1 -> u[0]; t=2: tap 2 -> u[2]; t=3: tap 0 -> u[1]; t=4: tap 1 -> u[3].
  test::expect_close(ops::dynamic_conv(u, Tensor::from_vector(w, {1, 5, 1, 3}), 2), {0, 1, 3, 2, 4}, 0, 0);
}

TEST(LiteConv, MatchesDoubleReferenceAtRecipeKernelSizes) {
  for (int64_t K : kKernelSizes)
    for (int64_t T : lengths_for(K))
      for (int64_t pad : {K / 2, K - 1}) {
        const uint32_t seed = static_cast<uint32_t>(K * 1000 + T * 10 + pad);
        const Tensor u = random_tensor({2, T, 12}, seed);
        const Tensor ws = random_tensor({3, K}, seed + 1, 0.f, 2.f / K);
        const Tensor wd = random_tensor({2, T, 3, K}, seed + 2, 0.f, 2.f / K);
        SCOPED_TRACE("K=" + std::to_string(K) + " T=" + std::to_string(T) + " P=" + std::to_string(pad));
        test::expect_close(ops::lightweight_conv(u, ws, pad), reference_conv(u, ws, pad), 1e-5, 1e-5);
        test::expect_close(ops::dynamic_conv(u, wd, pad), reference_conv(u, wd, pad), 1e-5, 1e-5);
      }
}

TEST(LiteConv, GradientsMatchDoubleReference) {
  for (int64_t K : kKernelSizes)
    for (int64_t T : lengths_for(K))
      for (int64_t pad : {K / 2, K - 1}) {
        const uint32_t seed = static_cast<uint32_t>(K * 1000 + T * 10 + pad);
        const Tensor u = random_tensor({3, T, 8}, seed), g = random_tensor({3, T, 8}, seed + 3);
        SCOPED_TRACE("K=" + std::to_string(K) + " T=" + std::to_string(T) + " P=" + std::to_string(pad));
        for (const Tensor& w : {random_tensor({2, K}, seed + 1), random_tensor({3, T, 2, K}, seed + 2)}) {
          const ReferenceGrads ref = reference_grads(g, u, w, pad);
          test::expect_close(ops::lite_conv_backward_input(g, w, pad), ref.u, 1e-5, 1e-5);
          test::expect_close(ops::lite_conv_backward_weight(g, u, w.shape(), pad), ref.w, 1e-4, 1e-5);
        }
      }
}

// Each output is summed by one thread in a fixed order, and a shared kernel's
// gradient through fixed (b, 64-position) blocks: the bits do not depend on
// the thread count.
TEST(LiteConv, ResultsDoNotDependOnThreadCount) {
  const int saved = num_threads();
  const Tensor u = random_tensor({3, 150, 40}, 1), g = random_tensor({3, 150, 40}, 2);
  const Tensor ws = random_tensor({4, 31}, 3), wd = random_tensor({3, 150, 4, 31}, 4);
  std::vector<std::vector<float>> runs[2];
  for (int i = 0; i < 2; ++i) {
    set_num_threads(i == 0 ? 1 : 3);
    for (const Tensor& w : {ws, wd}) {
      runs[i].push_back((w.rank() == 2 ? ops::lightweight_conv(u, w, 15) : ops::dynamic_conv(u, w, 15))
                            .to_vector<float>());
      runs[i].push_back(ops::lite_conv_backward_input(g, w, 15).to_vector<float>());
      runs[i].push_back(ops::lite_conv_backward_weight(g, u, w.shape(), 15).to_vector<float>());
    }
  }
  set_num_threads(saved);
  ASSERT_EQ(runs[0].size(), runs[1].size());
  for (size_t i = 0; i < runs[0].size(); ++i) EXPECT_EQ(runs[0][i], runs[1][i]) << "result " << i;
}

// Window of position t: the K inputs t-K+1 .. t (zeros before the sentence).
Tensor window_at(const Tensor& u, int64_t t, int64_t K) {
  const int64_t N = u.size(0), T = u.size(1), C = u.size(2);
  auto uv = u.to_vector<float>();
  std::vector<float> w(N * K * C, 0.f);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t k = 0; k < K; ++k) {
      const int64_t src = t - (K - 1) + k;
      if (src < 0) continue;
      for (int64_t c = 0; c < C; ++c) w[(n * K + k) * C + c] = uv[(n * T + src) * C + c];
    }
  return Tensor::from_vector(w, {N, K, C});
}

TEST(LiteConv, StepEqualsTheCausalConvolutionAtEveryPosition) {
  for (int64_t K : {3, 31, 9}) {
    const int64_t N = 3, T = K + 5, C = 8, H = 2;
    const Tensor u = random_tensor({N, T, C}, static_cast<uint32_t>(K));
    const Tensor ws = random_tensor({H, K}, 2, 0.f, 2.f / K), wd = random_tensor({N, T, H, K}, 3, 0.f, 2.f / K);
    const auto full_s = ops::lightweight_conv(u, ws, K - 1).to_vector<float>();
    const auto full_d = ops::dynamic_conv(u, wd, K - 1).to_vector<float>();
    auto wdv = wd.to_vector<float>();
    for (int64_t t = 0; t < T; ++t) {
      std::vector<float> wt(N * H * K);
      for (int64_t n = 0; n < N; ++n)
        std::copy_n(wdv.begin() + (n * T + t) * H * K, H * K, wt.begin() + n * H * K);
      const Tensor window = window_at(u, t, K);
      const auto step_s = ops::conv_step(window, ws).to_vector<float>();
      const auto step_d = ops::conv_step(window, Tensor::from_vector(wt, {N, H, K})).to_vector<float>();
      for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c) {
          // The same taps in the same order: the same bits.
          EXPECT_EQ(step_s[n * C + c], full_s[(n * T + t) * C + c]) << "K=" << K << " t=" << t;
          EXPECT_EQ(step_d[n * C + c], full_d[(n * T + t) * C + c]) << "K=" << K << " t=" << t;
        }
    }
  }
}

TEST(LiteConv, ReportsMultiplyAdds) {
  ops::MultAddCounter counter;
  const Tensor u = Tensor::zeros({2, 5, 8}, DType::F32);
  ops::lightweight_conv(u, Tensor::zeros({4, 3}, DType::F32), 1);
  EXPECT_EQ(counter.total(), 2 * 5 * 8 * 3);
  ops::dynamic_conv(u, Tensor::zeros({2, 5, 2, 7}, DType::F32), 6);
  EXPECT_EQ(counter.total(), 2 * 5 * 8 * (3 + 7));
  ops::conv_step(Tensor::zeros({3, 7, 8}, DType::F32), Tensor::zeros({2, 7}, DType::F32));
  EXPECT_EQ(counter.total(), 2 * 5 * 8 * (3 + 7) + 3 * 8 * 7);
}

TEST(LiteConv, EmptyBatchAndSequence) {
  EXPECT_EQ(ops::lightweight_conv(Tensor::zeros({0, 5, 4}, DType::F32), Tensor::zeros({2, 3}, DType::F32), 1).numel(),
            0);
  const Tensor g = ops::lite_conv_backward_weight(Tensor::zeros({2, 0, 4}, DType::F32),
                                                  Tensor::zeros({2, 0, 4}, DType::F32), Shape{2, 3}, 1);
  test::expect_close(g, std::vector<double>(6, 0.0), 0, 0);
}

TEST(LiteConv, BadShapesAreOneLineErrorsNamingTheValue) {
  const Tensor u = Tensor::zeros({1, 4, 6}, DType::F32);
  EXPECT_NE(test::error_of([&] { ops::lightweight_conv(u, Tensor::zeros({2, 4}, DType::F32), 1); })
                .find("kernel size K must be odd, got 4"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::lightweight_conv(u, Tensor::zeros({2, 3}, DType::F32), 3); })
                .find("pad_left must be in [0, K-1] = [0, 2], got 3"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::lightweight_conv(u, Tensor::zeros({2, 3}, DType::F32), -1); })
                .find("pad_left must be in [0, K-1] = [0, 2], got -1"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::dynamic_conv(u, Tensor::zeros({1, 4, 4, 3}, DType::F32), 1); })
                .find("heads H = 4 must divide the channels C = 6"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::dynamic_conv(u, Tensor::zeros({1, 5, 2, 3}, DType::F32), 1); })
                .find("do not match the input"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::dynamic_conv(u, Tensor::zeros({2, 3}, DType::F32), 1); })
                .find("dynamic_conv: weights must be [B, T, H, K]"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::conv_step(Tensor::zeros({2, 3, 6}, DType::F32), Tensor::zeros({2, 5}, DType::F32)); })
                .find("conv_step: weights [2, 5] have K = 5 taps"),
            std::string::npos);
  EXPECT_NE(test::error_of([&] { ops::conv_step(Tensor::zeros({2, 4, 6}, DType::F32), Tensor::zeros({2, 4}, DType::F32)); })
                .find("kernel size K must be odd, got 4"),
            std::string::npos);
}

}  // namespace
}  // namespace ventris
