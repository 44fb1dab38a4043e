#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cli/run_binary.h"
#include "optim/adam_optimizer.h"
#include "optim/grad_norm.h"
#include "optim/lr_schedule.h"

namespace ventris::optim {
namespace {

// Three steps on p = [0.5, -1, 2, 0] with fixed gradients; expected values
// from torch.optim (PyTorch 1.13) with lr 0.01, betas (0.9, 0.98), eps 1e-9.
std::vector<float> run(AdamOptions options, ag::ParameterSet& params, Adam* resume_into = nullptr) {
  Adam adam(params, options);
  Adam& opt = resume_into ? *resume_into : adam;
  const std::vector<std::vector<float>> grads{{0.1f, -0.2f, 0.3f, 1.f}, {-0.5f, 0.4f, 0.f, 2.f}, {1.f, 1.f, -1.f, -3.f}};
  const ag::Var& p = params.at("p");
  for (const auto& g : grads) {
    params.zero_grad();
    ag::backward(ag::Var(p), Tensor::from_vector(g, {4}));  // a leaf's "backward" sets its gradient to the seed
    opt.step(0.01);
  }
  return p.value().to_vector<float>();
}

void expect_near(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 2e-7) << i;
}

TEST(AdamOptimizer, MatchesTorchAdamWAdamAndPlainAdam) {
  {
    ag::ParameterSet params;
    params.add("p", Tensor::from_vector<float>({0.5f, -1.f, 2.f, 0.f}, {4}));
    expect_near(run({0.9, 0.98, 1e-9, 0.1, true}, params), {0.490908176f, -0.997603714f, 1.98189533f, -0.0189321712f});
  }
  {
    ag::ParameterSet params;
    params.add("p", Tensor::from_vector<float>({0.5f, -1.f, 2.f, 0.f}, {4}));
    expect_near(run({0.9, 0.98, 1e-9, 0.1, false}, params), {0.490718931f, -0.996459007f, 1.98242569f, -0.0189576596f});
  }
  {
    ag::ParameterSet params;
    params.add("p", Tensor::from_vector<float>({0.5f, -1.f, 2.f, 0.f}, {4}));
    expect_near(run({0.9, 0.98, 1e-9, 0.0, true}, params), {0.492392629f, -1.00058424f, 1.98786247f, -0.0189617854f});
  }
}

TEST(AdamOptimizer, StateRoundTripResumesBitForBit) {
  auto make = [] {
    ag::ParameterSet params;
    params.add("enc.w", Tensor::from_vector<float>({0.5f, -1.f, 2.f, 0.25f}, {2, 2}));
    return params;
  };
  const std::vector<float> g{0.3f, -0.1f, 0.7f, 0.2f};
  auto step_with = [&](ag::ParameterSet& params, Adam& adam) {
    params.zero_grad();
    ag::backward(ag::Var(params.at("enc.w")), Tensor::from_vector(g, {2, 2}));
    adam.step(0.05);
  };
  ag::ParameterSet straight = make();
  Adam a(straight, {});
  for (int i = 0; i < 4; ++i) step_with(straight, a);

  test::ScopedTempDir tmp("ventris-adam");
  ag::ParameterSet first = make();
  Adam b(first, {});
  for (int i = 0; i < 2; ++i) step_with(first, b);
  io::write_safetensors(tmp / "opt.safetensors", b.state());
  ag::ParameterSet resumed = make();
  Tensor resumed_weight = resumed.at("enc.w").value();  // shares storage
  resumed_weight.copy_from(first.at("enc.w").value());
  Adam c(resumed, {});
  c.load_state(io::read_safetensors(tmp / "opt.safetensors"));
  EXPECT_EQ(c.steps(), 2);
  for (int i = 0; i < 2; ++i) step_with(resumed, c);
  EXPECT_EQ(resumed.at("enc.w").value().to_vector<float>(), straight.at("enc.w").value().to_vector<float>());
}

TEST(Schedule, InverseSqrtFairseqSemantics) {
  ScheduleOptions o{LrSchedule::kInverseSqrt, 5e-4, 1e-7, 4000, 1e-7, 40000};
  EXPECT_DOUBLE_EQ(learning_rate(o, 0), 1e-7);  // the first update runs at the warmup start
  EXPECT_NEAR(learning_rate(o, 1), 1e-7 + (5e-4 - 1e-7) / 4000, 1e-15);
  EXPECT_NEAR(learning_rate(o, 2000), (1e-7 + 5e-4) / 2, 1e-15);
  EXPECT_DOUBLE_EQ(learning_rate(o, 4000), 5e-4);
  EXPECT_NEAR(learning_rate(o, 16000), 5e-4 * 0.5, 1e-15);
  EXPECT_NEAR(learning_rate(o, 4001), 5e-4 * std::sqrt(4000.0 / 4001.0), 1e-15);
}

TEST(Schedule, CosineHalfWaveEndsAtTheFloorAndRestarts) {
  ScheduleOptions o{LrSchedule::kCosine, 1e-3, 1e-7, 10000, 1e-7, 40000};
  EXPECT_DOUBLE_EQ(learning_rate(o, 0), 1e-7);
  EXPECT_NEAR(learning_rate(o, 5000), (1e-7 + 1e-3) / 2, 1e-15);
  EXPECT_DOUBLE_EQ(learning_rate(o, 10000), 1e-3);
  EXPECT_NEAR(learning_rate(o, 30000), 1e-7 + 0.5 * (1e-3 - 1e-7), 1e-15);  // quarter period: cos = 0
  EXPECT_NEAR(learning_rate(o, 49999), 1e-7, 1e-11);                       // end of the half-wave
  EXPECT_DOUBLE_EQ(learning_rate(o, 50000), 1e-3);                         // fairseq restarts
  EXPECT_DOUBLE_EQ(learning_rate({LrSchedule::kConstant, 3e-4}, 123), 3e-4);
  EXPECT_THROW(config::parse_enum<LrSchedule>("linear", "lr schedule"), Error);
}

TEST(GradNorm, NormClippingAndNonFiniteDetection) {
  ag::ParameterSet params;
  ag::Var a = params.add("a", Tensor::zeros({2})), b = params.add("b", Tensor::zeros({1})), c = params.add("c", Tensor::zeros({1}));
  ag::backward(ag::Var(a), Tensor::from_vector<float>({3.f, 0.f}, {2}));
  ag::backward(ag::Var(b), Tensor::from_vector<float>({4.f}, {1}));  // c has no gradient
  EXPECT_DOUBLE_EQ(gradient_norm(params), 5.0);
  EXPECT_DOUBLE_EQ(clip_gradients(params, 10.0), 5.0);  // below the threshold: unchanged
  EXPECT_EQ(a.grad().to_vector<float>()[0], 3.f);
  EXPECT_DOUBLE_EQ(clip_gradients(params, 1.0), 5.0);
  EXPECT_NEAR(a.grad().to_vector<float>()[0], 3.0 / (5.0 + 1e-6), 1e-7);
  EXPECT_NEAR(gradient_norm(params), 1.0, 1e-6);
  EXPECT_TRUE(gradients_finite(params));
  ag::backward(ag::Var(c), Tensor::from_vector<float>({std::nanf("")}, {1}));
  EXPECT_FALSE(gradients_finite(params));
}

// First step from the formulas: m̂ = g and v̂ = g² after bias correction, so
// the update is lr·g/(|g| + ε) — the full lr whatever the gradient's scale
// (without bias correction it would be 0.1/sqrt(0.02) ≈ 0.71·lr).
TEST(AdamOptimizer, FirstStepFromTheFormulas) {
  const double lr = 0.01, wd = 0.1, eps = 1e-8;
  const std::vector<float> w0{0.5f, -1.f, 2.f, 3.f}, g{1e-4f, -7.f, 0.f, 250.f};
  for (bool decoupled : {true, false}) {
    ag::ParameterSet params;
    params.add("p", Tensor::from_vector(w0, {4}));
    Adam adam(params, {0.9, 0.98, eps, wd, decoupled});
    ag::backward(ag::Var(params.at("p")), Tensor::from_vector(g, {4}));
    adam.step(lr);
    auto w = params.at("p").value().to_vector<float>();
    for (int i = 0; i < 4; ++i) {
      const double gi = decoupled ? g[i] : g[i] + wd * w0[i];  // classic Adam: L2 folded into the gradient
      const double shrunk = decoupled ? w0[i] * (1 - lr * wd) : w0[i];
      EXPECT_NEAR(w[i], shrunk - lr * gi / (std::fabs(gi) + eps), 1e-7) << "decoupled " << decoupled << " i " << i;
    }
  }
}

// Ten steps, two parameters, a warmup-then-decay lr changing every step and
// AdamW weight decay; expected values from torch.optim (PyTorch 1.13), with
// g_i(step) = sin(0.7 i + 1.3 step + offset)·(1 + step mod 3).
TEST(AdamOptimizer, TenStepsWithChangingLrMatchTorch) {
  auto grad = [](int n, int step, double offset) {
    std::vector<float> g(n);
    for (int i = 0; i < n; ++i) g[i] = static_cast<float>(std::sin(0.7 * i + 1.3 * step + offset) * (1 + step % 3));
    return g;
  };
  for (bool adamw : {true, false}) {
    ag::ParameterSet params;
    std::vector<float> a0(7);
    for (int i = 0; i < 7; ++i) a0[i] = static_cast<float>(0.1 * i - 0.3);
    ag::Var a = params.add("layer.weight", Tensor::from_vector(a0, {7}));
    ag::Var b = params.add("layer.bias", Tensor::from_vector<float>({2.f}, {1}));
    Adam adam(params, {0.9, 0.98, 1e-8, adamw ? 0.01 : 0.0, true});
    for (int step = 0; step < 10; ++step) {
      const double lr = step < 4 ? 1e-3 * (step + 1) / 4 : 1e-3 * std::sqrt(4.0 / step);
      params.zero_grad();
      ag::backward(a, Tensor::from_vector(grad(7, step, 0.0), {7}));
      ag::backward(b, Tensor::from_vector(grad(1, step, 0.5), {1}));
      adam.step(lr);
    }
    std::vector<float> got = a.value().to_vector<float>();
    got.push_back(b.value().item());
    const std::vector<float> torch_adamw{-0.302024394f, -0.201771289f, -0.100508504f, 0.000635011122f,
                                         0.101546317f,  0.202243179f,  0.30106023f,   1.9977417f};
    const std::vector<float> torch_adam{-0.302046537f, -0.201786071f, -0.100515887f, 0.000635035278f,
                                        0.101553746f,  0.202258006f,  0.301082283f,  1.99788868f};
    expect_near(got, adamw ? torch_adamw : torch_adam);
    EXPECT_EQ(adam.steps(), 10);
  }
}

TEST(AdamOptimizer, ParametersWithoutGradientAreLeftAlone) {
  ag::ParameterSet params;
  ag::Var used = params.add("used", Tensor::full({2}, 1.f));
  ag::Var frozen = params.add("unused", Tensor::full({2}, 1.f));
  Adam adam(params, {0.9, 0.98, 1e-8, 0.1, true});
  ag::backward(used, Tensor::full({2}, 0.5f));
  adam.step(0.1);
  EXPECT_EQ(frozen.value().to_vector<float>(), (std::vector<float>{1.f, 1.f}));  // not even weight decay
  EXPECT_NE(used.value().to_vector<float>()[0], 1.f);
  for (const auto& [name, t] : adam.state())
    if (name == "unused.exp_avg" || name == "unused.exp_avg_sq") {
      EXPECT_EQ(t.to_vector<float>(), (std::vector<float>{0.f, 0.f})) << name;
    }
}

TEST(AdamOptimizer, StateNamesAndLoadErrorsNameTheParameter) {
  ag::ParameterSet params;
  params.add("enc.w", Tensor::zeros({2, 2}));
  Adam adam(params, {});
  std::vector<std::string> names;
  for (const auto& [name, t] : adam.state()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"step", "enc.w.exp_avg", "enc.w.exp_avg_sq"}));

  io::TensorFile wrong_shape;
  wrong_shape.path = "opt.safetensors";
  wrong_shape.tensors = {{"step", Tensor::from_vector<int64_t>({3}, {1})},
                         {"enc.w.exp_avg", Tensor::zeros({4})},
                         {"enc.w.exp_avg_sq", Tensor::zeros({2, 2})}};
  EXPECT_THROW(
      {
        try {
          adam.load_state(wrong_shape);
        } catch (const Error& e) {
          EXPECT_NE(std::string(e.what()).find("enc.w"), std::string::npos) << e.what();
          throw;
        }
      },
      Error);
  io::TensorFile missing;
  missing.path = "opt.safetensors";
  missing.tensors = {{"step", Tensor::from_vector<int64_t>({3}, {1})}};
  EXPECT_THROW(adam.load_state(missing), Error);
  EXPECT_EQ(adam.steps(), 0);  // a rejected file changes nothing
  // A parameter registered after the optimizer was built is an error, not a crash.
  params.add("late", Tensor::zeros({1}));
  ag::backward(ag::Var(params.at("late")), Tensor::full({1}, 1.f));
  EXPECT_THROW(adam.step(0.1), Error);
}

