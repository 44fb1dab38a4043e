// Exact n-gram identities without building n-gram strings.
//
// An n-gram is identified by (id of its first n-1 items, last item), so one
// hash table of (prefix id, symbol) pairs numbers the n-grams of every order
// at once: ids are dense from 1, and 0 stands for the empty prefix. Symbols
// are code points (chrF characters) or word ids from WordInterner. Both
// tables are cleared per segment in O(1) (a generation stamp per slot) and
// keep their memory, so scoring a corpus allocates almost nothing.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ventris::metrics {

class NgramIndex {
 public:
  NgramIndex();
  void clear();
  // The id of (prefix, symbol), adding it when new.
  uint32_t insert(uint32_t prefix, uint32_t symbol);
  // The id of (prefix, symbol), or 0 when absent.
  uint32_t find(uint32_t prefix, uint32_t symbol) const;
  uint32_t size() const { return count_; }  // ids in use: 1..size()

 private:
  struct Slot {
    uint64_t key;
    uint32_t id;
    uint32_t generation;
  };
  static uint64_t key_of(uint32_t prefix, uint32_t symbol) { return (uint64_t(prefix) << 32) | symbol; }
  size_t slot_of(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ULL) >> shift_; }
  void grow();

  std::vector<Slot> slots_;
  uint32_t generation_ = 1;
  uint32_t count_ = 0;
  int shift_ = 0;
  size_t mask_ = 0;
};

// Word (byte string) -> dense id from 1. Views must outlive the current
// segment (until clear()).
class WordInterner {
 public:
  WordInterner();
  void clear();
  uint32_t insert(std::string_view word);
  uint32_t find(std::string_view word) const;  // 0 when absent

 private:
  struct Slot {
    std::string_view word;
    uint64_t hash;
    uint32_t id;
    uint32_t generation;
  };
  void grow();

  std::vector<Slot> slots_;
  uint32_t generation_ = 1;
  uint32_t count_ = 0;
  size_t mask_ = 0;
};

// A fast hash for short byte strings (words): whole 8-byte loads, the last
// one overlapping, multiply-xorshift mixing.
inline uint64_t hash_bytes(std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  auto load8 = [](const char* q) {
    uint64_t w;
    std::memcpy(&w, q, 8);
    return w;
  };
  auto mix = [](uint64_t h, uint64_t w) {
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
  };
  uint64_t h = 0x243F6A8885A308D3ULL ^ n;
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 < n; i += 8) h = mix(h, load8(p + i));
    h = mix(h, load8(p + n - 8));
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    h = mix(h, (uint64_t(a) << 32) | b);
  } else if (n > 0) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    h = mix(h, (uint64_t(u[0]) << 16) | (uint64_t(u[n / 2]) << 8) | u[n - 1]);
  }
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 31);
}

}  // namespace ventris::metrics
