#include "metrics/packed_ngram_counter.h"

#include <algorithm>

namespace ventris::metrics {

namespace {
constexpr int kInitialBits = 11;
}

PackedNgramCounter::PackedNgramCounter()
    : slots_(size_t(1) << kInitialBits, Slot{0, 0, 0}), shift_(64 - kInitialBits), mask_((size_t(1) << kInitialBits) - 1) {}

void PackedNgramCounter::clear() {
  size_ = 0;
  if (++generation_ == 0) {
    for (Slot& s : slots_) s.generation = 0;
    generation_ = 1;
  }
}

void PackedNgramCounter::grow() {
  std::vector<Slot> old(slots_.size() * 2, Slot{0, 0, 0});
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  --shift_;
  for (const Slot& s : old) {
    if (s.generation != generation_) continue;
    size_t i = slot_of(s.key);
    while (slots_[i].generation == generation_) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

CharRanks::CharRanks() : direct_(kDirect, Entry{0, 0}) {}

void CharRanks::clear() {
  next_ = 1;
  std::fill(others_rank_.begin(), others_rank_.begin() + std::min<size_t>(others_rank_.size(), others_.size() + 1), 0);
  others_.clear();
  if (++generation_ == 0) {
    for (Entry& e : direct_) e.generation = 0;
    generation_ = 1;
  }
}

uint32_t CharRanks::rank(char32_t c) {
  if (c < kDirect) {
    Entry& e = direct_[c];
    if (e.generation != generation_) e = Entry{generation_, next_++};
    return e.rank;
  }
  const uint32_t id = others_.insert(0, static_cast<uint32_t>(c));
  if (id >= others_rank_.size()) others_rank_.resize(2 * id + 16, 0);
  if (others_rank_[id] == 0) others_rank_[id] = next_++;  // new this segment
  return others_rank_[id];
}

}  // namespace ventris::metrics
