// Incremental decoding state of an encoder-decoder (architectures.md §1.6,
// §2.1, §3.5, §4.4; design.md §4a), owned by the search. Every model family
// keeps its per-layer state here as named, typed slots, declared by the layer
// when decoding starts, so a family never edits this class:
//
//   growing  [N, C, D]  a row per open hypothesis, one position more per step
//                       (self-attention K or V); C >= positions held, the
//                       capacity grows in chunks (ops::cache_append)
//   window   [N, W, D]  a row per open hypothesis, the W inputs before the
//                       current step, oldest first, zeros before the first
//                       token (a causal convolution of width W + 1)
//   fixed    [B, S, D]  an entry per source sentence, set once from the
//                       encoder output (cross-attention K/V); every row reads
//                       its sentence's entry (row_sentence), so a beam shares
//                       it and a reorder never copies it
//
// N = open hypotheses (sentences × beam). One `reorder` serves every slot: it
// only composes the row order; each row slot applies it in the copy that
// advances it during the next step (a gather + append would copy twice).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ventris::models {

enum class SlotKind { kGrowing, kWindow, kFixed };

struct Slot {
  std::string name;  // e.g. "self_attn.k", for error messages
  SlotKind kind = SlotKind::kGrowing;
  int64_t window = 0;  // kWindow: W
  // growing: undefined until the first step; window: [rows, W, D] zeros at the start.
  Tensor value;
  int64_t advanced = 0;  // row slots: steps applied (checked against DecoderState::steps)
};

// What a layer declares at the start of decoding.
Slot growing_slot(std::string name);
Slot window_slot(std::string name, int64_t window, int64_t rows, int64_t width, Device device);
Slot fixed_slot(std::string name, Tensor value);

class DecoderState {
 public:
  std::vector<std::vector<Slot>> layers;  // [decoder layer][slot], in the layer's declaration order
  int64_t steps = 0;                      // target tokens fed so far (t)
  // Per row: its source sentence (the fixed entry it reads).
  std::vector<int64_t> sentence_of_row;
  // Per source sentence: its unpadded length (cross-attention keys read).
  std::vector<int32_t> source_lengths;
  // The two vectors above as I32 tensors on the model's device.
  Tensor row_sentence, source_lengths_tensor;

  int64_t rows() const { return static_cast<int64_t>(sentence_of_row.size()); }
  Slot& slot(size_t layer, size_t index);
  bool reorder_pending() const { return reorder_pending_; }

  // Row i of the new state is row rows[i] of the old one (duplicates expand a
  // sentence to its beam, omissions retire rows). The identity is free. Row
  // slots keep their old rows until the next step advances them.
  void reorder(const std::vector<int64_t>& rows);

  // A step: begin_step, then every row slot advanced exactly once (append or
  // push), then end_step (which checks that and counts the step).
  void begin_step();
  // Growing slot: x [N, 1, D] joins the cache -> the cache, holding steps + 1 positions.
  const Tensor& append(size_t layer, size_t index, const Tensor& x);
  // Window slot: x [N, 1, D] -> [N, W + 1, D], the window followed by x; the
  // slot keeps the last W of them.
  Tensor push(size_t layer, size_t index, const Tensor& x);
  void end_step();

  // Rebuilds row_sentence / source_lengths_tensor from the vectors on `device`.
  void upload_indices(Device device);

 private:
  Slot& row_slot(size_t layer, size_t index, SlotKind kind);
  // Reorders not yet applied to the row slots, composed; taken by begin_step.
  std::vector<int64_t> pending_rows_;
  bool reorder_pending_ = false;
  Tensor step_rows_;  // this step's source row per row, I32 on the device (undefined: identity)
  bool in_step_ = false;
};

// One state for several groups of sentences started separately (each group
// of one source length, so its encoder ran unpadded): sentences and rows in
// group order, the fixed entries right-padded with zeros to the longest
// source (never read: attention stops at each source's length), so every row
// decodes exactly as it would alone. Parts must come from the same model and
// not have stepped.
DecoderState concat_states(std::vector<DecoderState> parts);

}  // namespace ventris::models
