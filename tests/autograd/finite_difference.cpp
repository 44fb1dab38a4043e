#include "finite_difference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "autograd/derivatives.h"
#include "autograd/grad_mode.h"

namespace ventris::test {

namespace {
double projected(const Tensor& y, const std::vector<float>& w) {
  auto v = y.to_vector<float>();
  double total = 0;
  for (size_t i = 0; i < v.size(); ++i) total += static_cast<double>(v[i]) * w[i];
  return total;
}
}  // namespace

GradCheckResult check_gradients(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                                std::vector<bool> differentiable, double step) {
  if (differentiable.empty()) differentiable.assign(inputs.size(), true);
  // Analytic gradients of L = Σ w ⊙ f(x).
  std::vector<ag::Var> leaves;
  for (size_t i = 0; i < inputs.size(); ++i) leaves.emplace_back(inputs[i].clone(), bool(differentiable[i]));
  ag::Var y = f(leaves);
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> w(y.value().numel());
  for (auto& x : w) x = dist(rng);
  ag::Var loss = ag::sum(ag::mul(y, ag::Var(Tensor::from_vector(w, y.shape()))));
  ag::backward(loss);

  GradCheckResult result;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!differentiable[i]) continue;
    const Tensor& analytic = leaves[i].grad();
    std::vector<float> a = analytic.defined() ? analytic.to_vector<float>()
                                              : std::vector<float>(inputs[i].numel(), 0.f);
    for (int64_t j = 0; j < inputs[i].numel(); ++j) {
      auto eval = [&](float delta) {
        ag::NoGradGuard no_grad;
        std::vector<ag::Var> shifted;
        for (size_t k = 0; k < inputs.size(); ++k) {
          Tensor t = inputs[k].clone();
          if (k == i) t.data<float>()[j] += delta;
          shifted.emplace_back(t, false);
        }
        return projected(f(shifted).value(), w);
      };
      const double numeric = (eval(static_cast<float>(step)) - eval(static_cast<float>(-step))) / (2 * step);
      const double err = std::fabs(a[j] - numeric) / std::max({1.0, std::fabs(numeric), std::fabs(double(a[j]))});
      if (err > result.max_error) result.max_error = err;
      EXPECT_LT(err, kGradTolerance) << "input " << i << " element " << j << ": analytic " << a[j] << " numeric "
                                     << numeric;
      ++result.checked;
    }
  }
  return result;
}

}  // namespace ventris::test
