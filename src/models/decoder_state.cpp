#include "models/decoder_state.h"

#include <algorithm>

#include "core/error.h"
#include "ops/layout.h"

namespace ventris::models {

namespace {

// Row indices as the [n] I32 tensor the decoding kernels read, on `device`.
Tensor index_tensor(const std::vector<int64_t>& indices, Device device) {
  const std::vector<int32_t> narrow(indices.begin(), indices.end());
  return Tensor::from_vector(narrow, {static_cast<int64_t>(narrow.size())}).to(device);
}

}  // namespace

void DecoderState::upload_indices(Device device) {
  row_sentence = index_tensor(sentence_of_row, device);
  source_lengths_tensor =
      Tensor::from_vector(source_lengths, {static_cast<int64_t>(source_lengths.size())}).to(device);
}

void DecoderState::reorder(const std::vector<int64_t>& new_rows) {
  bool identity = static_cast<int64_t>(new_rows.size()) == rows();
  for (size_t i = 0; identity && i < new_rows.size(); ++i) identity = new_rows[i] == static_cast<int64_t>(i);
  if (identity) return;
  std::vector<int64_t> sentences(new_rows.size());
  for (size_t i = 0; i < new_rows.size(); ++i) {
    VENTRIS_CHECK(new_rows[i] >= 0 && new_rows[i] < rows(), "reorder: row {} out of range [0, {})", new_rows[i], rows());
    sentences[i] = sentence_of_row[static_cast<size_t>(new_rows[i])];
  }
  // Self caches: the gather waits for the next append (one copy instead of
  // two). Cross K/V stay as they are: rows only change which entry they read.
  if (steps > 0) {
    std::vector<int64_t> composed(new_rows.size());
    for (size_t i = 0; i < new_rows.size(); ++i)
      composed[i] = reorder_pending ? pending_rows[static_cast<size_t>(new_rows[i])] : new_rows[i];
    pending_rows = std::move(composed);
    reorder_pending = true;
  }
  const Device device = row_sentence.defined() ? row_sentence.device() : Device::cpu();
  sentence_of_row = std::move(sentences);
  row_sentence = index_tensor(sentence_of_row, device);
}

Tensor DecoderState::take_pending_rows() {
  if (!reorder_pending) return Tensor();
  reorder_pending = false;
  const Tensor rows_tensor = index_tensor(pending_rows, row_sentence.device());
  pending_rows.clear();
  return rows_tensor;
}

namespace {

// x [B, S, D] -> [B, s_max, D], the new positions zero.
Tensor pad_positions(const Tensor& x, int64_t s_max) {
  if (!x.defined() || x.size(1) == s_max) return x;
  const Shape tail = x.shape().with_dim(1, s_max - x.size(1));
  return ops::concat({x, Tensor::zeros(tail, x.dtype(), x.device())}, 1);
}

}  // namespace

DecoderState concat_states(std::vector<DecoderState> parts) {
  VENTRIS_CHECK(!parts.empty(), "concat_states needs at least one state");
  if (parts.size() == 1) return std::move(parts.front());
  const size_t layer_count = parts.front().layers.size();
  int64_t s_max = 0;
  for (const DecoderState& p : parts) {
    VENTRIS_CHECK(p.steps == 0 && p.layers.size() == layer_count, "concat_states: states must be fresh and of one model");
    if (layer_count > 0) s_max = std::max(s_max, p.layers.front().cross_k.size(1));
  }
  DecoderState out;
  out.layers.resize(layer_count);
  for (size_t l = 0; l < layer_count; ++l) {
    std::vector<Tensor> keys, values;
    for (const DecoderState& p : parts) {
      keys.push_back(pad_positions(p.layers[l].cross_k, s_max));
      values.push_back(pad_positions(p.layers[l].cross_v, s_max));
    }
    out.layers[l].cross_k = ops::concat(keys, 0);
    out.layers[l].cross_v = ops::concat(values, 0);
  }
  for (const DecoderState& p : parts) {
    const auto first_sentence = static_cast<int64_t>(out.source_lengths.size());
    for (int64_t s : p.sentence_of_row) out.sentence_of_row.push_back(first_sentence + s);
    out.source_lengths.insert(out.source_lengths.end(), p.source_lengths.begin(), p.source_lengths.end());
  }
  out.upload_indices(parts.front().row_sentence.device());
  return out;
}

}  // namespace ventris::models
