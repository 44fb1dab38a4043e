#include "autograd/parameters.h"

#include "core/error.h"

namespace ventris::ag {

Var ParameterSet::add(const std::string& name, Tensor value) {
  VENTRIS_CHECK(!name.empty(), "parameter with an empty name");
  VENTRIS_CHECK(!index_.count(name), "parameter '{}' registered twice", name);
  Var v(std::move(value), true);
  v.data()->name = name;
  index_[name] = items_.size();
  items_.emplace_back(name, v);
  return v;
}

const Var& ParameterSet::at(const std::string& name) const {
  auto it = index_.find(name);
  VENTRIS_CHECK(it != index_.end(), "no parameter named '{}'", name);
  return items_[it->second].second;
}

int64_t ParameterSet::numel() const {
  int64_t n = 0;
  for (const auto& [name, v] : items_) n += v.value().numel();
  return n;
}

void ParameterSet::to(Device device) {
  for (auto& [name, v] : items_) {
    v.set_value(v.value().to(device));
    v.zero_grad();
  }
}

void ParameterSet::zero_grad() {
  for (auto& [name, v] : items_) v.zero_grad();
}

}  // namespace ventris::ag
