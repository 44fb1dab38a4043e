// The one table of derivatives: each op's forward call and, next to it, its
// backward closure (which captures exactly the tensors it needs).
#include "autograd/derivatives.h"

#include "ops/ops.h"

namespace ventris::ag {

namespace {
using Grads = std::vector<Tensor>;
Tensor zeros_like(const Tensor& t) { return Tensor::zeros(t.shape(), t.dtype(), t.device()); }
}  // namespace

// C = op(A) op(B). Linear form (B 2-D): A's leading dims are flattened so the
// weight gradient is one GEMM over all rows.
Var matmul(const Var& a, const Var& b, bool ta, bool tb) {
  Tensor av = a.value(), bv = b.value();
  const bool linear = bv.rank() == 2;
  return make_result(ops::matmul(av, bv, ta, tb), "matmul", {a, b}, [av, bv, ta, tb, linear](const Tensor& g) {
    Tensor a2 = av, g2 = g;
    if (linear && !ta) {
      a2 = av.reshape({-1, av.size(-1)});
      g2 = g.reshape({-1, g.size(-1)});
    }
    // dA = dC·op(B)^T (stored transposed when ta); dB = op(A)^T·dC (stored transposed when tb).
    Tensor da = ta ? ops::matmul(bv, g2, tb, true) : ops::matmul(g2, bv, false, !tb);
    Tensor db = tb ? ops::matmul(g2, a2, true, ta) : ops::matmul(a2, g2, !ta, false);
    return Grads{da.reshape(av.shape()), db};
  });
}

Var add(const Var& a, const Var& b) {
  Shape sa = a.shape(), sb = b.shape();
  return make_result(ops::add(a.value(), b.value()), "add", {a, b}, [sa, sb](const Tensor& g) {
    return Grads{ops::sum_to_suffix(g, sa), ops::sum_to_suffix(g, sb)};
  });
}

Var sub(const Var& a, const Var& b) {
  Shape sa = a.shape(), sb = b.shape();
  return make_result(ops::sub(a.value(), b.value()), "sub", {a, b}, [sa, sb](const Tensor& g) {
    return Grads{ops::sum_to_suffix(g, sa), ops::scale(ops::sum_to_suffix(g, sb), -1.f)};
  });
}

Var mul(const Var& a, const Var& b) {
  Tensor av = a.value(), bv = b.value();
  return make_result(ops::mul(av, bv), "mul", {a, b}, [av, bv](const Tensor& g) {
    return Grads{ops::sum_to_suffix(ops::mul(g, bv), av.shape()), ops::sum_to_suffix(ops::mul(g, av), bv.shape())};
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

Var glu(const Var& x) {
  Tensor xv = x.value();
  return make_result(ops::glu(xv), "glu", {x}, [xv](const Tensor& g) { return Grads{ops::glu_backward(g, xv)}; });
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
  int64_t offset = 0;
  const Tensor xv = x.value();
  const int d = xv.shape().normalize(dim);
  for (size_t i = 0; i < pieces.size(); ++i) {
    const int64_t before = offset, len = sizes[i], after = xv.size(d) - offset - sizes[i];
    // Each piece's gradient is placed into a zero gradient of x's shape.
    out.push_back(make_result(pieces[i], "split", {x}, [xv, d, before, len, after](const Tensor& g) {
      std::vector<Tensor> parts;
      auto zeros_with = [&](int64_t n) {
        std::vector<int64_t> dims = xv.shape().vec();
        dims[d] = n;
        return Tensor::zeros(Shape(dims), DType::F32, xv.device());
      };
      if (before) parts.push_back(zeros_with(before));
      parts.push_back(g);
      if (after) parts.push_back(zeros_with(after));
      (void)len;
      return Grads{parts.size() == 1 ? g : ops::concat(parts, d)};
    }));
    offset += sizes[i];
  }
  return out;
}

Var sum(const Var& x) {
  Tensor xv = x.value();
  return make_result(ops::sum(xv), "sum", {x}, [xv](const Tensor& g) { return Grads{ops::add(zeros_like(xv), g)}; });
}

Var mean(const Var& x) {
  Tensor xv = x.value();
  const float inv = 1.f / static_cast<float>(xv.numel());
  return make_result(ops::mean(xv), "mean", {x},
                     [xv, inv](const Tensor& g) { return Grads{ops::add(zeros_like(xv), ops::scale(g, inv))}; });
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
