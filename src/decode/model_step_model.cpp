#include "decode/model_step_model.h"

#include <algorithm>
#include <map>

#include "core/allocator.h"
#include "core/error.h"

namespace ventris::decode {

Tensor pad_batch(const std::vector<std::vector<int32_t>>& sources, int32_t pad_id) {
  size_t longest = 0;
  for (const auto& s : sources) longest = std::max(longest, s.size());
  VENTRIS_CHECK(longest > 0, "cannot decode an empty source (it needs at least its EOS)");
  std::vector<int32_t> ids(sources.size() * longest, pad_id);
  for (size_t i = 0; i < sources.size(); ++i) std::copy(sources[i].begin(), sources[i].end(), ids.begin() + i * longest);
  return Tensor::from_vector(ids, {static_cast<int64_t>(sources.size()), static_cast<int64_t>(longest)});
}

SpecialTokens special_tokens(const models::EncoderDecoder& model) {
  SpecialTokens s;
  s.pad = model.vocab().pad_id;
  return s;
}

void ModelStepModel::start(const std::vector<std::vector<int32_t>>& sources) {
  // The encoder runs once per source length, unpadded: a padded encoder batch
  // would give a sentence other bits than it gets alone. The decoder then
  // runs all of them as one batch (concat_states pads only what attention
  // masks exactly), which is where the batch size pays.
  std::vector<std::vector<size_t>> groups;  // sentence indices, one source length each
  std::map<size_t, size_t> group_of_length;
  for (size_t i = 0; i < sources.size(); ++i) {
    auto [it, added] = group_of_length.try_emplace(sources[i].size(), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  std::vector<models::DecoderState> parts;
  std::vector<int64_t> row_of_sentence(sources.size());
  int64_t row = 0;
  for (const std::vector<size_t>& group : groups) {
    std::vector<std::vector<int32_t>> group_sources;
    for (size_t i : group) {
      group_sources.push_back(sources[i]);
      row_of_sentence[i] = row++;
    }
    parts.push_back(model_.start_decoding(pad_batch(group_sources, model_.vocab().pad_id).to(model_.device())));
  }
  state_ = models::concat_states(std::move(parts));
  state_.reorder(row_of_sentence);  // back to the order of `sources` (free when already in it)
}

Tensor ModelStepModel::step(const std::vector<int32_t>& last_tokens) {
  const Tensor tokens = Tensor::from_vector(last_tokens, {static_cast<int64_t>(last_tokens.size())});
  Tensor logp = model_.decode_step(tokens.to(model_.device()), state_);
  // The batch shrinks as sentences finish and the caches grow a chunk every
  // few steps, so some freed blocks match no later request (the caching
  // allocator reuses a block at most a quarter larger). Blocks a step frees, the next
  // step asks for again (the caches' ping-pong, the same temporaries): keep
  // those, return what sat unused through a whole step. Measured against
  // returning everything once the cache held a quarter of the live bytes:
  // base beam 5 RSS 1359 -> 1050 MiB at the same speed.
  allocator_for(model_.device()).advance_generation(2);
  return logp;
}

}  // namespace ventris::decode
