// Twin of src/ops/cpu/decoding_rules.cpp: a grid-stride pass over [rows,
// vocab], each element through math::ruled_logp with its row's flags.
#include "ops/cuda_kernels.h"
#include "ops/kernel_common.cuh"
#include "ops/math/decoding_rules.h"

namespace ventris::VENTRIS_KERNEL_NS {

namespace {

// Unlike the CPU twin, which visits only the special columns of rows that
// need not end, every element goes through math::ruled_logp: one thread per
// element, coalesced, no per-row branch. ruled_logp returns other columns'
// values unchanged, so both twins produce the same bits.
__global__ void decoding_rules_kernel(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                                      math::DecodingRules rules) {
  const int64_t total = rows * vocab;
  for (int64_t e = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; e < total;
       e += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t token = e % vocab;
    logp[e] = math::ruled_logp(logp[e], token, row_flags[e / vocab], rules);
  }
}

}  // namespace

void apply_decoding_rules(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                          const math::DecodingRules& rules, Stream s) {
  const int64_t total = rows * vocab;
  if (total == 0) return;
  VENTRIS_LAUNCH(decoding_rules_kernel, dim3(kernel_util::blocks_for(total)), dim3(kernel_util::kThreads), 0,
                 VENTRIS_STREAM(s), logp, row_flags, rows, vocab, rules);
}

}  // namespace ventris::VENTRIS_KERNEL_NS
