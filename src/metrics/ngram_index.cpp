#include "metrics/ngram_index.h"

#include <cstring>

namespace ventris::metrics {

namespace {
constexpr size_t kInitialSlots = 1024;
constexpr int kInitialBits = 10;
}  // namespace

NgramIndex::NgramIndex() : slots_(kInitialSlots, Slot{0, 0, 0}), shift_(64 - kInitialBits), mask_(kInitialSlots - 1) {}

void NgramIndex::clear() {
  count_ = 0;
  if (++generation_ == 0) {  // wrapped: stamps could collide, reset them
    for (Slot& s : slots_) s.generation = 0;
    generation_ = 1;
  }
}

uint32_t NgramIndex::insert(uint32_t prefix, uint32_t symbol) {
  if ((count_ + 1) * 2 > slots_.size()) grow();
  const uint64_t key = key_of(prefix, symbol);
  for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    if (s.generation != generation_) {
      s = Slot{key, ++count_, generation_};
      return s.id;
    }
    if (s.key == key) return s.id;
  }
}

uint32_t NgramIndex::find(uint32_t prefix, uint32_t symbol) const {
  const uint64_t key = key_of(prefix, symbol);
  for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.generation != generation_) return 0;
    if (s.key == key) return s.id;
  }
}

void NgramIndex::grow() {
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

WordInterner::WordInterner() : slots_(kInitialSlots, Slot{{}, 0, 0, 0}), mask_(kInitialSlots - 1) {}

void WordInterner::clear() {
  count_ = 0;
  if (++generation_ == 0) {
    for (Slot& s : slots_) s.generation = 0;
    generation_ = 1;
  }
}

uint32_t WordInterner::insert(std::string_view word) {
  if ((count_ + 1) * 2 > slots_.size()) grow();
  const uint64_t h = hash_bytes(word);
  for (size_t i = h & mask_;; i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    if (s.generation != generation_) {
      s = Slot{word, h, ++count_, generation_};
      return s.id;
    }
    if (s.hash == h && s.word == word) return s.id;
  }
}

uint32_t WordInterner::find(std::string_view word) const {
  const uint64_t h = hash_bytes(word);
  for (size_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.generation != generation_) return 0;
    if (s.hash == h && s.word == word) return s.id;
  }
}

void WordInterner::grow() {
  std::vector<Slot> old(slots_.size() * 2, Slot{{}, 0, 0, 0});
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.generation != generation_) continue;
    size_t i = s.hash & mask_;
    while (slots_[i].generation == generation_) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

}  // namespace ventris::metrics
