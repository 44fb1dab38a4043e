#include "decode/translator.h"

#include <algorithm>

#include "core/allocator.h"
#include "core/logging.h"
#include "decode/length_batches.h"
#include "decode/search.h"
#include "decode/search_limits.h"
#include "decode/model_step_model.h"

namespace ventris::decode {

std::vector<int32_t> prepare_source(const std::vector<int32_t>& ids, int64_t max_positions, int32_t eos) {
  std::vector<int32_t> out = ids;
  if (out.empty() || out.back() != eos) out.push_back(eos);
  if (static_cast<int64_t>(out.size()) > max_positions) {
    log::warn("decode", "source of {} tokens truncated to model.max_positions = {}", out.size(), max_positions);
    out.resize(static_cast<size_t>(max_positions));
    out.back() = eos;
  }
  return out;
}

std::vector<std::vector<Hypothesis>> Translator::translate_nbest(const std::vector<std::vector<int32_t>>& sources,
                                                                 const TranslateOptions& options,
                                                                 const std::function<void(size_t)>& progress) const {
  options.search.validate();
  ModelStepModel step_model(model_);
  const int32_t eos = step_model.specials().eos;
  std::vector<std::vector<int32_t>> prepared;
  std::vector<size_t> lengths;
  prepared.reserve(sources.size());
  for (const auto& s : sources) {
    prepared.push_back(prepare_source(s, model_.config().max_positions, eos));
    lengths.push_back(prepared.back().size());
  }
  std::vector<std::vector<Hypothesis>> results(sources.size());
  const int64_t memory_limit =
      options.memory_limit > 0 ? options.memory_limit : device_memory_bytes(model_.device());
  size_t translated = 0;
  for (const std::vector<size_t>& batch : length_batches(lengths, options.batch_size, options.max_tokens, false)) {
    std::vector<std::vector<int32_t>> batch_sources;
    SearchBatchShape shape{static_cast<int64_t>(batch.size()), 0};
    for (size_t i : batch) {
      batch_sources.push_back(prepared[i]);
      shape.source_tokens = std::max(shape.source_tokens, static_cast<int64_t>(prepared[i].size()));
    }
    require_search_fits(model_.config(), model_.vocab().tgt_size, shape, options.search, memory_limit);
    std::vector<std::vector<Hypothesis>> found = search(step_model, batch_sources, options.search);
    for (size_t k = 0; k < batch.size(); ++k) results[batch[k]] = std::move(found[k]);
    // Decoding meets a new tensor size at almost every step (rows shrink,
    // caches grow), and the caching allocator only reuses a block of the exact
    // size class, so a batch leaves many blocks no later batch asks for:
    // return them, or peak memory grows with the number of batches.
    allocator_for(model_.device()).release_cached();
    translated += batch.size();
    if (progress) progress(translated);
  }
  return results;
}

std::vector<Hypothesis> Translator::translate(const std::vector<std::vector<int32_t>>& sources,
                                              const TranslateOptions& options) const {
  std::vector<std::vector<Hypothesis>> nbest = translate_nbest(sources, options);
  std::vector<Hypothesis> best;
  best.reserve(nbest.size());
  for (auto& n : nbest) best.push_back(std::move(n.front()));
  return best;
}

}  // namespace ventris::decode
