// Translating id sequences with an in-memory model: length batching, search,
// input order restored. Training calls this for validation BLEU; `ventris
// translate` calls it for every batch of input lines.
//
// Determinism: a sentence's translation is a function of the model, the
// options and the sentence alone — not of the batch size, the thread count or
// the other sentences (tests/decode/translator_test.cpp checks it bit for bit).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "decode/hypothesis.h"
#include "decode/search_options.h"
#include "models/encoder_decoder.h"

namespace ventris::decode {

struct TranslateOptions {
  SearchOptions search;
  int batch_size = 64;       // sentences per batch (0 = no limit)
  int64_t max_tokens = 0;    // padded source tokens per batch, sentences x longest (0 = no limit)
  int64_t memory_limit = 0;  // bytes a batch's search may need (decode/search_limits.h); 0 = the device's memory
};

class Translator {
 public:
  explicit Translator(const models::EncoderDecoder& model) : model_(model) {}

  // Best hypothesis per source, in input order. Sources are target-side-free
  // id sequences; an EOS is appended unless the sequence already ends with
  // one (dataset rows do), and sources longer than the model's max_positions
  // are truncated (with a warning).
  std::vector<Hypothesis> translate(const std::vector<std::vector<int32_t>>& sources,
                                    const TranslateOptions& options) const;
  // Up to options.search.nbest hypotheses per source, best first.
  // `progress` (optional) is called after each batch with the number of
  // sources translated so far.
  std::vector<std::vector<Hypothesis>> translate_nbest(const std::vector<std::vector<int32_t>>& sources,
                                                       const TranslateOptions& options,
                                                       const std::function<void(size_t)>& progress = {}) const;

  const models::EncoderDecoder& model() const { return model_; }

 private:
  const models::EncoderDecoder& model_;
};

// The source as the encoder reads it: ending with EOS, at most max_positions tokens.
std::vector<int32_t> prepare_source(const std::vector<int32_t>& ids, int64_t max_positions, int32_t eos);

}  // namespace ventris::decode
