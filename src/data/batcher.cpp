#include "data/batcher.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"

namespace ventris::data {

uint64_t SplitMix64::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t SplitMix64::below(uint64_t n) {
  // Rejection sampling removes the modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r;
  do r = next();
  while (r >= limit);
  return r % n;
}

namespace {
template <class T>
void shuffle(std::vector<T>& v, SplitMix64& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}
}  // namespace

Batcher::Batcher(std::vector<int32_t> lengths, BatchOptions options)
    : lengths_(std::move(lengths)), options_(options) {
  VENTRIS_CHECK(options_.max_tokens > 0 && options_.pool_size > 0, "batching needs max_tokens and pool_size > 0");
  for (size_t i = 0; i < lengths_.size(); ++i)
    VENTRIS_CHECK(lengths_[i] <= options_.max_tokens,
                  "example {} has {} tokens, more than max_tokens = {} (raise max_tokens or filter long sentences)", i,
                  lengths_[i], options_.max_tokens);
  current_ = plan(position_.epoch);
}

std::vector<std::vector<int64_t>> Batcher::plan(int64_t epoch) const {
  SplitMix64 rng(options_.seed * 0x100000001b3ull + static_cast<uint64_t>(epoch));
  std::vector<int64_t> order(lengths_.size());
  std::iota(order.begin(), order.end(), 0);
  if (options_.shuffle) shuffle(order, rng);
  std::vector<std::vector<int64_t>> batches;
  for (size_t begin = 0; begin < order.size(); begin += options_.pool_size) {
    const size_t end = std::min(order.size(), begin + static_cast<size_t>(options_.pool_size));
    // Longest first within the pool; ties keep the shuffled order (stable).
    std::stable_sort(order.begin() + begin, order.begin() + end,
                     [&](int64_t a, int64_t b) { return lengths_[a] > lengths_[b]; });
    std::vector<int64_t> batch;
    int64_t longest = 0;
    for (size_t k = begin; k < end; ++k) {
      const int64_t i = order[k];
      const int64_t new_longest = std::max<int64_t>(longest, lengths_[i]);
      const bool too_many = options_.max_sentences > 0 && static_cast<int64_t>(batch.size()) >= options_.max_sentences;
      if (!batch.empty() && (new_longest * static_cast<int64_t>(batch.size() + 1) > options_.max_tokens || too_many)) {
        batches.push_back(std::move(batch));
        batch.clear();
        longest = 0;
      }
      batch.push_back(i);
      longest = std::max<int64_t>(longest, lengths_[i]);
    }
    if (!batch.empty()) batches.push_back(std::move(batch));
  }
  if (options_.shuffle) shuffle(batches, rng);
  return batches;
}

int64_t Batcher::batches_in_epoch() const { return static_cast<int64_t>(current_.size()); }

std::vector<int64_t> Batcher::next() {
  VENTRIS_CHECK(!lengths_.empty(), "batching an empty dataset");
  if (position_.next_batch >= static_cast<int64_t>(current_.size())) {
    ++position_.epoch;
    position_.next_batch = 0;
    current_ = plan(position_.epoch);
  }
  return current_[position_.next_batch++];
}

void Batcher::restore(const BatchPosition& position) {
  VENTRIS_CHECK(position.epoch >= 1 && position.next_batch >= 0, "invalid batch position (epoch {}, batch {})",
                position.epoch, position.next_batch);
  auto batches = plan(position.epoch);
  VENTRIS_CHECK(position.next_batch <= static_cast<int64_t>(batches.size()),
                "batch position {} is past the {} batches of epoch {} (different data or batch settings?)",
                position.next_batch, batches.size(), position.epoch);
  position_ = position;
  current_ = std::move(batches);
}

}  // namespace ventris::data
