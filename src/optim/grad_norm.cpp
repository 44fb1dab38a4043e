#include "optim/grad_norm.h"

#include <cmath>

#include "ops/elementwise.h"

namespace ventris::optim {

double gradient_norm(const ag::ParameterSet& params) {
  double total = 0;
  for (const auto& [name, p] : params.items()) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    Tensor host = g.to(Device::cpu());
    const float* d = host.data<float>();
    double sq = 0;
    for (int64_t i = 0, n = host.numel(); i < n; ++i) sq += static_cast<double>(d[i]) * d[i];
    total += sq;
  }
  return std::sqrt(total);
}

double clip_gradients(ag::ParameterSet& params, double max_norm) {
  const double norm = gradient_norm(params);
  if (max_norm <= 0) return norm;
  const double coef = max_norm / (norm + 1e-6);
  if (coef >= 1.0) return norm;
  for (const auto& [name, p] : params.items()) {
    Tensor g = p.grad();
    if (!g.defined()) continue;
    Tensor scaled = ops::scale(g, static_cast<float>(coef));
    g.copy_from(scaled);
  }
  return norm;
}

bool gradients_finite(const ag::ParameterSet& params) {
  for (const auto& [name, p] : params.items()) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    Tensor host = g.to(Device::cpu());
    const float* d = host.data<float>();
    for (int64_t i = 0, n = host.numel(); i < n; ++i)
      if (!std::isfinite(d[i])) return false;
  }
  return true;
}

}  // namespace ventris::optim