TEST(Schedule, KeyPointsAgainstClosedForms) {
  const double peak = 5e-4, init = 1e-7;
  const int64_t W = 4000;
  ScheduleOptions inv{LrSchedule::kInverseSqrt, peak, init, W, 1e-7, 1};
  EXPECT_DOUBLE_EQ(learning_rate(inv, 0), init);
  EXPECT_DOUBLE_EQ(learning_rate(inv, 1), init + (peak - init) / W);
  EXPECT_DOUBLE_EQ(learning_rate(inv, W - 1), init + (peak - init) * (W - 1) / W);
  EXPECT_DOUBLE_EQ(learning_rate(inv, W), peak);
  EXPECT_DOUBLE_EQ(learning_rate(inv, W + 1), peak * std::sqrt(double(W) / (W + 1)));
  EXPECT_DOUBLE_EQ(learning_rate(inv, 2 * W), peak / std::sqrt(2.0));
  // Monotone: up through warmup, down after.
  for (int64_t u = 1; u < 3 * W; u += 97)
    EXPECT_EQ(learning_rate(inv, u) > learning_rate(inv, u - 1), u <= W) << u;

  // Cosine as the Lite WMT En-De recipe: W = 10k, period 40k, max 1e-3, floor 1e-7.
  const double max_lr = 1e-3, floor = 1e-7;
  const int64_t CW = 10000, P = 40000;
  ScheduleOptions cos{LrSchedule::kCosine, max_lr, init, CW, floor, P};
  auto closed = [&](int64_t u) {
    return floor + 0.5 * (max_lr - floor) * (1 + std::cos(M_PI * double(u - CW) / double(P)));
  };
  EXPECT_DOUBLE_EQ(learning_rate(cos, 0), init);
  EXPECT_DOUBLE_EQ(learning_rate(cos, 1), init + (max_lr - init) / CW);
  EXPECT_DOUBLE_EQ(learning_rate(cos, CW), max_lr);
  EXPECT_DOUBLE_EQ(learning_rate(cos, CW + 1), closed(CW + 1));
  EXPECT_DOUBLE_EQ(learning_rate(cos, 2 * CW), closed(2 * CW));
  EXPECT_DOUBLE_EQ(learning_rate(cos, CW + P - 1), closed(CW + P - 1));  // the last update of a 50k run
  EXPECT_NEAR(closed(CW + P), floor, 1e-18);                              // where the half-wave ends
  // Past the period: fairseq's t_mult = 1 restarts the half-wave (documented
  // in lr_schedule.h); the recipes stop exactly at W + period.
  EXPECT_DOUBLE_EQ(learning_rate(cos, CW + P), max_lr);
  EXPECT_DOUBLE_EQ(learning_rate(cos, CW + P + 123), learning_rate(cos, CW + 123));
  // No warmup at all.
  ScheduleOptions cos0{LrSchedule::kCosine, max_lr, init, 0, floor, P};
  EXPECT_DOUBLE_EQ(learning_rate(cos0, 0), max_lr);
  EXPECT_THROW(validate({LrSchedule::kCosine, 1e-3, 1e-7, 10, 1e-7, 0}), Error);  // period 0
  EXPECT_THROW(validate({LrSchedule::kInverseSqrt, -1.0}), Error);
}

