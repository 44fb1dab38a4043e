// Finite-difference gradient checks for autograd ops.
//
// The ops compute in f32, so the check is arranged to stay well above f32
// noise: the scalar is L = Σ w ⊙ f(x) with a fixed random projection w (every
// output element matters, with unequal weights), summed in double; the
// numeric derivative is the central difference (L(x+) − L(x−)) / (x+ − x−),
// where x± = f32(x ± h) and the divisor is the step actually taken after f32
// rounding (dividing by 2h instead adds a relative error of up to ~1e-5 for
// |x| ~ 2, h = 1e-2). Truncation error is O(h²)·|f'''| ≈ 1e-5 for our smooth
// ops; f32 rounding noise in L is ≈ 1e-7·Σ|w ⊙ f| / h. Analytic and numeric
// values are compared by the normalized error |a − n| / max(1, |a|, |n|).
//
// Measured (VENTRIS_GRADCHECK_REPORT=1 prints each check's worst error): over
// the 135 checks of gradcheck_test.cpp (~33k elements) the median worst error
// is 2.5e-6, the 90th percentile 2.5e-5 and the maximum 8.4e-5 (log-softmax
// over 33 columns; fast_exp's ~2e-7 relative error is part of it). The
// tolerance 5e-4 sits 6x above that; a wrong derivative (a 1% scale error, a
// dropped term) gives ≥ 1e-2, which GradCheck.CheckerCatchesWrongDerivatives
// confirms the checker reports.
#pragma once

#include <functional>
#include <vector>

#include "autograd/variable.h"

namespace ventris::test {

using OpUnderTest = std::function<ag::Var(const std::vector<ag::Var>&)>;

struct GradCheckResult {
  double max_error = 0;
  int checked = 0;  // elements compared
};

// Checks d L / d inputs[i] for every i with differentiable[i] (all when empty).
// Inputs must be F32 and on the CPU; non-differentiable inputs are passed as
// constants. Every mismatching element is reported as a test failure.
GradCheckResult check_gradients(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                                std::vector<bool> differentiable = {}, double step = 1e-2);
// The same measurement without test assertions (for testing the checker).
GradCheckResult measure_gradient_error(const OpUnderTest& f, const std::vector<Tensor>& inputs,
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
