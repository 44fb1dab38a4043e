#include "optim/adam_optimizer.h"

#include <cmath>

#include "core/error.h"

namespace ventris::optim {

Adam::Adam(ag::ParameterSet& params, AdamOptions options) : params_(params), options_(options) {
  for (const auto& [name, p] : params_.items())
    moments_[name] = {Tensor::zeros(p.shape(), DType::F32, p.value().device()),
                      Tensor::zeros(p.shape(), DType::F32, p.value().device())};
}

void Adam::step(double lr) {
  ++steps_;
  const double bias1 = 1.0 - std::pow(options_.beta1, static_cast<double>(steps_));
  const double bias2 = 1.0 - std::pow(options_.beta2, static_cast<double>(steps_));
  // PyTorch's formulation: p -= lr/bias1 · m / (sqrt(v)/sqrt(bias2) + eps).
  const float step_size = static_cast<float>(lr / bias1);
  const float inv_sqrt_bias2 = static_cast<float>(1.0 / std::sqrt(bias2));
  const float b1 = static_cast<float>(options_.beta1), b2 = static_cast<float>(options_.beta2);
  const float eps = static_cast<float>(options_.eps);
  const float decay = static_cast<float>(options_.weight_decay);
  const float decoupled_factor = static_cast<float>(1.0 - lr * options_.weight_decay);
  for (const auto& [name, p] : params_.items()) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    VENTRIS_CHECK(p.value().device().is_cpu(), "Adam: parameter '{}' on {} needs the CUDA optimizer kernel", name,
                  p.value().device().str());
    Moments& mv = moments_.at(name);
    float* w = p.value().data<float>();
    const float* gr = g.data<float>();
    float* m = mv.m.data<float>();
    float* v = mv.v.data<float>();
    const int64_t n = p.value().numel();
    const bool decoupled = options_.decoupled_weight_decay && decay != 0.f;
    const bool l2 = !options_.decoupled_weight_decay && decay != 0.f;
#pragma omp parallel for schedule(static) if (n >= (1 << 15))
    for (int64_t i = 0; i < n; ++i) {
      float gi = l2 ? gr[i] + decay * w[i] : gr[i];
      if (decoupled) w[i] *= decoupled_factor;
      m[i] = b1 * m[i] + (1.f - b1) * gi;
      v[i] = b2 * v[i] + (1.f - b2) * gi * gi;
      w[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_bias2 + eps);
    }
  }
}

io::NamedTensors Adam::state() const {
  io::NamedTensors out;
  out.emplace_back("step", Tensor::from_vector<int64_t>({steps_}, {1}));
  for (const auto& [name, p] : params_.items()) {
    const Moments& mv = moments_.at(name);
    out.emplace_back(name + ".exp_avg", mv.m);
    out.emplace_back(name + ".exp_avg_sq", mv.v);
  }
  return out;
}

void Adam::load_state(const io::TensorFile& file) {
  steps_ = file.at("step").to_vector<int64_t>().at(0);
  for (const auto& [name, p] : params_.items()) {
    for (const char* which : {".exp_avg", ".exp_avg_sq"}) {
      const Tensor& t = file.at(name + which);
      VENTRIS_CHECK(t.shape() == p.shape() && t.dtype() == DType::F32,
                    "{}: optimizer state '{}{}' has shape {}, the parameter has {}", file.path, name, which,
                    t.shape().str(), p.shape().str());
      Moments& mv = moments_.at(name);
      (std::string(which) == ".exp_avg" ? mv.m : mv.v).copy_from(t.to(p.value().device()));
    }
  }
}

}  // namespace ventris::optim
