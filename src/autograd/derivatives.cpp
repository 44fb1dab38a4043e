// The one table of derivatives: each op's forward call and, next to it, its
// backward closure (which captures exactly the tensors it needs).
#include "autograd/derivatives.h"

#include "autograd/grad_mode.h"

#include "ops/ops.h"

namespace ventris::ag {

namespace {
using Grads = std::vector<Tensor>;
}  // namespace

// C = op(A) op(B). Linear form (B 2-D): A's leading dims are flattened so the
// weight gradient is one GEMM over all rows. Each side's gradient is computed
// (and the other operand saved for it) only when that side needs one: a frozen
// weight or a constant input costs no GEMM and holds no memory. The backward
// GEMMs use the autocast precision of the forward call (ops/autocast.h), as
// torch.autocast does, whatever scope backward() runs in.
Var matmul(const Var& a, const Var& b, bool ta, bool tb) {
  const Tensor& av = a.value();
  const Tensor& bv = b.value();
  const bool need_a = a.requires_grad(), need_b = b.requires_grad();
  const bool linear = bv.rank() == 2;
  Tensor saved_a = need_b ? av : Tensor(), saved_b = need_a ? bv : Tensor();
  return make_result(ops::matmul(av, bv, ta, tb), "matmul", {a, b},
                     [saved_a, saved_b, a_shape = av.shape(), ta, tb, linear,
                      precision = ops::gemm_precision()](const Tensor& g) {
                       ops::AutocastScope autocast(precision);
                       Tensor g2 = (linear && !ta) ? g.reshape({-1, g.size(-1)}) : g;
                       Tensor da, db;
                       // dA = dC·op(B)^T (stored transposed when ta); dB = op(A)^T·dC (stored transposed when tb).
                       if (saved_b.defined())
                         da = (ta ? ops::matmul(saved_b, g2, tb, true) : ops::matmul(g2, saved_b, false, !tb))
                                  .reshape(a_shape);
                       if (saved_a.defined()) {
                         Tensor a2 = (linear && !ta) ? saved_a.reshape({-1, saved_a.size(-1)}) : saved_a;
                         db = tb ? ops::matmul(g2, a2, true, ta) : ops::matmul(a2, g2, !ta, false);
                       }
                       return Grads{da, db};
                     });
}

Var add(const Var& a, const Var& b) {
  Shape sa = a.shape(), sb = b.shape();
  const bool need_a = a.requires_grad(), need_b = b.requires_grad();
  return make_result(ops::add(a.value(), b.value()), "add", {a, b}, [sa, sb, need_a, need_b](const Tensor& g) {
    return Grads{need_a ? ops::sum_to_suffix(g, sa) : Tensor(), need_b ? ops::sum_to_suffix(g, sb) : Tensor()};
  });
}

Var sub(const Var& a, const Var& b) {
  Shape sa = a.shape(), sb = b.shape();
  const bool need_a = a.requires_grad(), need_b = b.requires_grad();
  return make_result(ops::sub(a.value(), b.value()), "sub", {a, b}, [sa, sb, need_a, need_b](const Tensor& g) {
    return Grads{need_a ? ops::sum_to_suffix(g, sa) : Tensor(),
                 need_b ? ops::scale(ops::sum_to_suffix(g, sb), -1.f) : Tensor()};
  });
}

Var mul(const Var& a, const Var& b) {
  // d(a*b)/da = b and vice versa: each side saves the other operand only if it needs a gradient.
  Tensor saved_a = b.requires_grad() ? a.value() : Tensor(), saved_b = a.requires_grad() ? b.value() : Tensor();
  return make_result(ops::mul(a.value(), b.value()), "mul", {a, b},
                     [saved_a, saved_b, sa = a.shape(), sb = b.shape()](const Tensor& g) {
                       return Grads{saved_b.defined() ? ops::sum_to_suffix(ops::mul(g, saved_b), sa) : Tensor(),
                                    saved_a.defined() ? ops::sum_to_suffix(ops::mul(g, saved_a), sb) : Tensor()};
                     });
}

Var scale(const Var& x, float s) {
  return make_result(ops::scale(x.value(), s), "scale", {x}, [s](const Tensor& g) { return Grads{ops::scale(g, s)}; });
}

Var relu(const Var& x) {
  Tensor y = ops::relu(x.value());
  return make_result(y, "relu", {x}, [y](const Tensor& g) { return Grads{ops::relu_backward(g, y)}; });
}

Var gelu(const Var& x) {
  Tensor xv = x.value();
  return make_result(ops::gelu(xv), "gelu", {x}, [xv](const Tensor& g) { return Grads{ops::gelu_backward(g, xv)}; });
}

Var bias_activation_dropout(const Var& x, const Var& bias, math::Activation act, float p, uint64_t seed,
                            uint64_t stream) {
  const bool has_bias = bias.defined();
  // x + bias is kept only for a backward that can happen (not while decoding).
  const bool backward_possible = grad_enabled() && (x.requires_grad() || (has_bias && bias.requires_grad()));
  auto out = ops::bias_activation_dropout(x.value(), has_bias ? bias.value() : Tensor(), act, p, seed, stream,
                                          backward_possible);
  std::vector<Var> inputs{x};
  if (has_bias) inputs.push_back(bias);
  return make_result(out.y, "bias_activation_dropout", inputs,
                     [pre = out.pre, act, p, seed, stream, has_bias, bias_shape = has_bias ? bias.shape() : Shape()](
                         const Tensor& g) {
                       Tensor d = ops::bias_activation_dropout_backward(g, pre, act, p, seed, stream);
                       // The bias gradient as add's backward takes it (the same reduction, the same bits).
                       if (!has_bias) return Grads{d};
                       Tensor db = ops::sum_to_suffix(d, bias_shape);
                       return Grads{d, db};
                     });
}

Var glu(const Var& x) {
  Tensor xv = x.value();
  return make_result(ops::glu(xv), "glu", {x}, [xv](const Tensor& g) { return Grads{ops::glu_backward(g, xv)}; });
}

// Lightweight / dynamic convolution (ops/lite_conv.h). Like matmul, each side
// saves the other operand only when that side needs a gradient: grad u is the
// convolution of grad y with the taps reversed, grad w the correlation of
// grad y with u (summed over (b, t) in a fixed order for a shared kernel).
namespace {
Var lite_conv_result(Tensor y, const char* name, const Var& u, const Var& weights, int64_t pad_left) {
  Tensor saved_u = weights.requires_grad() ? u.value() : Tensor();
  Tensor saved_w = u.requires_grad() ? weights.value() : Tensor();
  return make_result(std::move(y), name, {u, weights},
                     [saved_u, saved_w, w_shape = weights.shape(), pad_left](const Tensor& g) {
                       return Grads{
                           saved_w.defined() ? ops::lite_conv_backward_input(g, saved_w, pad_left) : Tensor(),
                           saved_u.defined() ? ops::lite_conv_backward_weight(g, saved_u, w_shape, pad_left)
                                             : Tensor()};
                     });
}
}  // namespace

Var dynamic_conv(const Var& u, const Var& weights, int64_t pad_left) {
  return lite_conv_result(ops::dynamic_conv(u.value(), weights.value(), pad_left), "dynamic_conv", u, weights,
                          pad_left);
}

Var lightweight_conv(const Var& u, const Var& weight, int64_t pad_left) {
  return lite_conv_result(ops::lightweight_conv(u.value(), weight.value(), pad_left), "lightweight_conv", u, weight,
                          pad_left);
}

Var softmax(const Var& x, const ops::SoftmaxMask& mask) {
  Tensor y = ops::softmax(x.value(), mask);
  return make_result(y, "softmax", {x}, [y](const Tensor& g) { return Grads{ops::softmax_backward(g, y)}; });
}

Var log_softmax(const Var& x) {
  Tensor y = ops::log_softmax(x.value());
  return make_result(y, "log_softmax", {x}, [y](const Tensor& g) { return Grads{ops::log_softmax_backward(g, y)}; });
}

Var layer_norm(const Var& x, const Var& gamma, const Var& beta, float eps) {
  Tensor xv = x.value(), gv = gamma.value();
  auto out = ops::layer_norm(xv, gv, beta.value(), eps);
  Tensor mean = out.mean, rstd = out.rstd;
  return make_result(out.y, "layer_norm", {x, gamma, beta}, [xv, gv, mean, rstd](const Tensor& g) {
    auto d = ops::layer_norm_backward(g, xv, gv, mean, rstd);
    return Grads{d.dx, d.dgamma, d.dbeta};
  });
}

Var dropout(const Var& x, float p, uint64_t seed, uint64_t stream) {
  if (p == 0.f) return x;
  // The mask is a pure function of (seed, stream, index): the backward redraws it.
  return make_result(ops::dropout(x.value(), p, seed, stream), "dropout", {x},
                     [p, seed, stream](const Tensor& g) { return Grads{ops::dropout(g, p, seed, stream)}; });
}

Var embedding(const Var& weight, const Tensor& ids, int64_t padding_idx) {
  const int64_t vocab = weight.size(0);
  return make_result(ops::embedding(weight.value(), ids), "embedding", {weight},
                     [ids, vocab, padding_idx](const Tensor& g) {
                       return Grads{ops::embedding_backward(g, ids, vocab, padding_idx)};
                     });
}

Var reshape(const Var& x, const std::vector<int64_t>& dims) {
  Shape s = x.shape();
  return make_result(x.value().reshape(dims), "reshape", {x}, [s](const Tensor& g) { return Grads{g.reshape(s)}; });
}

Var permute(const Var& x, const std::vector<int>& dims) {
  std::vector<int> inverse = ops::inverse_permutation(dims);
  return make_result(ops::permute(x.value(), dims), "permute", {x},
                     [inverse](const Tensor& g) { return Grads{ops::permute(g, inverse)}; });
}

Var transpose(const Var& x, int dim0, int dim1) {
  std::vector<int> dims(x.value().rank());
  for (int i = 0; i < x.value().rank(); ++i) dims[i] = i;
  std::swap(dims[x.shape().normalize(dim0)], dims[x.shape().normalize(dim1)]);
  return permute(x, dims);
}

Var concat(const std::vector<Var>& parts, int dim) {
  std::vector<Tensor> values;
  std::vector<int64_t> sizes;
  for (const Var& p : parts) {
    values.push_back(p.value());
    sizes.push_back(p.size(dim));
  }
  return make_result(ops::concat(values, dim), "concat", parts,
                     [sizes, dim](const Tensor& g) { return ops::split(g, sizes, dim); });
}

std::vector<Var> split(const Var& x, const std::vector<int64_t>& sizes, int dim) {
  std::vector<Tensor> pieces = ops::split(x.value(), sizes, dim);
  std::vector<Var> out;
  const Shape xs = x.shape();
  const Device device = x.value().device();
  const int d = xs.normalize(dim);
  int64_t offset = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const int64_t before = offset, after = xs[d] - offset - sizes[i];
    // Each piece's gradient is padded with zeros to x's shape (only shapes are
    // kept, not x itself); the tape sums the pieces' contributions.
    out.push_back(make_result(pieces[i], "split", {x}, [xs, device, d, before, after](const Tensor& g) {
      auto zeros_with = [&](int64_t n) {
        std::vector<int64_t> dims = xs.vec();
        dims[d] = n;
        return Tensor::zeros(Shape(dims), DType::F32, device);
      };
      std::vector<Tensor> parts;
      if (before) parts.push_back(zeros_with(before));
      parts.push_back(g);
      if (after) parts.push_back(zeros_with(after));
      return Grads{parts.size() == 1 ? g : ops::concat(parts, d)};
    }));
    offset += sizes[i];
  }
  return out;
}

