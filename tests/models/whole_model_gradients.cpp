#include "models/whole_model_gradients.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/grad_mode.h"

namespace ventris::test {

double expect_whole_model_gradients(models::EncoderDecoder& model, const models::Batch& batch) {
  model.parameters().zero_grad();
  nn::ForwardContext ctx;
  ag::backward(model.loss(batch, 0.1f, ctx).loss);
  auto loss_at = [&] {
    ag::NoGradGuard no_grad;
    nn::ForwardContext eval;
    return static_cast<double>(model.loss(batch, 0.1f, eval).loss.value().item());
  };
  double worst = 0;
  int checked = 0;
  for (const auto& [name, p] : model.parameters().items()) {
    auto g = p.grad().to_vector<float>();
    float* w = p.value().data<float>();
    for (int64_t i : {int64_t{0}, p.value().numel() / 2, p.value().numel() - 1}) {
      const float saved = w[i];
      auto central = [&](float h) {
        w[i] = saved + h;
        const double up = loss_at();
        w[i] = saved - h;
        const double down = loss_at();
        w[i] = saved;
        return (up - down) / (2.0 * h);
      };
      // Richardson extrapolation cancels the O(h²) error of the central
      // difference; f32 evaluation rules out a much smaller h.
      const double numeric = (4 * central(5e-3f) - central(1e-2f)) / 3;
      const double err = std::fabs(numeric - g[i]) / std::max({1.0, std::fabs(numeric), std::fabs(double(g[i]))});
      worst = std::max(worst, err);
      EXPECT_LT(err, 2e-3) << name << "[" << i << "] analytic " << g[i] << " numeric " << numeric;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
  return worst;
}

}  // namespace ventris::test
