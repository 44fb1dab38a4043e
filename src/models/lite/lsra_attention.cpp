#include "models/lite/lsra_attention.h"

#include <algorithm>

namespace ventris::models {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

// [B, S, C] F32 on the padding's device: 1 at real positions, 0 at pads.
// Built on the host from the [B, S] mask, as the embeddings build positions.
Tensor keep_mask(const Tensor& padding, int64_t width) {
  const std::vector<int32_t> pad = padding.to(Device::cpu()).to_vector<int32_t>();
  std::vector<float> keep(pad.size() * static_cast<size_t>(width));
  for (size_t i = 0; i < pad.size(); ++i)
    std::fill_n(keep.begin() + static_cast<std::ptrdiff_t>(i * width), width, pad[i] != 0 ? 0.f : 1.f);
  return Tensor::from_vector(keep, Shape{padding.size(0), padding.size(1), width}).to(padding.device());
}

}  // namespace

LsraAttention::LsraAttention(ag::ParameterSet& params, const std::string& prefix,
                             const std::vector<BranchSpec>& specs, int layer_kernel, float attention_dropout,
                             const LiteConfig& lite, uint64_t seed) {
  for (size_t i = 0; i < specs.size(); ++i) {
    const BranchSpec& b = specs[i];
    const std::string name = prefix + ".branches." + std::to_string(i);
    if (b.kind == BranchKind::kAttention)
      branches_.emplace_back(nn::MultiHeadAttention(params, name, b.dim, b.heads, attention_dropout, seed));
    else
      branches_.emplace_back(ConvBranch(params, name, b.kind, b.dim, b.heads, b.kernel_in_layer(layer_kernel), lite, seed));
    widths_.push_back(b.dim);
  }
}

ag::Var LsraAttention::encode(const ag::Var& x, const Tensor& padding, nn::ForwardContext& ctx) const {
  const std::vector<ag::Var> parts = ag::split(x, widths_, 2);
  std::vector<ag::Var> outs;
  for (size_t i = 0; i < branches_.size(); ++i)
    outs.push_back(std::visit(
        Overloaded{[&](const nn::MultiHeadAttention& attn) { return attn(parts[i], parts[i], {padding, false}, ctx); },
                   [&](const ConvBranch& conv) {
                     return conv.forward(parts[i], keep_mask(padding, widths_[i]), conv.kernel() / 2, ctx);
                   }},
        branches_[i]));
  return ag::concat(outs, 2);
}

ag::Var LsraAttention::decode(const ag::Var& x, const LayerPass& at, size_t first_slot, nn::ForwardContext& ctx) const {
  const std::vector<ag::Var> parts = ag::split(x, widths_, 2);
  std::vector<ag::Var> outs;
  size_t slot = first_slot;
  for (size_t i = 0; i < branches_.size(); ++i)
    outs.push_back(std::visit(Overloaded{[&](const nn::MultiHeadAttention& attn) {
                                           const KeyValueSlots kv{slot, slot + 1};
                                           slot += 2;
                                           return causal_self_attention(attn, parts[i], at, kv, ctx);
                                         },
                                         [&](const ConvBranch& conv) {
                                           const size_t window = slot++;
                                           // Right-padded targets and a causal kernel: pads never reach real positions.
                                           return at.incremental() ? conv.step(parts[i], at, window)
                                                                   : conv.forward(parts[i], Tensor(), conv.kernel() - 1, ctx);
                                         }},
                              branches_[i]));
  return ag::concat(outs, 2);
}

void LsraAttention::add_slots(std::vector<Slot>& slots, int64_t rows, Device device) const {
  for (size_t i = 0; i < branches_.size(); ++i) {
    const std::string name = "self_attn.branches." + std::to_string(i);
    if (const auto* conv = std::get_if<ConvBranch>(&branches_[i]))
      slots.push_back(conv->start_slot(name + ".window", rows, device));
    else
      add_self_attention_slots(slots, name);
  }
}

size_t LsraAttention::slot_count() const {
  size_t n = 0;
  for (const Branch& b : branches_) n += std::holds_alternative<ConvBranch>(b) ? 1 : 2;
  return n;
}

}  // namespace ventris::models
