// The two CPU forward paths of the Lite convolution (src/ops/cpu/lite_conv_paths.h):
// they agree to 1e-5 at every recipe kernel size, T < K and T >> K, both
// paddings, both kernel kinds; and each path gives a sentence the same bits
// alone as inside a padded batch of other sentences (the invariance that
// lets translations ignore batch composition).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "op_test_util.h"
#include "ops/cpu/lite_conv_paths.h"

namespace ventris {
namespace {

using math::LiteConvShape;
using Path = void (*)(const float*, const float*, float*, const LiteConvShape&);

std::vector<float> run(Path path, const std::vector<float>& u, const std::vector<float>& w, const LiteConvShape& s) {
  std::vector<float> y(s.batch * s.time * s.channels, -1.f);
  path(u.data(), w.data(), y.data(), s);
  return y;
}

TEST(LiteConvPaths, DirectAndBandAgree) {
  for (int64_t K : {3, 7, 15, 31, 63, 9})
    for (int64_t T : {K / 2 + 1, 2 * K + 60})  // T < K; T >> K (several band tiles)
      for (int64_t P : {K / 2, K - 1})
        for (bool dynamic : {false, true}) {
          const LiteConvShape s{3, T, 36, 4, K, P, dynamic};
          const auto u = test::random_tensor({s.batch * T * s.channels}, 1).to_vector<float>();
          const auto w =
              test::random_tensor({(dynamic ? s.batch * T : 1) * s.heads * K}, 2, 0.f, 2.f / K).to_vector<float>();
          const auto direct = run(cpu::lite_conv_direct, u, w, s), band = run(cpu::lite_conv_band, u, w, s);
          for (size_t i = 0; i < direct.size(); ++i)
            ASSERT_NEAR(band[i], direct[i], 1e-5 * (1 + std::fabs(direct[i])))
                << "K=" << K << " T=" << T << " P=" << P << (dynamic ? " dynamic" : " lightweight") << " at " << i;
        }
}

// Sentence 1 of a batch of three, its rows past `length` zero (the layer masks
// u at pads), against the sentence alone: the same bits on its real rows.
void expect_batch_invariant(Path path, const char* name) {
  for (int64_t K : {3, 15, 31, 63})
    for (int64_t P : {K / 2, K - 1})
      for (bool dynamic : {false, true})
        for (int64_t length : {int64_t{5}, K + 7}) {
          const int64_t C = 36, H = 4, T = length + 53;
          const LiteConvShape alone{1, length, C, H, K, P, dynamic}, batch{3, T, C, H, K, P, dynamic};
          auto u = test::random_tensor({3 * T * C}, 3).to_vector<float>();
          auto w = test::random_tensor({(dynamic ? 3 * T : 1) * H * K}, 4, 0.f, 2.f / K).to_vector<float>();
          for (int64_t t = length; t < T; ++t) std::fill_n(u.begin() + (T + t) * C, C, 0.f);
          const std::vector<float> u_alone(u.begin() + T * C, u.begin() + (T + length) * C);
          const std::vector<float> w_alone =
              dynamic ? std::vector<float>(w.begin() + T * H * K, w.begin() + (T + length) * H * K) : w;
          const auto y_alone = run(path, u_alone, w_alone, alone), y_batch = run(path, u, w, batch);
          for (int64_t i = 0; i < length * C; ++i)
            ASSERT_EQ(y_batch[T * C + i], y_alone[i])
                << name << " K=" << K << " P=" << P << " length=" << length << (dynamic ? " dynamic" : "") << " at "
                << i;
        }
}

TEST(LiteConvPaths, DirectPathIgnoresBatchComposition) { expect_batch_invariant(cpu::lite_conv_direct, "direct"); }
TEST(LiteConvPaths, BandPathIgnoresBatchComposition) { expect_batch_invariant(cpu::lite_conv_band, "band"); }

}  // namespace
}  // namespace ventris
