#include "models/decoder_state.h"

#include "core/error.h"
#include "ops/embedding.h"

namespace ventris::models {

Tensor gather_rows(const Tensor& x, const std::vector<int64_t>& rows) {
  VENTRIS_CHECK(x.defined() && x.rank() >= 1, "gather_rows needs a tensor with a first dimension");
  const int64_t n = x.size(0);
  for (int64_t r : rows) VENTRIS_CHECK(r >= 0 && r < n, "gather_rows: row {} out of range [0, {})", r, n);
  const Shape out_shape = x.shape().with_dim(0, static_cast<int64_t>(rows.size()));
  VENTRIS_CHECK(x.dtype() == DType::F32 || x.dtype() == DType::I32, "gather_rows supports F32 and I32 tensors, not {}",
                dtype_name(x.dtype()));
  if (n == 0 || rows.empty()) return Tensor::zeros(out_shape, x.dtype(), x.device());
  // A row gather is an embedding lookup with the tensor viewed as a table
  // [N, rest]; it runs on x's device for F32 and I32 (the padding mask) alike.
  Tensor ids = Tensor::from_vector(rows, {static_cast<int64_t>(rows.size())}).to(x.device());
  return ops::embedding(x.reshape({n, x.numel() / n}), ids).reshape(out_shape);
}

void DecoderState::reorder(const std::vector<int64_t>& new_rows) {
  bool identity = static_cast<int64_t>(new_rows.size()) == rows();
  for (size_t i = 0; identity && i < new_rows.size(); ++i) identity = new_rows[i] == static_cast<int64_t>(i);
  if (identity) return;
  std::vector<int64_t> sentences(new_rows.size());
  for (size_t i = 0; i < new_rows.size(); ++i) {
    VENTRIS_CHECK(new_rows[i] >= 0 && new_rows[i] < rows(), "reorder: row {} out of range [0, {})", new_rows[i], rows());
    sentences[i] = sentence_of_row.empty() ? new_rows[i] : sentence_of_row[static_cast<size_t>(new_rows[i])];
  }
  const bool same_sentences = !sentence_of_row.empty() && sentences == sentence_of_row;
  for (DecoderLayerState& layer : layers) {
    for (Tensor* t : {&layer.self_k, &layer.self_v})
      if (t->defined()) *t = gather_rows(*t, new_rows);
    if (same_sentences) continue;
    for (Tensor* t : {&layer.cross_k, &layer.cross_v})
      if (t->defined()) *t = gather_rows(*t, new_rows);
  }
  if (!same_sentences) src_padding = gather_rows(src_padding, new_rows);
  sentence_of_row = std::move(sentences);
}

}  // namespace ventris::models
