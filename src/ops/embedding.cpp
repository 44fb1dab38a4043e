#include "ops/embedding.h"

#include "ops/checks.h"
#include "ops/cpu/kernels.h"

namespace ventris::ops {

Tensor embedding(const Tensor& weight, const Tensor& ids) {
  detail::require_f32(weight, "embedding", "weight");
  detail::require_cpu(weight, "embedding");
  const bool ids32 = detail::require_index(ids, "embedding", "ids");
  detail::require_cpu(ids, "embedding");
  VENTRIS_CHECK(weight.rank() == 2, "embedding: weight must be [V, D], got {}", weight.shape().str());
  const int64_t vocab = weight.size(0), dim = weight.size(1), n = ids.numel();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t id = ids32 ? ids.data<int32_t>()[i] : ids.data<int64_t>()[i];
    VENTRIS_CHECK(id >= 0 && id < vocab, "embedding: id {} at position {} is outside the vocabulary [0, {})", id, i,
                  vocab);
  }
  std::vector<int64_t> dims = ids.shape().vec();
  dims.push_back(dim);
  VENTRIS_CHECK(static_cast<int>(dims.size()) <= Shape::kMaxDims, "embedding: ids of rank {} too large", ids.rank());
  Tensor out = Tensor::empty(Shape(dims), DType::F32, weight.device());
  cpu::embedding(weight.data<float>(), vocab, dim, ids.raw_data(), ids32, n, out.data<float>());
  return out;
}

Tensor embedding_backward(const Tensor& grad, const Tensor& ids, int64_t num_embeddings, int64_t padding_idx) {
  detail::require_f32(grad, "embedding_backward", "grad");
  detail::require_cpu(grad, "embedding_backward");
  const bool ids32 = detail::require_index(ids, "embedding_backward", "ids");
  detail::require_cpu(ids, "embedding_backward");
  const int64_t dim = grad.size(-1);
  VENTRIS_CHECK(grad.numel() == ids.numel() * dim, "embedding_backward: grad {} does not match ids {}",
                grad.shape().str(), ids.shape().str());
  Tensor gw = Tensor::empty({num_embeddings, dim}, DType::F32, grad.device());
  cpu::embedding_backward(grad.data<float>(), ids.raw_data(), ids32, ids.numel(), num_embeddings, dim, padding_idx,
                          gw.data<float>());
  return gw;
}

}  // namespace ventris::ops
