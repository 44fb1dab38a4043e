// Counting short n-grams of small integer symbols fast: an n-gram of up to
// 64/bits symbols, each a rank in [1, 2^bits), packs into one 64-bit key
// (ranks are never 0, so n-grams of different orders never share a key).
// Unlike NgramIndex, the keys of all orders at a position are independent,
// so the CPU can overlap the lookups; chrF's character n-grams use it.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/ngram_index.h"

namespace ventris::metrics {

class PackedNgramCounter {
 public:
  PackedNgramCounter();
  void clear();  // O(1): generation stamps

  void add(uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      const bool empty = s.generation != generation_;
      if (empty || s.key == key) {
        // One predictable branch; new vs existing is settled without branching.
        s.key = key;
        s.count = empty ? 1 : s.count + 1;
        s.generation = generation_;
        size_ += empty;
        return;
      }
    }
  }

  enum class Take { kTaken, kExhausted, kAbsent };
  // Takes one occurrence of `key` if any is left.
  Take take(uint64_t key) {
    for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.generation != generation_) return Take::kAbsent;
      if (s.key == key) {
        if (s.count == 0) return Take::kExhausted;
        --s.count;
        return Take::kTaken;
      }
    }
  }

 private:
  struct Slot {
    uint64_t key;
    uint32_t generation;
    int32_t count;
  };
  size_t slot_of(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ULL) >> shift_; }
  void grow();

  std::vector<Slot> slots_;
  uint32_t generation_ = 1;
  uint32_t size_ = 0;
  int shift_;
  size_t mask_;
};

// Dense ranks 1, 2, ... for code points, per segment.
class CharRanks {
 public:
  CharRanks();
  void clear();
  uint32_t rank(char32_t c);  // assigns the next rank to a new code point
  uint32_t size() const { return next_ - 1; }

 private:
  static constexpr char32_t kDirect = 0x800;  // Latin, Greek, Cyrillic, ... by table
  struct Entry {
    uint32_t generation;
    uint32_t rank;
  };
  std::vector<Entry> direct_;
  NgramIndex others_;                 // other code points -> local id
  std::vector<uint32_t> others_rank_;  // local id -> rank
  uint32_t generation_ = 1;
  uint32_t next_ = 1;
};

}  // namespace ventris::metrics
