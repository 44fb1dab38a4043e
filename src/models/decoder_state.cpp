#include "models/decoder_state.h"

#include <algorithm>

#include "core/error.h"
#include "ops/decoder_cache.h"
#include "ops/embedding.h"
#include "ops/layout.h"

namespace ventris::models {

namespace {

// Row indices as the [n] I32 tensor the decoding kernels read, on `device`.
Tensor index_tensor(const std::vector<int64_t>& indices, Device device) {
  const std::vector<int32_t> narrow(indices.begin(), indices.end());
  return Tensor::from_vector(narrow, {static_cast<int64_t>(narrow.size())}).to(device);
}

const char* kind_name(SlotKind kind) {
  switch (kind) {
    case SlotKind::kGrowing: return "growing";
    case SlotKind::kWindow: return "window";
    case SlotKind::kFixed: return "fixed";
  }
  return "?";
}

}  // namespace

Slot growing_slot(std::string name) { return Slot{std::move(name), SlotKind::kGrowing, 0, Tensor(), 0}; }

Slot window_slot(std::string name, int64_t window, int64_t rows, int64_t width, Device device) {
  VENTRIS_CHECK(window >= 1, "decoder state: window slot '{}' needs W >= 1, got {}", name, window);
  return Slot{std::move(name), SlotKind::kWindow, window, Tensor::zeros({rows, window, width}, DType::F32, device), 0};
}

Slot fixed_slot(std::string name, Tensor value) {
  return Slot{std::move(name), SlotKind::kFixed, 0, std::move(value), 0};
}

Slot& DecoderState::slot(size_t layer, size_t index) {
  VENTRIS_CHECK(layer < layers.size() && index < layers[layer].size(), "decoder state has no slot {} in layer {}",
                index, layer);
  return layers[layer][index];
}

void DecoderState::upload_indices(Device device) {
  row_sentence = index_tensor(sentence_of_row, device);
  source_lengths_tensor =
      Tensor::from_vector(source_lengths, {static_cast<int64_t>(source_lengths.size())}).to(device);
}

void DecoderState::reorder(const std::vector<int64_t>& new_rows) {
  VENTRIS_CHECK(!in_step_, "decoder state: reorder during a step");
  bool identity = static_cast<int64_t>(new_rows.size()) == rows();
  for (size_t i = 0; identity && i < new_rows.size(); ++i) identity = new_rows[i] == static_cast<int64_t>(i);
  if (identity) return;
  std::vector<int64_t> sentences(new_rows.size()), composed(new_rows.size());
  for (size_t i = 0; i < new_rows.size(); ++i) {
    VENTRIS_CHECK(new_rows[i] >= 0 && new_rows[i] < rows(), "reorder: row {} out of range [0, {})", new_rows[i], rows());
    const auto from = static_cast<size_t>(new_rows[i]);
    sentences[i] = sentence_of_row[from];
    composed[i] = reorder_pending_ ? pending_rows_[from] : new_rows[i];
  }
  // Row slots gather lazily, in the copy that advances them. Fixed entries
  // stay as they are: rows only change which entry they read.
  pending_rows_ = std::move(composed);
  reorder_pending_ = true;
  const Device device = row_sentence.defined() ? row_sentence.device() : Device::cpu();
  sentence_of_row = std::move(sentences);
  row_sentence = index_tensor(sentence_of_row, device);
}

void DecoderState::begin_step() {
  VENTRIS_CHECK(!in_step_, "decoder state: begin_step twice");
  in_step_ = true;
  step_rows_ = Tensor();
  if (!reorder_pending_) return;
  // Uploaded only when some row slot holds rows to gather (before the first
  // step the growing caches are empty, and a state without windows has none).
  bool any = false;
  for (const auto& layer : layers)
    for (const Slot& s : layer) any = any || (s.kind != SlotKind::kFixed && s.value.defined());
  if (any) step_rows_ = index_tensor(pending_rows_, row_sentence.device());
  pending_rows_.clear();
  reorder_pending_ = false;
}

Slot& DecoderState::row_slot(size_t layer, size_t index, SlotKind kind) {
  VENTRIS_CHECK(in_step_, "decoder state: slots advance only inside a step (begin_step first)");
  Slot& s = slot(layer, index);
  VENTRIS_CHECK(s.kind == kind, "decoder state: slot '{}' of layer {} is a {} slot, used as {}", s.name, layer,
                kind_name(s.kind), kind_name(kind));
  VENTRIS_CHECK(s.advanced == steps, "decoder state: slot '{}' of layer {} advanced twice in step {}", s.name, layer,
                steps + 1);
  ++s.advanced;
  return s;
}

const Tensor& DecoderState::append(size_t layer, size_t index, const Tensor& x) {
  Slot& s = row_slot(layer, index, SlotKind::kGrowing);
  s.value = ops::cache_append(s.value, steps, x, s.value.defined() ? step_rows_ : Tensor());
  return s.value;
}

Tensor DecoderState::push(size_t layer, size_t index, const Tensor& x) {
  Slot& s = row_slot(layer, index, SlotKind::kWindow);
  const int64_t n = x.size(0), width = x.size(-1), w = s.window;
  VENTRIS_CHECK(s.value.size(2) == width, "decoder state: window slot '{}' holds width {}, pushed {}", s.name,
                s.value.size(2), x.shape().str());
  Tensor window = s.value;
  if (step_rows_.defined())
    window = ops::embedding(window.reshape({window.size(0), w * width}), step_rows_).reshape({n, w, width});
  Tensor full = ops::concat({window, x.reshape({n, 1, width})}, 1);  // [N, W + 1, D]
  s.value = ops::split(full, {1, w}, 1)[1];
  return full;
}

void DecoderState::end_step() {
  VENTRIS_CHECK(in_step_, "decoder state: end_step without begin_step");
  for (size_t l = 0; l < layers.size(); ++l)
    for (const Slot& s : layers[l])
      VENTRIS_CHECK(s.kind == SlotKind::kFixed || s.advanced == steps + 1,
                    "decoder state: slot '{}' of layer {} was not advanced in step {}", s.name, l, steps + 1);
  in_step_ = false;
  step_rows_ = Tensor();
  ++steps;
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
  const DecoderState& first = parts.front();
  int64_t s_max = 0;
  for (const DecoderState& p : parts) {
    VENTRIS_CHECK(p.steps == 0 && p.layers.size() == first.layers.size() && !p.reorder_pending(),
                  "concat_states: states must be fresh, in source order, and of one model");
    for (size_t l = 0; l < p.layers.size(); ++l) {
      VENTRIS_CHECK(p.layers[l].size() == first.layers[l].size(), "concat_states: layer {} slot layouts differ", l);
      for (const Slot& s : p.layers[l])
        if (s.kind == SlotKind::kFixed) s_max = std::max(s_max, s.value.size(1));
    }
  }
  DecoderState out;
  out.layers.resize(first.layers.size());
  for (size_t l = 0; l < first.layers.size(); ++l)
    for (size_t k = 0; k < first.layers[l].size(); ++k) {
      Slot joined = first.layers[l][k];
      std::vector<Tensor> values;
      for (const DecoderState& p : parts) {
        const Slot& s = p.layers[l][k];
        VENTRIS_CHECK(s.kind == joined.kind && s.name == joined.name, "concat_states: slot {} of layer {} differs",
                      k, l);
        if (s.value.defined()) values.push_back(s.kind == SlotKind::kFixed ? pad_positions(s.value, s_max) : s.value);
      }
      // Fresh row slots hold one row per sentence (windows) or nothing yet (growing caches).
      if (!values.empty()) joined.value = ops::concat(values, 0);
      out.layers[l].push_back(std::move(joined));
    }
  for (const DecoderState& p : parts) {
    const auto first_sentence = static_cast<int64_t>(out.source_lengths.size());
    for (int64_t s : p.sentence_of_row) out.sentence_of_row.push_back(first_sentence + s);
    out.source_lengths.insert(out.source_lengths.end(), p.source_lengths.begin(), p.source_lengths.end());
  }
  out.upload_indices(first.row_sentence.device());
  return out;
}

}  // namespace ventris::models
