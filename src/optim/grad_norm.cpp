#include "optim/grad_norm.h"

#include <cmath>
#include <vector>

#include "ops/clip_norm.h"
#include "ops/elementwise.h"

namespace ventris::optim {

namespace {
std::vector<Tensor> defined_gradients(const ag::ParameterSet& params) {
  std::vector<Tensor> grads;
  for (const auto& [name, p] : params.items())
    if (p.grad().defined()) grads.push_back(p.grad());
  return grads;
}
}  // namespace

double gradient_norm(const ag::ParameterSet& params) {
  return std::sqrt(ops::sum_squares(defined_gradients(params)).read());
}

double clip_gradients(ag::ParameterSet& params, double max_norm) {
  const ops::SquaredNorm sum = ops::sum_squares(defined_gradients(params));
  // Queued before the read-back: on a GPU the scaling needs no host round trip.
  if (max_norm > 0) ops::clip_by_norm_(sum, max_norm);
  return std::sqrt(sum.read());
}

void unscale_gradients(ag::ParameterSet& params, double loss_scale) {
  // A power of two: multiplying by its inverse is exact for every gradient that stays a normal float.
  const float inverse = static_cast<float>(1.0 / loss_scale);
  for (Tensor& g : defined_gradients(params)) ops::scale_(g, inverse);
}

bool gradients_finite(const ag::ParameterSet& params) { return std::isfinite(gradient_norm(params)); }

}  // namespace ventris::optim
