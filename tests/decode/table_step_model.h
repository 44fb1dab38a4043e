// A StepModel whose log-probabilities come from a fixed table: a pure
// function of (source, prefix) derived from a hash, so searches over it can be
// compared with exhaustive enumeration. Records the rows of every step.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "decode/step_model.h"

namespace ventris::decode::test {

class TableStepModel : public StepModel {
 public:
  // vocab: bos 0, pad 1, eos 2, unk 3, then ordinary tokens.
  explicit TableStepModel(int64_t vocab = 6, uint64_t salt = 1) : vocab_(vocab), salt_(salt) {}

  // Overrides the distribution after one prefix of one source (ids incl. EOS):
  // the given log-probabilities per token, everything else -30.
  void set(const std::vector<int32_t>& source, const std::vector<int32_t>& prefix,
           const std::map<int32_t, float>& logp) {
    fixed_[{source, prefix}] = logp;
  }

  // log p(token | source, prefix), before any search constraint.
  std::vector<float> distribution(const std::vector<int32_t>& source, const std::vector<int32_t>& prefix) const {
    std::vector<float> out(static_cast<size_t>(vocab_));
    auto it = fixed_.find({source, prefix});
    if (it != fixed_.end()) {
      for (auto& v : out) v = -30.f;
      for (const auto& [token, lp] : it->second) out[static_cast<size_t>(token)] = lp;
      return out;
    }
    uint64_t h = 1469598103934665603ull ^ salt_;
    auto mix = [&h](uint64_t x) {
      h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
      h *= 1099511628211ull;
    };
    for (int32_t t : source) mix(static_cast<uint64_t>(t) + 17);
    mix(999);
    for (int32_t t : prefix) mix(static_cast<uint64_t>(t) + 31);
    std::vector<double> logits(static_cast<size_t>(vocab_));
    double max = -1e300;
    for (int64_t v = 0; v < vocab_; ++v) {
      uint64_t x = h + static_cast<uint64_t>(v) * 0xbf58476d1ce4e5b9ull;
      x ^= x >> 31;
      x *= 0x94d049bb133111ebull;
      x ^= x >> 29;
      logits[static_cast<size_t>(v)] = 4.0 * (static_cast<double>(x % 1000003) / 1000003.0) - 2.0;
      max = std::max(max, logits[static_cast<size_t>(v)]);
    }
    double sum = 0;
    for (double l : logits) sum += std::exp(l - max);
    for (int64_t v = 0; v < vocab_; ++v)
      out[static_cast<size_t>(v)] = static_cast<float>(logits[static_cast<size_t>(v)] - max - std::log(sum));
    return out;
  }

  int64_t vocab_size() const override { return vocab_; }
  int64_t max_output_tokens() const override { return 1000; }
  void start(const std::vector<std::vector<int32_t>>& sources) override {
    rows_.clear();
    for (const auto& s : sources) rows_.push_back({s, {}, false});
    rows_per_step.clear();
  }
  Tensor step(const std::vector<int32_t>& last_tokens) override {
    rows_per_step.push_back(static_cast<int64_t>(rows_.size()));
    Tensor out = Tensor::empty({static_cast<int64_t>(rows_.size()), vocab_});
    for (size_t r = 0; r < rows_.size(); ++r) {
      if (rows_[r].fed_first) rows_[r].prefix.push_back(last_tokens[r]);
      rows_[r].fed_first = true;
      const std::vector<float> d = distribution(rows_[r].source, rows_[r].prefix);
      std::copy(d.begin(), d.end(), out.data<float>() + r * static_cast<size_t>(vocab_));
    }
    return out;
  }
  void reorder(const std::vector<int64_t>& rows) override {
    std::vector<Row> next;
    for (int64_t r : rows) next.push_back(rows_.at(static_cast<size_t>(r)));
    rows_ = std::move(next);
  }

  std::vector<int64_t> rows_per_step;  // state rows at each step

 private:
  struct Row {
    std::vector<int32_t> source, prefix;
    bool fed_first;
  };
  int64_t vocab_;
  uint64_t salt_;
  std::vector<Row> rows_;
  std::map<std::pair<std::vector<int32_t>, std::vector<int32_t>>, std::map<int32_t, float>> fixed_;
};

}  // namespace ventris::decode::test
