// Growing the self-attention caches of incremental decoding: one step's K or
// V joins the cache, and the beam search's choice of surviving rows is applied
// in the same copy (reorder + append would copy the cache twice).
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

// cache [R, T, D] (undefined when T = 0), step [N, 1, D] or [N, D],
// source_rows [N] I32 on the cache's device or undefined (row i of the cache,
// R = N) -> [N, T + 1, D]: row i is cache row source_rows[i] with step row i
// appended. Not differentiable (decoding only).
Tensor cache_append(const Tensor& cache, const Tensor& step, const Tensor& source_rows = {});

}  // namespace ventris::ops
