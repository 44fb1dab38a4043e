// The multi-tensor kernels (Adam, sum of squares, clip scaling), run through
// the CPU emulator, against their CPU twins: the norm and clipping bit for bit
// (same reduction order), Adam bit for bit against its per-tensor update on
// each backend and to rounding across them. The tensor list mixes the awkward
// sizes with an empty tensor and one spanning three chunks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/threads.h"
#include "ops/cpu/kernels.h"
#include "ops/cuda_kernels.h"
#include "ops/math/clip_norm.h"
#include "ops/tensor_list.h"

namespace ventris {
namespace {

namespace gpu = emulated_kernels;

const std::vector<int64_t> kListSizes{1, 7, 0, 33, 513, 4096, 2 * math::kTensorListChunk + 5};

// Tensors of kListSizes with values in [lo, hi).
std::vector<Tensor> random_tensors(uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<Tensor> out;
  for (int64_t n : kListSizes) {
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = d(rng);
    out.push_back(Tensor::from_vector(v, {n}));
  }
  return out;
}

std::vector<Tensor> clones(const std::vector<Tensor>& ts) {
  std::vector<Tensor> out;
  for (const Tensor& t : ts) out.push_back(t.clone());
  return out;
}

void expect_same_bits(const std::vector<Tensor>& a, const std::vector<Tensor>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].numel(), b[i].numel());
    EXPECT_EQ(0, std::memcmp(a[i].raw_data(), b[i].raw_data(), a[i].nbytes())) << what << ", tensor " << i;
  }
}

void expect_close(const std::vector<Tensor>& a, const std::vector<Tensor>& b, float tol, const char* what) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t t = 0; t < a.size(); ++t)
    for (int64_t i = 0; i < a[t].numel(); ++i) {
      const float x = a[t].data<float>()[i], y = b[t].data<float>()[i];
      ASSERT_NEAR(x, y, tol * (1.f + std::fabs(y))) << what << ", tensor " << t << " element " << i;
    }
}

struct AdamState {
  std::vector<Tensor> w, m, v;
};

// Adam on copies of `start`: all tensors in one call, or one call per tensor
// (the former per-tensor update).
AdamState run_adam(const AdamState& start, const std::vector<Tensor>& g, const math::AdamStep& step, bool emulated,
                   bool per_tensor) {
  AdamState s{clones(start.w), clones(start.m), clones(start.v)};
  auto update = [&](const ops::DeviceTensorList& list) {
    float *const *w = list.operand(0), *const *m = list.operand(2), *const *v = list.operand(3);
    const float* const* grad = list.operand(1);
    if (emulated)
      gpu::adam_update(w, grad, m, v, list.chunks(), step, nullptr);
    else
      cpu::adam_update(w, grad, m, v, list.chunks(), step);
  };
  if (per_tensor) {
    for (size_t t = 0; t < g.size(); ++t) update(ops::DeviceTensorList({{s.w[t]}, {g[t]}, {s.m[t]}, {s.v[t]}}, "test"));
  } else {
    const ops::DeviceTensorList list({s.w, g, s.m, s.v}, "test");
    EXPECT_EQ(list.chunks().chunks, 5 + 3);  // one per non-empty small tensor, three for the large one
    update(list);
  }
  return s;
}

TEST(MultiTensorKernels, AdamOnManyTensorsEqualsThePerTensorUpdateOnCpuAndEmulatedCuda) {
  const math::AdamStep step{1e-3f / 0.1f, 1.f / std::sqrt(0.02f), 0.9f, 0.98f, 1e-8f, 0.f, 1.f - 1e-3f * 0.01f};
  const AdamState start{random_tensors(1, -1.f, 1.f), random_tensors(3, -0.1f, 0.1f), random_tensors(4, 0.f, 0.5f)};
  const std::vector<Tensor> g = random_tensors(2, -3.f, 3.f);
  for (bool emulated : {false, true}) {
    const AdamState many = run_adam(start, g, step, emulated, false), each = run_adam(start, g, step, emulated, true);
    const char* what = emulated ? "emulated cuda" : "cpu";
    expect_same_bits(many.w, each.w, what);
    expect_same_bits(many.m, each.m, what);
    expect_same_bits(many.v, each.v, what);
  }
  // The CPU library is built with -march=native and may fuse multiply-adds;
  // the emulated kernels are not: equal to rounding.
  const AdamState cpu = run_adam(start, g, step, false, false), emu = run_adam(start, g, step, true, false);
  expect_close(emu.w, cpu.w, 1e-6f, "weights");
  expect_close(emu.m, cpu.m, 1e-6f, "exp_avg");
  expect_close(emu.v, cpu.v, 1e-6f, "exp_avg_sq");
}

