#include "ops/decoder_cache.h"

#include "ops/checks.h"

namespace ventris::ops {

Tensor cache_append(const Tensor& cache, int64_t positions, const Tensor& step, const Tensor& source_rows) {
  detail::require_f32(step, "cache_append", "step");
  const int64_t rows = step.size(0), width = step.size(-1);
  VENTRIS_CHECK((step.rank() == 2 || (step.rank() == 3 && step.size(1) == 1)),
                "cache_append: step must be [N, D] or [N, 1, D], got {}", step.shape().str());
  VENTRIS_CHECK(positions >= 0, "cache_append: {} positions", positions);
  int64_t capacity = 0, cache_rows = rows;
  if (cache.defined()) {
    detail::require_f32(cache, "cache_append", "cache");
    detail::require_same_device(step, cache, "cache_append");
    VENTRIS_CHECK(cache.rank() == 3 && cache.size(2) == width, "cache_append: cache {} does not fit step {}",
                  cache.shape().str(), step.shape().str());
    capacity = cache.size(1);
    cache_rows = cache.size(0);
  }
  VENTRIS_CHECK(positions <= capacity, "cache_append: {} positions in a cache with room for {}", positions, capacity);
  const int32_t* from = nullptr;
  if (source_rows.defined()) {
    detail::require_same_device(step, source_rows, "cache_append");
    VENTRIS_CHECK(source_rows.dtype() == DType::I32 && source_rows.rank() == 1 && source_rows.size(0) == rows,
                  "cache_append: source_rows must be [{}] I32, got {}", rows, source_rows.shape().str());
    if (source_rows.device().is_cpu())
      for (int64_t i = 0; i < rows; ++i) {
        const int32_t r = source_rows.data<int32_t>()[i];
        VENTRIS_CHECK(r >= 0 && r < cache_rows, "cache_append: source row {} out of range [0, {})", r, cache_rows);
      }
    from = source_rows.data<int32_t>();
  } else {
    VENTRIS_CHECK(cache_rows == rows, "cache_append: {} step rows for a cache of {} rows needs source_rows", rows,
                  cache_rows);
  }
  const bool fits = positions < capacity;
  // Sole owner (the caller's one reference): nobody else can see the write.
  if (fits && !from && cache.storage_use_count() == 1) {
    if (rows > 0)
      detail::kernel(step, &KernelTable::cache_append, "cache_append")(nullptr, nullptr, step.data<float>(),
                                                                        cache.data<float>(), rows, positions,
                                                                        capacity, capacity, width);
    return cache;
  }
  const int64_t out_capacity = fits ? capacity : (positions + kCacheGrowth) / kCacheGrowth * kCacheGrowth;
  Tensor out = Tensor::empty({rows, out_capacity, width}, DType::F32, step.device());
  if (out.numel() == 0) return out;
  detail::kernel(step, &KernelTable::cache_append, "cache_append")(
      positions > 0 ? cache.data<float>() : nullptr, from, step.data<float>(), out.data<float>(), rows, positions,
      capacity, out_capacity, width);
  return out;
}

}  // namespace ventris::ops
