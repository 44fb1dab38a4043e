// Token-based batching (train, validation, batch translation).
//
// A batch's cost counts padding: size × longest sentence (the longer side).
// Each epoch: the examples are shuffled with (seed, epoch), cut into pools of
// `pool_size`, each pool sorted by length so similar lengths share a batch,
// batches filled greedily up to max_tokens, and the batch order shuffled with
// (seed, epoch). Every example is in exactly one batch per epoch, and the
// plan is a pure function of (lengths, options, epoch), so a saved position
// (epoch, next batch) restores the exact continuation.
#pragma once

#include <cstdint>
#include <vector>

namespace ventris::data {

struct BatchOptions {
  int64_t max_tokens = 4096;     // size × longest sentence, per batch
  int64_t max_sentences = 0;     // 0 = no limit
  int64_t pool_size = 100000;    // examples sorted together
  bool shuffle = true;           // false: file order pools, batches in order (evaluation)
  uint64_t seed = 1;
};

struct BatchPosition {
  int64_t epoch = 1;
  int64_t next_batch = 0;
  bool operator==(const BatchPosition&) const = default;
};

class Batcher {
 public:
  // lengths[i] = max(source, target) tokens of example i, including EOS.
  // Throws Error naming the example when one alone exceeds max_tokens.
  Batcher(std::vector<int32_t> lengths, BatchOptions options);

  // The next batch (example indices), advancing into the next epoch when one ends.
  std::vector<int64_t> next();
  const BatchPosition& position() const { return position_; }
  void restore(const BatchPosition& position);  // throws if the position is outside the epoch
  // All batches of one epoch, in order.
  std::vector<std::vector<int64_t>> plan(int64_t epoch) const;
  int64_t batches_in_epoch() const;

 private:
  std::vector<int32_t> lengths_;
  BatchOptions options_;
  BatchPosition position_;
  std::vector<std::vector<int64_t>> current_;  // plan of position_.epoch
};

// splitmix64: a small, portable generator (std:: distributions differ between
// standard libraries; this gives the same order everywhere).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();
  uint64_t below(uint64_t n);  // uniform in [0, n)

 private:
  uint64_t state_;
};

}  // namespace ventris::data
