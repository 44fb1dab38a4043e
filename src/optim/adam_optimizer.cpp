#include "optim/adam_optimizer.h"

#include <cmath>
#include <utility>
#include <vector>

#include "core/error.h"
#include "ops/adam.h"

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
  // All parameters in one multi-tensor update (one launch on a GPU).
  std::vector<Tensor> weights, grads, exp_avg, exp_avg_sq;
  for (const auto& [name, p] : params_.items()) {
    const Tensor& g = p.grad();
    if (!g.defined()) continue;
    auto it = moments_.find(name);
    VENTRIS_CHECK(it != moments_.end(), "Adam: parameter '{}' was registered after the optimizer was created", name);
    VENTRIS_CHECK(g.shape() == p.shape() && g.device() == p.value().device(),
                  "Adam: gradient of '{}' has shape {} on {}, the parameter {} on {}", name, g.shape().str(),
                  g.device().str(), p.shape().str(), p.value().device().str());
    weights.push_back(p.value());
    grads.push_back(g);
    exp_avg.push_back(it->second.m);
    exp_avg_sq.push_back(it->second.v);
  }
  ops::adam_update_(weights, grads, exp_avg, exp_avg_sq, step);
}

io::NamedTensors Adam::state() const {
  io::NamedTensors out;
  out.emplace_back("step", Tensor::from_vector<int64_t>({steps_}, {1}));
  for (const auto& [name, p] : params_.items()) {
    auto it = moments_.find(name);
    VENTRIS_CHECK(it != moments_.end(), "Adam: parameter '{}' was registered after the optimizer was created", name);
    const Moments& mv = it->second;
    out.emplace_back(name + ".exp_avg", mv.m);
    out.emplace_back(name + ".exp_avg_sq", mv.v);
  }
  return out;
}

void Adam::load_state(const io::TensorFile& file) {
  // Everything is validated before anything is copied: a bad file leaves the
  // optimizer as it was.
  const Tensor& step = file.at("step");
  VENTRIS_CHECK(step.dtype() == DType::I64 && step.numel() == 1, "{}: optimizer 'step' must be one I64 value",
                file.path);
  std::vector<std::pair<Tensor*, const Tensor*>> copies;
  for (const auto& [name, p] : params_.items()) {
    auto it = moments_.find(name);
    VENTRIS_CHECK(it != moments_.end(), "Adam: parameter '{}' was registered after the optimizer was created", name);
    for (const char* which : {".exp_avg", ".exp_avg_sq"}) {
      const Tensor& t = file.at(name + which);
      VENTRIS_CHECK(t.shape() == p.shape() && t.dtype() == DType::F32,
                    "{}: optimizer state '{}{}' has shape {}, the parameter has {}", file.path, name, which,
                    t.shape().str(), p.shape().str());
      copies.emplace_back(std::string(which) == ".exp_avg" ? &it->second.m : &it->second.v, &t);
    }
  }
  for (auto& [dst, src] : copies) dst->copy_from(src->to(dst->device()));
  steps_ = step.to_vector<int64_t>().at(0);
}

}  // namespace ventris::optim
