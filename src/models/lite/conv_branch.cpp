#include "models/lite/conv_branch.h"

#include <cmath>

#include "nn/init.h"
#include "ops/lite_conv.h"

namespace ventris::models {

ConvBranch::ConvBranch(ag::ParameterSet& params, const std::string& p, BranchKind kind, int64_t width,
                       int64_t heads, int kernel, const LiteConfig& lite, uint64_t seed)
    : kind_(kind),
      width_(width),
      heads_(heads),
      kernel_(kernel),
      glu_(lite.glu),
      mask_before_linear_(lite.mask_before_linear),
      weight_dropout_(static_cast<float>(lite.weight_dropout)),
      linear1_(params, p + ".linear1", width, lite.glu ? 2 * width : width, 1.f, seed) {
  VENTRIS_CHECK(kind != BranchKind::kAttention, "ConvBranch built for an attention branch");
  const std::string conv = p + ".conv";
  if (kind == BranchKind::kLightweight) {
    // fairseq keeps these as [H, 1, K] and Xavier-initialises them with
    // fan_in = K, fan_out = H·K; the gain turns our [H, K] fans into those.
    const float gain = std::sqrt(static_cast<float>(kernel + heads) / static_cast<float>(kernel + heads * kernel));
    weight_ = params.add(conv + ".weight", nn::xavier_uniform(heads, kernel, gain, seed, conv + ".weight"));
  } else {
    weight_linear_ = nn::Linear(params, conv + ".weight_linear", width, heads * kernel, 1.f, seed, /*bias=*/false);
  }
  linear2_ = nn::Linear(params, p + ".linear2", width, width, 1.f, seed);
}

ag::Var ConvBranch::input(const ag::Var& x) const {
  const ag::Var z = linear1_(x);
  return glu_ ? ag::glu(z) : z;
}

ag::Var ConvBranch::kernels(const ag::Var& u) const {
  if (kind_ == BranchKind::kLightweight) return ag::softmax(weight_);  // [H, K]
  std::vector<int64_t> dims = u.shape().vec();
  dims.back() = heads_;
  dims.push_back(kernel_);
  return ag::softmax(ag::reshape(weight_linear_(u), dims));  // [..., H, K]
}

ag::Var ConvBranch::forward(const ag::Var& x, const Tensor& keep, int64_t pad_left, nn::ForwardContext& ctx) const {
  const bool masked = keep.defined();
  ag::Var u = input(masked && mask_before_linear_ ? ag::mul(x, ag::Var(keep)) : x);
  // §3.4: zero u itself, so padded slots feed zeros into the real positions
  // near them whatever the bias and GLU make of a zero input.
  if (masked && !mask_before_linear_) u = ag::mul(u, ag::Var(keep));
  ag::Var w = kernels(u);
  const nn::ForwardContext::Draw drop = ctx.draw(weight_dropout_);
  if (kind_ == BranchKind::kLightweight) {
    if (drop.p == 0.f) return linear2_(ag::lightweight_conv(u, w, pad_left));
    // DropConnect per (sentence, position, head): one copy of the kernels per position.
    w = ag::add(ag::Var(Tensor::zeros({u.size(0), u.size(1), heads_, kernel_}, DType::F32, u.value().device())), w);
  }
  w = ag::dropout(w, drop.p, ctx.seed, drop.stream);
  return linear2_(ag::dynamic_conv(u, w, pad_left));
}

Slot ConvBranch::start_slot(const std::string& name, int64_t rows, Device device) const {
  return window_slot(name, kernel_ - 1, rows, width_, device);
}

ag::Var ConvBranch::step(const ag::Var& x, const LayerPass& at, size_t window_slot_index) const {
  const ag::Var u = input(x);  // [N, 1, C]
  // [N, K, C]: the K - 1 earlier inputs (zeros before the first token, which
  // is zero left-padding of the full kernel), then u_t.
  const Tensor window = at.pass.state().push(at.layer, window_slot_index, u.value());
  const int64_t n = x.size(0);
  const Tensor w = kind_ == BranchKind::kLightweight ? kernels(u).value()
                                                     : ag::reshape(kernels(u), {n, heads_, kernel_}).value();
  const Tensor y = ops::conv_step(window, w);  // [N, C]
  return linear2_(ag::Var(y.reshape({n, 1, width_})));
}

}  // namespace ventris::models
