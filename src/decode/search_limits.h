// What a search may ask for, checked before it starts: a beam no wider than
// the target vocabulary, and an estimate of the memory one batch of the search
// needs at its peak against the memory of the device it runs on. A search
// that cannot fit is refused with one line naming the estimate and the limit,
// instead of growing until the machine swaps or the process is killed.
#pragma once

#include <cstdint>

#include "core/device.h"
#include "decode/search_options.h"
#include "models/model_config.h"

namespace ventris::decode {

// One batch of a search: its sentences and their longest source (tokens, EOS included).
struct SearchBatchShape {
  int64_t sentences = 0;
  int64_t source_tokens = 0;
};

// Bytes a search of `batch` needs at its peak, about (float32): per step the
// scores of every row over the vocabulary (logits, log-probabilities and the
// ranked candidates), the decoder's self-attention caches up to the longest
// output (twice, as a reorder copies them) and cross-attention caches for
// every row, and the encoder's activations for the batch. An upper-end
// estimate: it counts every row of the beam until the last step.
int64_t search_memory_bytes(const models::ModelConfig& model, int64_t target_vocab, const SearchBatchShape& batch,
                            const SearchOptions& options);

// The memory of `device`: the GPU's total memory, or the physical memory of the host (the CPU, or a
// device that reports none).
int64_t device_memory_bytes(Device device);

// Throws Error unless options.beam <= target_vocab and the batch's estimate
// fits in `limit_bytes`. The messages name the option to lower.
void require_search_fits(const models::ModelConfig& model, int64_t target_vocab, const SearchBatchShape& batch,
                         const SearchOptions& options, int64_t limit_bytes);

}  // namespace ventris::decode
