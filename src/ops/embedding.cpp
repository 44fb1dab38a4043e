#include "ops/embedding.h"

#include "ops/checks.h"

namespace ventris::ops {

Tensor embedding(const Tensor& weight, const Tensor& ids) {
  VENTRIS_CHECK(weight.defined() && (weight.dtype() == DType::F32 || weight.dtype() == DType::I32),
                "embedding: weight must be F32 or I32, got {}",
                weight.defined() ? dtype_name(weight.dtype()) : "an undefined tensor");
  const bool ids32 = detail::require_index(ids, "embedding", "ids");
  detail::require_same_device(weight, ids, "embedding");
  VENTRIS_CHECK(weight.rank() == 2, "embedding: weight must be [V, D], got {}", weight.shape().str());
  const int64_t vocab = weight.size(0), dim = weight.size(1), n = ids.numel();
  // Ids are checked on the host (a GPU kernel would read out of bounds silently).
  const Tensor host_ids = ids.to(Device::cpu());
  for (int64_t i = 0; i < n; ++i) {
    const int64_t id = ids32 ? host_ids.data<int32_t>()[i] : host_ids.data<int64_t>()[i];
    VENTRIS_CHECK(id >= 0 && id < vocab, "embedding: id {} at position {} is outside the vocabulary [0, {})", id, i,
                  vocab);
  }
  VENTRIS_CHECK(ids.rank() < Shape::kMaxDims, "embedding: ids of rank {} too large", ids.rank());
  Tensor out = Tensor::empty(ids.shape().appended(dim), weight.dtype(), weight.device());
  // The kernels only move 4-byte words (plain loads and stores, no
  // arithmetic), so an I32 table travels through their float pointers bit for bit.
  if (out.numel() > 0)
    detail::kernel(weight, &KernelTable::embedding, "embedding")(static_cast<const float*>(weight.raw_data()), vocab,
                                                                 dim, ids.raw_data(), ids32, n,
                                                                 static_cast<float*>(out.raw_data()));
  return out;
}

Tensor embedding_backward(const Tensor& grad, const Tensor& ids, int64_t num_embeddings, int64_t padding_idx) {
  detail::require_f32(grad, "embedding_backward", "grad");
  const bool ids32 = detail::require_index(ids, "embedding_backward", "ids");
  detail::require_same_device(grad, ids, "embedding_backward");
  const int64_t dim = grad.size(-1);
  VENTRIS_CHECK(grad.numel() == ids.numel() * dim, "embedding_backward: grad {} does not match ids {}",
                grad.shape().str(), ids.shape().str());
  Tensor gw = Tensor::empty({num_embeddings, dim}, DType::F32, grad.device());
  detail::kernel(grad, &KernelTable::embedding_backward, "embedding_backward")(
      grad.data<float>(), ids.raw_data(), ids32, ids.numel(), num_embeddings, dim, padding_idx, gw.data<float>());
  return gw;
}

}  // namespace ventris::ops