struct Sums {
  std::vector<double> partials;
  double total = 0;
};

Sums cpu_sum_squares(const ops::DeviceTensorList& list) {
  Sums s{std::vector<double>(static_cast<size_t>(list.chunks().chunks)), 0};
  cpu::sum_squares(list.operand(0), list.chunks(), s.partials.data(), &s.total);
  return s;
}

TEST(MultiTensorKernels, SumOfSquaresIsTheSameBitsOnCpuAnyThreadsAndEmulatedCuda) {
  const std::vector<Tensor> x = random_tensors(5, -4.f, 4.f);
  const ops::DeviceTensorList list({x}, "test");
  long double reference = 0;
  for (const Tensor& t : x)
    for (int64_t i = 0; i < t.numel(); ++i) {
      const long double v = t.data<float>()[i];
      reference += v * v;
    }

  const int saved = num_threads();
  set_num_threads(1);
  const Sums one = cpu_sum_squares(list);
  set_num_threads(2);
  const Sums two = cpu_sum_squares(list);
  set_num_threads(saved);
  Sums emu{std::vector<double>(one.partials.size()), 0};
  gpu::sum_squares(list.operand(0), list.chunks(), emu.partials.data(), &emu.total, nullptr);

  EXPECT_NEAR(one.total, static_cast<double>(reference), 1e-14 * static_cast<double>(reference));
  EXPECT_EQ(one.partials, two.partials);
  EXPECT_EQ(one.total, two.total);
  EXPECT_EQ(emu.partials, one.partials);
  EXPECT_EQ(emu.total, one.total);
}

TEST(MultiTensorKernels, SumOfSquaresOfNothingIsZero) {
  const ops::DeviceTensorList list({std::vector<Tensor>{}}, "test");
  double cpu_total = -1, emu_total = -1;
  cpu::sum_squares(list.operand(0), list.chunks(), nullptr, &cpu_total);
  gpu::sum_squares(list.operand(0), list.chunks(), nullptr, &emu_total, nullptr);
  EXPECT_EQ(cpu_total, 0.0);
  EXPECT_EQ(emu_total, 0.0);
}

TEST(MultiTensorKernels, ClipScaleMatchesCpuAndLeavesTensorsAloneWhenNotNeeded) {
  const std::vector<Tensor> x = random_tensors(6, -1.f, 1.f);
  // sum of squares 400 -> norm 20: coefficient 5 / (20 + 1e-6) below 1.
  const double sum_sq = 400, max_norm = 5;
  const float coef = math::clip_coefficient(sum_sq, max_norm);
  ASSERT_EQ(coef, static_cast<float>(5.0 / (20.0 + 1e-6)));
  auto expected = clones(x);
  for (Tensor& t : expected)
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] *= coef;
  for (bool emulated : {false, true}) {
    auto y = clones(x);
    const ops::DeviceTensorList list({y}, "test");
    if (emulated)
      gpu::clip_scale(list.operand(0), list.chunks(), &sum_sq, max_norm, nullptr);
    else
      cpu::clip_scale(list.operand(0), list.chunks(), &sum_sq, max_norm);
    expect_same_bits(y, expected, emulated ? "emulated cuda" : "cpu");
  }
  // Below the threshold, clipping off, or a non-finite norm: untouched.
  for (double s : {1.0, 400.0, double(NAN), double(INFINITY)})
    for (double mn : {5.0, 0.0}) {
      if (s == 400.0 && mn == 5.0) continue;
      auto c = clones(x), e = clones(x);
      const ops::DeviceTensorList lc({c}, "test"), le({e}, "test");
      cpu::clip_scale(lc.operand(0), lc.chunks(), &s, mn);
      gpu::clip_scale(le.operand(0), le.chunks(), &s, mn, nullptr);
      expect_same_bits(c, x, "cpu, unclipped");
      expect_same_bits(e, x, "emulated cuda, unclipped");
    }
}

}  // namespace
}  // namespace ventris