// The gradient of a full reduction is g broadcast to x's shape; added onto
// zeros so g stays on its device (no host round trip through item()).
Var sum(const Var& x) {
  return make_result(ops::sum(x.value()), "sum", {x}, [s = x.shape(), device = x.value().device()](const Tensor& g) {
    return Grads{ops::add(Tensor::zeros(s, DType::F32, device), g)};
  });
}

Var mean(const Var& x) {
  const float inv = 1.f / static_cast<float>(x.value().numel());
  return make_result(ops::mean(x.value()), "mean", {x},
                     [s = x.shape(), device = x.value().device(), inv](const Tensor& g) {
                       return Grads{ops::add(Tensor::zeros(s, DType::F32, device), ops::scale(g, inv))};
                     });
}

Var sum(const Var& x, int dim, bool keepdim) {
  Shape s = x.shape();
  return make_result(ops::sum(x.value(), dim, keepdim), "sum_dim", {x},
                     [s, dim](const Tensor& g) { return Grads{ops::expand_along(g, s, dim)}; });
}

Var mean(const Var& x, int dim, bool keepdim) {
  Shape s = x.shape();
  const float inv = 1.f / static_cast<float>(s[s.normalize(dim)]);
  return make_result(ops::mean(x.value(), dim, keepdim), "mean_dim", {x},
                     [s, dim, inv](const Tensor& g) { return Grads{ops::scale(ops::expand_along(g, s, dim), inv)}; });
}

CrossEntropyResult label_smoothed_cross_entropy(const Var& logits, const Tensor& targets, float epsilon,
                                                int64_t ignore_index) {
  Tensor z = logits.value();
  auto out = ops::label_smoothed_cross_entropy(z, targets, epsilon, ignore_index);
  Tensor lse = out.logsumexp;
  CrossEntropyResult r;
  r.nll = out.nll;
  r.tokens = out.tokens;
  r.loss = make_result(out.loss, "cross_entropy", {logits}, [z, targets, lse, epsilon, ignore_index](const Tensor& g) {
    return Grads{ops::label_smoothed_cross_entropy_backward(g.item(), z, targets, lse, epsilon, ignore_index)};
  });
  return r;
}

}  // namespace ventris::ag