TEST(GradNorm, ClippingOffAtZeroAndNormComputedInDouble) {
  ag::ParameterSet params;
  ag::Var a = params.add("a", Tensor::zeros({2}));
  // Squares of 1e20 overflow f32; the norm is accumulated in double.
  ag::backward(a, Tensor::from_vector<float>({1e20f, 1e20f}, {2}));
  EXPECT_NEAR(gradient_norm(params) / (std::sqrt(2.0) * double(1e20f)), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(clip_gradients(params, 0.0), gradient_norm(params));  // 0 = off
  EXPECT_EQ(a.grad().to_vector<float>()[0], 1e20f);
  EXPECT_TRUE(gradients_finite(params));

  // Many small values: the double sum does not drift (a float running sum of
  // 1e6 terms of 1e-6 would be off by ~1e-2 relative).
  ag::ParameterSet many;
  ag::Var big = many.add("big", Tensor::zeros({1000000}));
  ag::backward(big, Tensor::full({1000000}, 1e-3f));
  const double expected = std::sqrt(1e6 * double(1e-3f) * double(1e-3f));
  EXPECT_NEAR(gradient_norm(many), expected, 1e-9);  // double rounding over 1e6 terms: ~1e-11
  // Clipping scales every element by max_norm / (norm + 1e-6) and returns the pre-clip norm.
  EXPECT_NEAR(clip_gradients(many, 0.25), expected, 1e-9);
  EXPECT_NEAR(big.grad().to_vector<float>()[123], 1e-3 * 0.25 / (expected + 1e-6), 1e-9);
  EXPECT_NEAR(gradient_norm(many), 0.25, 1e-6);
}

}  // namespace
}  // namespace ventris::optim
