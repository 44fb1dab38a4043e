// Growing the self-attention caches of incremental decoding: one step's K or
// V joins the cache, and the beam search's choice of surviving rows is applied
// in the same copy (reorder + append would copy the cache twice).
//
// A cache has room for more positions than it holds (its capacity grows in
// chunks of kCacheGrowth), so from one step to the next its size stays the
// same: the caching allocator hands the block freed a step ago straight back,
// where a cache growing by one position each step needs a new block of a new
// size every few steps (base beam 5 held ~300 MiB more for it), and a step
// with no reorder writes only the new position.
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ventris::ops {

inline constexpr int64_t kCacheGrowth = 8;

// cache [R, C, D] holding `positions` positions per row (undefined when
// positions = 0), step [N, 1, D] or [N, D], source_rows [N] I32 on the cache's
// device or undefined (row i of the cache, R = N) -> [N, C', D] holding
// positions + 1: row i is cache row source_rows[i] with step row i appended.
// C' = C while it fits, else positions + 1 rounded up to kCacheGrowth.
// Without source_rows, with room left, and when no other tensor shares the
// cache's storage, the step is written in place and the cache is returned.
// Not differentiable (decoding only).
Tensor cache_append(const Tensor& cache, int64_t positions, const Tensor& step, const Tensor& source_rows = {});

}  // namespace ventris::ops
