// Finite-difference gradient checks for autograd ops.
//
// The ops compute in f32, so the check is arranged to stay well above f32
// noise: the scalar is L = Σ w ⊙ f(x) with a fixed random projection w,
// summed in double; the numeric derivative is the central difference
// (L(x+h) − L(x−h)) / 2h with h = 1e-2 (truncation error O(h²) ≈ 1e-4 for our
// smooth ops, f32 rounding noise ≈ 1e-7·Σ|w·f| / h); analytic and numeric
// values are compared by the normalized error |a − n| / max(1, |a|, |n|).
// Measured worst case over the op suite: 8.4e-5; the tolerance is 5e-4.
#pragma once

#include <functional>
#include <vector>

#include "autograd/variable.h"

namespace ventris::test {

using OpUnderTest = std::function<ag::Var(const std::vector<ag::Var>&)>;

struct GradCheckResult {
  double max_error = 0;
  int checked = 0;
};

// Checks d L / d inputs[i] for every i with differentiable[i] (all when empty).
GradCheckResult check_gradients(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                                std::vector<bool> differentiable = {}, double step = 1e-2);

constexpr double kGradTolerance = 5e-4;

}  // namespace ventris::test

// EXPECT_GRADIENTS_MATCH(f, {x, y}) with an optional mask of differentiable inputs.
#define EXPECT_GRADIENTS_MATCH(...)                                         \
  do {                                                                      \
    auto result_ = ::ventris::test::check_gradients(__VA_ARGS__);           \
    EXPECT_GT(result_.checked, 0);                                          \
    EXPECT_LT(result_.max_error, ::ventris::test::kGradTolerance);          \
  } while (0)
