#include "decode/length_batches.h"

#include <algorithm>
#include <numeric>

namespace ventris::decode {

std::vector<std::vector<size_t>> length_batches(const std::vector<size_t>& lengths, int64_t batch_size,
                                                int64_t max_tokens, bool one_length_per_batch) {
  std::vector<size_t> order(lengths.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return lengths[a] < lengths[b]; });
  std::vector<std::vector<size_t>> batches;
  for (size_t i : order) {
    if (!batches.empty()) {
      std::vector<size_t>& current = batches.back();
      const auto count = static_cast<int64_t>(current.size()) + 1;
      const bool same_length = !one_length_per_batch || lengths[current.front()] == lengths[i];
      const bool fits = (batch_size <= 0 || count <= batch_size) &&
                        (max_tokens <= 0 || count * static_cast<int64_t>(lengths[i]) <= max_tokens);
      if (same_length && fits) {
        current.push_back(i);
        continue;
      }
    }
    batches.push_back({i});
  }
  return batches;
}

}  // namespace ventris::decode
