// Adam and AdamW (decoupled weight decay, as fairseq's `adam` and PyTorch's
// AdamW) with fp32 moments and bias correction. The state (step count and
// both moments per parameter name) is exported as named tensors so a resumed
// run continues bit for bit.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "autograd/parameters.h"
#include "io/safetensors.h"

namespace ventris::optim {

struct AdamOptions {
  double beta1 = 0.9;
  double beta2 = 0.98;
  double eps = 1e-9;
  double weight_decay = 0.0;
  bool decoupled_weight_decay = true;  // AdamW; false = L2 added to the gradient (classic Adam)
};

class Adam {
 public:
  Adam(ag::ParameterSet& params, AdamOptions options);

  // One update with learning rate `lr`. Parameters without a gradient are
  // skipped (no decay either). One step count serves all parameters; PyTorch
  // and fairseq count per parameter, which differs only for a parameter that
  // misses its gradient on some steps (never the case in our models).
  void step(double lr);
  int64_t steps() const { return steps_; }
  const AdamOptions& options() const { return options_; }

  // "<name>.exp_avg", "<name>.exp_avg_sq" and a "step" scalar (as I64).
  io::NamedTensors state() const;
  // Restores what state() produced; every parameter's moments must be present
  // with the right shape (error names the parameter otherwise).
  void load_state(const io::TensorFile& file);

 private:
  struct Moments {
    Tensor m, v;
  };
  ag::ParameterSet& params_;
  AdamOptions options_;
  int64_t steps_ = 0;
  std::unordered_map<std::string, Moments> moments_;
};

}  // namespace ventris::optim
