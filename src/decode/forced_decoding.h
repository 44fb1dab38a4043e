// Forced decoding (as marian-scorer): the log-probability the model assigns
// to given target sentences, one teacher-forced decoder pass per batch.
#pragma once

#include <cstdint>
#include <vector>

#include "decode/search_options.h"
#include "models/encoder_decoder.h"

namespace ventris::decode {

struct PairScore {
  double score = 0;        // Σ log p(y_t | y_<t, x) over the target tokens and the final EOS
  int64_t length = 0;      // target tokens + EOS
  double normalized = 0;   // score / length_normalizer(length) (lenpen, normalization of `options`)
};

// sources / targets: ids without EOS (an EOS is appended to both, as the
// translator does). Batches hold pairs of one source and one target length,
// so scores do not depend on batch composition. Sources longer than the
// model's max_positions are truncated; targets that long are an error.
std::vector<PairScore> score_pairs(const models::EncoderDecoder& model, const std::vector<std::vector<int32_t>>& sources,
                                   const std::vector<std::vector<int32_t>>& targets, const SearchOptions& options,
                                   int batch_size = 64);

}  // namespace ventris::decode
