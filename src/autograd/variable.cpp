#include "autograd/variable.h"

#include <algorithm>
#include <atomic>
#include <unordered_set>

#include "autograd/grad_mode.h"
#include "core/error.h"
#include "ops/elementwise.h"

namespace ventris::ag {

namespace {
std::atomic<uint64_t> g_sequence{0};

// Adds `g` into `target`'s gradient. A leaf's gradient must be memory only it
// owns, since it is accumulated in place (update_freq) and scaled in place
// (clipping): a `g` nobody else references (a fresh op result) is adopted,
// anything else (add's backward hands one tensor to both inputs; reshape's is
// a view of the upstream gradient) is cloned. An interior gradient is only
// read by its node's closure, so it may alias; it is combined in place only
// when it is not shared.
void accumulate(VarData& target, Tensor&& g, const char* op) {
  VENTRIS_CHECK(g.shape() == target.value.shape(), "autograd: {} produced a gradient {} for {}{}of shape {}", op,
                g.shape().str(), target.name.empty() ? "a value " : target.name,
                target.name.empty() ? "" : " ", target.value.shape().str());
  const bool leaf = !target.creator;
  if (!target.grad.defined()) {
    target.grad = (!leaf || g.storage_use_count() == 1) ? std::move(g) : g.clone();
  } else if (leaf || target.grad.storage_use_count() == 1) {
    ops::add_scaled_(target.grad, g, 1.f);
  } else {
    target.grad = ops::add(target.grad, g);
  }
}
}  // namespace

Var::Var(Tensor value, bool requires_grad) : data_(std::make_shared<VarData>()) {
  data_->value = std::move(value);
  data_->requires_grad = requires_grad;
  data_->sequence = g_sequence++;
}

const Tensor& Var::value() const {
  VENTRIS_CHECK(data_ != nullptr, "autograd: use of an undefined Var");
  return data_->value;
}

const Tensor& Var::grad() const {
  VENTRIS_CHECK(data_ != nullptr, "autograd: use of an undefined Var");
  return data_->grad;
}

const std::string& Var::name() const {
  VENTRIS_CHECK(data_ != nullptr, "autograd: use of an undefined Var");
  return data_->name;
}

void Var::zero_grad() {
  if (data_) data_->grad = Tensor();
}

void Var::set_value(const Tensor& value) {
  VENTRIS_CHECK(data_ != nullptr, "autograd: use of an undefined Var");
  data_->value = value;
}

Var make_result(Tensor value, const char* op, std::vector<Var> inputs, BackwardFn backward) {
  Var out(std::move(value), false);
  if (!grad_enabled()) return out;
  bool any = false;
  for (const Var& in : inputs) any = any || in.requires_grad();
  if (!any) return out;
  auto node = std::make_shared<Node>();
  node->op = op;
  node->inputs = std::move(inputs);
  node->backward = std::move(backward);
  out.data()->creator = std::move(node);
  out.data()->requires_grad = true;
  return out;
}

void backward(const Var& root, Tensor seed) {
  VENTRIS_CHECK(root.defined(), "backward: undefined root");
  if (!root.requires_grad()) return;  // nothing to differentiate
  if (!seed.defined()) {
    VENTRIS_CHECK(root.value().numel() == 1, "backward: root of shape {} needs an explicit seed gradient",
                  root.shape().str());
    seed = Tensor::full(root.shape(), 1.f, root.value().device());
  }
  // Every interior value reachable from the root (held, so releasing a node's
  // inputs below cannot destroy a value still waiting for its turn).
  std::vector<std::shared_ptr<VarData>> interior;
  std::unordered_set<VarData*> seen;
  std::vector<std::shared_ptr<VarData>> stack{root.data()};
  while (!stack.empty()) {
    std::shared_ptr<VarData> v = std::move(stack.back());
    stack.pop_back();
    if (!v->creator || !seen.insert(v.get()).second) continue;
    VENTRIS_CHECK(!v->creator->released,
                  "backward: reached a {} result whose graph an earlier backward already released "
                  "(run the forward again)",
                  v->creator->op);
    for (const Var& in : v->creator->inputs)
      if (in.requires_grad()) stack.push_back(in.data());
    interior.push_back(std::move(v));
  }
  // Reverse creation order is a topological order of the graph.
  std::sort(interior.begin(), interior.end(), [](const auto& a, const auto& b) { return a->sequence > b->sequence; });
  accumulate(*root.data(), std::move(seed), "seed");
  for (std::shared_ptr<VarData>& v : interior) {
    Node& node = *v->creator;
    if (v->grad.defined() && node.backward) {
      std::vector<Tensor> grads = node.backward(v->grad);
      VENTRIS_CHECK(grads.size() == node.inputs.size(), "autograd: {} returned {} gradients for {} inputs", node.op,
                    grads.size(), node.inputs.size());
      for (size_t i = 0; i < grads.size(); ++i)
        if (grads[i].defined() && node.inputs[i].requires_grad())
          accumulate(*node.inputs[i].data(), std::move(grads[i]), node.op);
    }
    // Free what this node saved, its links to its inputs and the interior
    // gradient: activation memory is returned as the walk proceeds.
    node.backward = nullptr;
    node.inputs.clear();
    node.released = true;
    v->grad = Tensor();
    v.reset();
  }
}

}  // namespace ventris::ag
