#include "decode/transformer_step_model.h"

#include <algorithm>

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

SpecialTokens TransformerStepModel::specials() const {
  SpecialTokens s;
  s.pad = model_.vocab().pad_id;
  return s;
}

void TransformerStepModel::start(const std::vector<std::vector<int32_t>>& sources) {
  state_ = model_.start_decoding(pad_batch(sources, model_.vocab().pad_id).to(model_.device()));
}

Tensor TransformerStepModel::step(const std::vector<int32_t>& last_tokens) {
  const Tensor tokens = Tensor::from_vector(last_tokens, {static_cast<int64_t>(last_tokens.size())});
  Tensor logp = model_.decode_step(tokens.to(model_.device()), state_).to(Device::cpu());
  // Each step grows the caches by a position and the batch shrinks as
  // sentences finish, so freed blocks rarely match a later request (the
  // caching allocator reuses exact size classes only). Once the cache holds
  // more than is in use, give it back, keeping peak memory near the live set.
  CachingAllocator& memory = allocator_for(model_.device());
  const AllocatorStats stats = memory.stats();
  if (stats.cached_bytes > stats.current_bytes) memory.release_cached();
  return logp;
}

}  // namespace ventris::decode
