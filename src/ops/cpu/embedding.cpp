// Embedding lookup and its gradient: the reference for cuda/ops/embedding.cu.
// ids are I32 or I64 (ids32 says which; the dispatcher range-checks them for
// the lookup); weight and grad_weight are [vocab, dim], grad/out [n, dim].
#include <cstring>

#include "ops/cpu/kernels.h"

namespace ventris::cpu {

namespace {
inline int64_t id_at(const void* ids, bool ids32, int64_t i) {
  return ids32 ? static_cast<const int32_t*>(ids)[i] : static_cast<const int64_t*>(ids)[i];
}
}  // namespace

// A gather: one row memcpy per id, rows in parallel.
void embedding(const float* weight, int64_t vocab, int64_t dim, const void* ids, bool ids32, int64_t n,
               float* out) {
#pragma omp parallel for schedule(static) if (n * dim >= (1 << 14))
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(out + i * dim, weight + id_at(ids, ids32, i) * dim, dim * sizeof(float));
}

void embedding_backward(const float* grad, const void* ids, bool ids32, int64_t n, int64_t vocab, int64_t dim,
                        int64_t padding_idx, float* grad_weight) {
  std::memset(grad_weight, 0, vocab * dim * sizeof(float));
  // A scatter-add where ids repeat (a frequent token appears many times).
  // Threads own 64-column ranges and each walks all ids in order, so no two
  // threads write one element and every sum runs in id order: deterministic,
  // with no atomics. The padding id gets no gradient.
  const int64_t chunk = 64;
  const int64_t chunks = (dim + chunk - 1) / chunk;
#pragma omp parallel for schedule(static) if (n * dim >= (1 << 14))
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t begin = c * chunk, end = begin + chunk < dim ? begin + chunk : dim;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t id = id_at(ids, ids32, i);
      if (id == padding_idx) continue;
      float* row = grad_weight + id * dim;
      const float* g = grad + i * dim;
      for (int64_t j = begin; j < end; ++j) row[j] += g[j];
    }
  }
}

}  // namespace ventris::cpu
