// Named parameters with hierarchical names
// ("decoder.layers.3.self_attn.q_proj.weight"): what checkpoints, the
// optimizer and logs refer to. Insertion order is kept, so iteration (and
// with it every reduction over parameters) is deterministic.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "autograd/variable.h"

namespace ventris::ag {

class ParameterSet {
 public:
  // Registers a leaf requiring gradients; names must be unique.
  Var add(const std::string& name, Tensor value);
  const Var& at(const std::string& name) const;  // throws Error naming the parameter
  bool contains(const std::string& name) const { return index_.count(name) > 0; }
  const std::vector<std::pair<std::string, Var>>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  int64_t numel() const;  // total number of scalars
  void zero_grad();
  // Moves every parameter to `device` (shared parameters move once: they are one Var).
  void to(Device device);

 private:
  std::vector<std::pair<std::string, Var>> items_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace ventris::ag
