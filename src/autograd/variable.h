// Define-by-run autodiff. A Var is a value plus a lazily allocated gradient
// and the Node that created it; a Node holds its inputs and a backward closure
// (which owns the tensors it saved). backward() walks the nodes in reverse
// creation order, sums gradients where a value feeds several consumers (as
// LazyFormer's shared attention distribution does), and frees each node's
// saved tensors as soon as it has run.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ventris::ag {

struct Node;

struct VarData {
  Tensor value;
  Tensor grad;                    // undefined until a gradient arrives
  std::shared_ptr<Node> creator;  // null for leaves (parameters, inputs)
  bool requires_grad = false;
  uint64_t sequence = 0;          // creation order: a deterministic topological order
  std::string name;               // parameters: their hierarchical name (error messages)
};

class Var {
 public:
  Var() = default;
  // A leaf. Parameters pass requires_grad = true.
  explicit Var(Tensor value, bool requires_grad = false);

  bool defined() const { return data_ != nullptr; }
  const Tensor& value() const;
  const Shape& shape() const { return value().shape(); }
  int64_t size(int dim) const { return value().size(dim); }
  bool requires_grad() const { return data_ && data_->requires_grad; }
  bool is_leaf() const { return data_ && !data_->creator; }
  // The accumulated gradient (undefined if none arrived).
  const Tensor& grad() const;
  void zero_grad();  // drops the gradient (next backward starts fresh)
  // Replaces the value in place (optimizer updates), keeping identity.
  void set_value(const Tensor& value);
  // The parameter name given by ParameterSet ("" for activations).
  const std::string& name() const;
  const std::shared_ptr<VarData>& data() const { return data_; }

 private:
  std::shared_ptr<VarData> data_;
};

using BackwardFn = std::function<std::vector<Tensor>(const Tensor& grad_output)>;

struct Node {
  const char* op = "";
  std::vector<Var> inputs;
  BackwardFn backward;    // one gradient per input (undefined = none)
  bool released = false;  // backward ran: closure and inputs are gone
};

// Wraps an op's result. Records a Node when gradients are enabled and some
// input requires them; otherwise the closure (and what it saved) is dropped.
Var make_result(Tensor value, const char* op, std::vector<Var> inputs, BackwardFn backward);

// Backpropagates from `root` (a one-element Var unless `seed` is given, which
// must have root's shape). Leaf gradients accumulate across calls (gradient
// accumulation over micro-batches); interior gradients and saved tensors are
// released as the walk proceeds, so a graph can be walked once: reaching a
// node an earlier backward already released throws (instead of silently
// propagating nothing).
void backward(const Var& root, Tensor seed = {});

}  // namespace ventris::ag
