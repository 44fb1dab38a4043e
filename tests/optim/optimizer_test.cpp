#include <gtest/gtest.h>

#include <cmath>

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

TEST(LrSchedule, InverseSqrtFairseqSemantics) {
  ScheduleOptions o{"inverse_sqrt", 5e-4, 1e-7, 4000, 1e-7, 40000};
  EXPECT_DOUBLE_EQ(learning_rate(o, 0), 1e-7);  // the first update runs at the warmup start
  EXPECT_NEAR(learning_rate(o, 1), 1e-7 + (5e-4 - 1e-7) / 4000, 1e-15);
  EXPECT_NEAR(learning_rate(o, 2000), (1e-7 + 5e-4) / 2, 1e-15);
  EXPECT_DOUBLE_EQ(learning_rate(o, 4000), 5e-4);
  EXPECT_NEAR(learning_rate(o, 16000), 5e-4 * 0.5, 1e-15);
  EXPECT_NEAR(learning_rate(o, 4001), 5e-4 * std::sqrt(4000.0 / 4001.0), 1e-15);
}

TEST(LrSchedule, CosineHalfWaveEndsAtTheFloorAndRestarts) {
  ScheduleOptions o{"cosine", 1e-3, 1e-7, 10000, 1e-7, 40000};
  EXPECT_DOUBLE_EQ(learning_rate(o, 0), 1e-7);
  EXPECT_NEAR(learning_rate(o, 5000), (1e-7 + 1e-3) / 2, 1e-15);
  EXPECT_DOUBLE_EQ(learning_rate(o, 10000), 1e-3);
  EXPECT_NEAR(learning_rate(o, 30000), 1e-7 + 0.5 * (1e-3 - 1e-7), 1e-15);  // quarter period: cos = 0
  EXPECT_NEAR(learning_rate(o, 49999), 1e-7, 1e-11);                       // end of the half-wave
  EXPECT_DOUBLE_EQ(learning_rate(o, 50000), 1e-3);                         // fairseq restarts
  EXPECT_DOUBLE_EQ(learning_rate({"constant", 3e-4}, 123), 3e-4);
  EXPECT_THROW(validate({"linear"}), Error);
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

}  // namespace
}  // namespace ventris::optim
