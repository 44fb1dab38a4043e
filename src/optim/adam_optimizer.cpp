#include "optim/adam_optimizer.h"

#include <cmath>

#include "core/error.h"
#include "ops/kernels_for.h"

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
  const bool decoupled = options_.decoupled_weight_decay;
  const math::AdamStep step{static_cast<float>(lr / bias1),
                            static_cast<float>(1.0 / std::sqrt(bias2)),
                            static_cast<float>(options_.beta1),
                            static_cast<float>(options_.beta2),
                            static_cast<float>(options_.eps),
                            decoupled ? 0.f : static_cast<float>(options_.weight_decay),
                            decoupled ? static_cast<float>(1.0 - lr * options_.weight_decay) : 1.f};
  for (const auto& [name, p] : params_.items()) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    Moments& mv = moments_.at(name);
    const ops::KernelTable& kernels = ops::kernels_for(p.value().device());
    VENTRIS_CHECK(kernels.adam_update != nullptr, "Adam: no update kernel for {}", kernels.name);
    kernels.adam_update(p.value().data<float>(), g.data<float>(), mv.m.data<float>(), mv.v.data<float>(),
                        p.value().numel(), step);
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
