// The lightweight / dynamic convolution kernels of cuda/ops/lite_conv.cu, run
// through the CPU emulator, against the CPU kernels at awkward sizes: every
// instantiated K and a generic one, T shorter than K and longer than a time
// tile and a weight-gradient block, channel counts that leave a partial
// 32-channel tile and heads that straddle tiles, both paddings, both kernel
// kinds. fp32 sums of the same terms in the same order (the GPU may fuse
// multiply-adds differently): agreement to rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "ops/cpu/kernels.h"
#include "ops/cuda_kernels.h"
#include "random_vector.h"

namespace ventris {
namespace {

namespace gpu = emulated_kernels;
using math::LiteConvShape;

using test::random_vector;

// Within 1e-5 relative, plus `abs_tol` for long reductions whose result may
// cancel to far below its terms (the GPU adds them in another order).
void expect_near_all(const std::vector<float>& gpu_out, const std::vector<float>& cpu_out, const std::string& what,
                     float abs_tol = 0.f) {
  ASSERT_EQ(gpu_out.size(), cpu_out.size());
  for (size_t i = 0; i < gpu_out.size(); ++i) {
    ASSERT_TRUE(std::isfinite(gpu_out[i])) << what << " element " << i;
    ASSERT_NEAR(gpu_out[i], cpu_out[i], 1e-5f * (1.f + std::fabs(cpu_out[i])) + abs_tol) << what << " element " << i;
  }
}

std::string describe(const LiteConvShape& s) {
  return std::string(s.per_position ? "dynamic" : "lightweight") + " B=" + std::to_string(s.batch) +
         " T=" + std::to_string(s.time) + " C=" + std::to_string(s.channels) + " H=" + std::to_string(s.heads) +
         " K=" + std::to_string(s.taps) + " P=" + std::to_string(s.pad_left);
}

// Forward, input gradient and weight gradient of one shape, GPU vs CPU.
void check_shape(const LiteConvShape& s) {
  SCOPED_TRACE(describe(s));
  const int64_t n = s.batch * s.time * s.channels;
  const int64_t n_w = (s.per_position ? s.batch * s.time : 1) * s.heads * s.taps;
  const auto u = random_vector(n, 1, -1.f, 1.f), g = random_vector(n, 2, -1.f, 1.f),
             w = random_vector(n_w, 3, 0.f, 2.f / s.taps);
  std::vector<float> cpu_out(n), gpu_out(n, NAN);
  cpu::lite_conv(u.data(), w.data(), cpu_out.data(), s);
  gpu::lite_conv(u.data(), w.data(), gpu_out.data(), s, nullptr);
  expect_near_all(gpu_out, cpu_out, "forward");
  cpu::lite_conv_backward_input(g.data(), w.data(), cpu_out.data(), s);
  std::fill(gpu_out.begin(), gpu_out.end(), NAN);
  gpu::lite_conv_backward_input(g.data(), w.data(), gpu_out.data(), s, nullptr);
  expect_near_all(gpu_out, cpu_out, "grad input");
  std::vector<float> cpu_gw(n_w), gpu_gw(n_w, NAN);
  std::vector<float> cpu_scratch(cpu::lite_conv_backward_weight_scratch(s));
  std::vector<float> gpu_scratch(gpu::lite_conv_backward_weight_scratch(s), NAN);
  cpu::lite_conv_backward_weight(g.data(), u.data(), cpu_gw.data(), cpu_scratch.data(), s);
  gpu::lite_conv_backward_weight(g.data(), u.data(), gpu_gw.data(), gpu_scratch.data(), s, nullptr);
  // A tap's gradient sums R (dynamic) or B * T * R (lightweight) products of
  // terms below 1: allow 1e-7 per term (fp32 rounding, summed in two orders).
  const float terms = static_cast<float>((s.per_position ? 1 : s.batch * s.time) * math::head_width(s));
  expect_near_all(gpu_gw, cpu_gw, "grad weight", 1e-7f * terms);
}

TEST(LiteConvKernelEmulated, EveryInstantiatedAndAGenericKernelSize) {
  for (int64_t K : {3, 7, 15, 31, 63, 5})
    for (int64_t T : {K / 2 + 1, int64_t{70}})  // T < K; T over two time tiles and a 64-position block
      for (int64_t P : {K / 2, K - 1})
        for (bool dynamic : {false, true}) check_shape({2, T, 36, 4, K, P, dynamic});
}

TEST(LiteConvKernelEmulated, AwkwardChannelAndHeadCounts) {
  // One channel per tile row; heads straddling the 32-channel tiles; exactly one tile; P = 0.
  for (auto [C, H] : {std::pair<int64_t, int64_t>{1, 1}, {66, 2}, {32, 4}, {7, 7}})
    for (int64_t T : {1, 33, 129})
      for (bool dynamic : {false, true}) {
        check_shape({1, T, C, H, 7, 3, dynamic});
        check_shape({3, T, C, H, 9, 0, dynamic});
      }
}

TEST(LiteConvKernelEmulated, StepMatchesCpu) {
  for (int64_t K : {3, 63, 5})
    for (int64_t rows : {1, 7, 33})
      for (bool per_row : {false, true}) {
        const int64_t C = 36, H = 4;
        const auto window = random_vector(rows * K * C, 4), w = random_vector((per_row ? rows : 1) * H * K, 5);
        std::vector<float> cpu_out(rows * C), gpu_out(rows * C, NAN);
        cpu::lite_conv_step(window.data(), w.data(), cpu_out.data(), rows, C, H, K, per_row);
        gpu::lite_conv_step(window.data(), w.data(), gpu_out.data(), rows, C, H, K, per_row, nullptr);
        expect_near_all(gpu_out, cpu_out, "step K=" + std::to_string(K) + " rows=" + std::to_string(rows));
      }
}

// The weight gradient's two passes have a fixed order: the same bits every run.
TEST(LiteConvKernelEmulated, WeightGradientIsReproducible) {
  const LiteConvShape s{3, 150, 40, 4, 31, 15, false};
  const int64_t n = s.batch * s.time * s.channels;
  const auto u = random_vector(n, 6), g = random_vector(n, 7);
  std::vector<float> scratch(gpu::lite_conv_backward_weight_scratch(s)), first(s.heads * s.taps), again(first.size());
  gpu::lite_conv_backward_weight(g.data(), u.data(), first.data(), scratch.data(), s, nullptr);
  gpu::lite_conv_backward_weight(g.data(), u.data(), again.data(), scratch.data(), s, nullptr);
  EXPECT_EQ(first, again);
}

TEST(LiteConvKernelEmulated, UnsupportedKernelSizeRaises) {
  const LiteConvShape s{1, 4, 4, 1, 257, 128, false};
  std::vector<float> u(16), w(257), y(16);
  try {
    gpu::lite_conv(u.data(), w.data(), y.data(), s, nullptr);
    FAIL() << "K = 257 ran";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("kernel size K = 257 is above the supported 255"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ventris
