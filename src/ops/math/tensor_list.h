// Many f32 tensors handed to one kernel launch (multi-tensor Adam, gradient
// norm, clipping). Each tensor is cut into chunks of kTensorListChunk
// elements; a CPU task or a CUDA block takes one chunk at a time, and a chunk
// never spans two tensors, so the work per chunk is a plain loop over
// contiguous memory.
// The arrays live in the memory the kernels read (device memory for CUDA);
// src/ops/tensor_list.h builds them from Tensors.
#pragma once

#include <cstdint>

#include "core/host_device.h"

namespace ventris::math {

// Elements per chunk. The gradient norm's reduction order follows the chunks,
// so changing this changes its last bits (on every device alike).
constexpr int64_t kTensorListChunk = int64_t{1} << 16;

struct TensorChunks {
  const int64_t* numel;        // [count] elements of each tensor
  const int64_t* first_chunk;  // [count + 1] tensor i owns chunks [first_chunk[i], first_chunk[i + 1])
  int64_t count;               // tensors
  int64_t chunks;              // first_chunk[count]
};

// One chunk: its tensor and its element range [begin, end) in that tensor.
struct Chunk {
  int64_t tensor, begin, end;
};

// Chunk `c` (0 <= c < chunks). Its tensor is the last i with
// first_chunk[i] <= c, found by binary search; empty tensors own no chunk and
// are stepped over.
VENTRIS_HOST_DEVICE Chunk chunk_at(const TensorChunks& list, int64_t c) {
  int64_t lo = 0, hi = list.count;  // invariant: first_chunk[lo] <= c < first_chunk[hi]
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (list.first_chunk[mid] <= c)
      lo = mid;
    else
      hi = mid;
  }
  const int64_t begin = (c - list.first_chunk[lo]) * kTensorListChunk;
  const int64_t end = begin + kTensorListChunk < list.numel[lo] ? begin + kTensorListChunk : list.numel[lo];
  return {lo, begin, end};
}

}  // namespace ventris::math
