// Groups sentences into batches: sorted by length (ties by input position),
// cut at `batch_size` sentences or `max_tokens` padded source tokens (batch
// size × longest). Translation batches mix source lengths (the step model
// encodes each length unpadded, see docs/translate.md, "Determinism");
// forced decoding keeps one length per batch, so nothing is ever padded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ventris::decode {

// lengths[i]: source tokens of sentence i. batch_size / max_tokens 0 = no
// limit (a sentence longer than max_tokens still gets a batch of its own).
// Returns the sentence indices of each batch, shortest sentences first.
std::vector<std::vector<size_t>> length_batches(const std::vector<size_t>& lengths, int64_t batch_size,
                                                int64_t max_tokens, bool one_length_per_batch = true);

}  // namespace ventris::decode
