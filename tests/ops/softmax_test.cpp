#include "ops/softmax.h"

#include <limits>

#include "op_test_util.h"

namespace ventris {
namespace {

// Reference softmax of one row where masked[j] drops key j.
std::vector<double> ref_row(const std::vector<double>& x, const std::vector<bool>& masked) {
  double mx = -std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < x.size(); ++j)
    if (!masked[j]) mx = std::max(mx, x[j]);
  std::vector<double> y(x.size(), 0.0);
  if (std::isinf(mx)) return y;
  double total = 0;
  for (size_t j = 0; j < x.size(); ++j)
    if (!masked[j]) total += y[j] = std::exp(x[j] - mx);
  for (auto& v : y) v /= total;
  return y;
}

TEST(Softmax, UnmaskedRowsAtAwkwardSizes) {
  for (int64_t n : test::awkward_sizes()) {
    Tensor x = test::random_tensor({3, n}, static_cast<uint32_t>(n), -8.f, 8.f);
    auto xv = x.to_vector<float>();
    std::vector<double> ref;
    for (int r = 0; r < 3; ++r) {
      auto row = ref_row({xv.begin() + r * n, xv.begin() + (r + 1) * n}, std::vector<bool>(n, false));
      ref.insert(ref.end(), row.begin(), row.end());
    }
    test::expect_close(ops::softmax(x), ref, 1e-6, 1e-5);
  }
}

TEST(Softmax, PaddingAndCausalMasksWithFullyMaskedRowsGivingZeros) {
  const int64_t B = 2, H = 3, T = 5;
  Tensor x = test::random_tensor({B, H, T, T}, 11);
  // Batch 0: last two keys are padding. Batch 1: every key is padding.
  std::vector<int32_t> pad{0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
  ops::SoftmaxMask mask{Tensor::from_vector(pad, {B, T}), true, {}};
  Tensor y = ops::softmax(x, mask);
  auto xv = x.to_vector<float>();
  std::vector<double> ref;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t q = 0; q < T; ++q) {
        std::vector<bool> masked(T);
        for (int64_t k = 0; k < T; ++k) masked[k] = pad[b * T + k] || k > q;
        int64_t off = ((b * H + h) * T + q) * T;
        auto row = ref_row({xv.begin() + off, xv.begin() + off + T}, masked);
        ref.insert(ref.end(), row.begin(), row.end());
      }
  test::expect_close(y, ref, 1e-6, 1e-5);
}

TEST(Softmax, TrailingPaddedKeysLeaveTheUnpaddedBitsUnchanged) {
  // A sentence's attention row must have the same bits alone and padded in a
  // batch (translation batches mix source lengths), whatever the pad length.
  constexpr int64_t kHeads = 8;
  for (int64_t s : {1, 7, 16, 17, 33, 50, 100}) {
    Tensor alone = test::random_tensor({1, kHeads, 1, s}, static_cast<uint32_t>(s), -2.f, 2.f);
    const std::vector<float> unpadded =
        ops::softmax(alone, {Tensor::zeros({1, s}, DType::I32), false, {}}).to_vector<float>();
    for (int64_t extra : {1, 5, 16, 40, 64}) {
      const int64_t t = s + extra;
      std::vector<float> x(static_cast<size_t>(kHeads * t), 123.f);  // padded logits: any value
      std::vector<int32_t> pad(static_cast<size_t>(t), 1);
      const auto a = alone.to_vector<float>();
      for (int64_t h = 0; h < kHeads; ++h)
        for (int64_t j = 0; j < s; ++j) x[static_cast<size_t>(h * t + j)] = a[static_cast<size_t>(h * s + j)];
      for (int64_t j = 0; j < s; ++j) pad[static_cast<size_t>(j)] = 0;
      const std::vector<float> y =
          ops::softmax(Tensor::from_vector(x, {1, kHeads, 1, t}), {Tensor::from_vector(pad, {1, t}), false, {}})
              .to_vector<float>();
      for (int64_t h = 0; h < kHeads; ++h)
        for (int64_t j = 0; j < t; ++j) {
          const float want = j < s ? unpadded[static_cast<size_t>(h * s + j)] : 0.f;
          ASSERT_EQ(y[static_cast<size_t>(h * t + j)], want) << "s=" << s << " extra=" << extra << " key " << j;
        }
    }
  }
}

TEST(Softmax, CausalMaskForIncrementalStepSeesWholePrefix) {
  // One query at step t attends to all t keys.
  Tensor x = test::random_tensor({1, 1, 1, 6}, 3);
  Tensor full = ops::softmax(x), causal = ops::softmax(x, {Tensor(), true, Tensor()});
  EXPECT_EQ(full.to_vector<float>(), causal.to_vector<float>());
}

TEST(Softmax, AdditiveMaskWithNegativeInfinity) {
  const float inf = std::numeric_limits<float>::infinity();
  Tensor x = test::random_tensor({2, 3, 3}, 5);
  Tensor add = Tensor::from_vector<float>({0, -inf, -inf, 0, 0, -inf, -inf, -inf, -inf}, {3, 3});
  Tensor y = ops::softmax(x, {Tensor(), false, add});
  auto xv = x.to_vector<float>();
  std::vector<double> ref;
  for (int b = 0; b < 2; ++b)
    for (int q = 0; q < 3; ++q) {
      std::vector<bool> masked{false, q < 1, q < 2};
      if (q == 2) masked = {true, true, true};
      auto row = ref_row({xv.begin() + (b * 3 + q) * 3, xv.begin() + (b * 3 + q) * 3 + 3}, masked);
      ref.insert(ref.end(), row.begin(), row.end());
    }
  test::expect_close(y, ref, 1e-6, 1e-5);
}

TEST(Softmax, LogSoftmaxMatchesLogOfSoftmaxForLargeLogits) {
  Tensor x = test::random_tensor({4, 513}, 9, -50.f, 50.f);
  auto xv = x.to_vector<float>();
  std::vector<double> ref;
  for (int r = 0; r < 4; ++r) {
    double mx = -1e300, total = 0;
    for (int j = 0; j < 513; ++j) mx = std::max<double>(mx, xv[r * 513 + j]);
    for (int j = 0; j < 513; ++j) total += std::exp(xv[r * 513 + j] - mx);
    for (int j = 0; j < 513; ++j) ref.push_back(xv[r * 513 + j] - mx - std::log(total));
  }
  test::expect_close(ops::log_softmax(x), ref, 1e-4, 1e-5);
}

TEST(Softmax, RejectsMismatchedPaddingMask) {
  Tensor x = Tensor::zeros({2, 4, 3, 3});
  EXPECT_THROW(ops::softmax(x, {Tensor::from_vector<int32_t>({0, 0, 0}, {1, 3}), false, {}}), Error);
}

}  // namespace
}  // namespace ventris
