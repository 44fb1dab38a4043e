#include "finite_difference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "autograd/derivatives.h"
#include "autograd/grad_mode.h"
#include "core/threads.h"

namespace ventris::test {

namespace {
double projected(const Tensor& y, const std::vector<float>& w) {
  auto v = y.to_vector<float>();
  double total = 0;
  for (size_t i = 0; i < v.size(); ++i) total += static_cast<double>(v[i]) * w[i];
  return total;
}

// The checks run thousands of tiny forward passes: one thread is fastest and
// immune to a loaded machine (OpenMP teams on busy cores spin for ages).
class SingleThread {
 public:
  SingleThread() : saved_(num_threads()) { set_num_threads(1); }
  ~SingleThread() { set_num_threads(saved_); }
  SingleThread(const SingleThread&) = delete;
  SingleThread& operator=(const SingleThread&) = delete;

 private:
  int saved_;
};

bool report_enabled() {
  static const bool on = std::getenv("VENTRIS_GRADCHECK_REPORT") != nullptr;
  return on;
}

GradCheckResult run_check(const OpUnderTest& f, const std::vector<Tensor>& inputs, std::vector<bool> differentiable,
                          double step, bool assert_each) {
  SingleThread single_thread;
  if (differentiable.empty()) differentiable.assign(inputs.size(), true);
  EXPECT_EQ(differentiable.size(), inputs.size());
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
    // No gradient at all is a legitimate answer only if it is zero everywhere.
    std::vector<float> a = analytic.defined() ? analytic.to_vector<float>()
                                              : std::vector<float>(inputs[i].numel(), 0.f);
    EXPECT_EQ(static_cast<int64_t>(a.size()), inputs[i].numel());
    for (int64_t j = 0; j < inputs[i].numel(); ++j) {
      const float x0 = inputs[i].data<float>()[j];
      const float hi = x0 + static_cast<float>(step), lo = x0 - static_cast<float>(step);
      auto eval = [&](float value) {
        ag::NoGradGuard no_grad;
        std::vector<ag::Var> shifted;
        for (size_t k = 0; k < inputs.size(); ++k) {
          Tensor t = inputs[k].clone();
          if (k == i) t.data<float>()[j] = value;
          shifted.emplace_back(t, false);
        }
        return projected(f(shifted).value(), w);
      };
      const double numeric = (eval(hi) - eval(lo)) / (static_cast<double>(hi) - static_cast<double>(lo));
      const double err = std::fabs(a[j] - numeric) / std::max({1.0, std::fabs(numeric), std::fabs(double(a[j]))});
      result.max_error = std::max(result.max_error, err);
      if (assert_each) {
        EXPECT_LT(err, kGradTolerance) << "input " << i << " element " << j << ": analytic " << a[j] << " numeric "
                                     << numeric;
      }
      ++result.checked;
    }
  }
  if (report_enabled()) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::printf("[gradcheck] %s.%s: %d elements, max normalized error %.3g\n", info ? info->test_suite_name() : "?",
                info ? info->name() : "?", result.checked, result.max_error);
  }
  return result;
}
}  // namespace

GradCheckResult check_gradients(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                                std::vector<bool> differentiable, double step) {
  return run_check(f, inputs, std::move(differentiable), step, true);
}

GradCheckResult measure_gradient_error(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                                       std::vector<bool> differentiable, double step) {
  return run_check(f, inputs, std::move(differentiable), step, false);
}

}  // namespace ventris::test
