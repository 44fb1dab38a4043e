// Ventris's own fixed-order sgemm for AVX2 + FMA CPUs (core/gemm_avx2.cpp).
// Same contract as gemm::sgemm_batched; called from inside the caller's
// OpenMP parallel loop for one task at a time.
#pragma once

#include <cstdint>

namespace ventris::gemm {

// True when this build has the AVX2 kernel and the CPU it runs on has AVX2 and FMA.
bool avx2_available();

// One batched GEMM (gemm::sgemm_batched's arguments), cut into tasks: one row
// block by one column block of one matrix of the batch. The tasks of a column
// block are consecutive, so a thread running several of them packs that
// column block of B once (kept per thread, keyed by the call's id).
struct Avx2Gemm {
  bool trans_a, trans_b;
  int64_t m, n, k;
  float alpha;
  const float* a;
  int64_t lda, stride_a;
  const float* b;
  int64_t ldb, stride_b;
  float beta;
  float* c;
  int64_t ldc, stride_c;
  int64_t batch;

  int64_t tasks() const;
  // Runs task t (0 <= t < tasks()) on the calling thread. `call_id` must be
  // unique to this call (B's packing is reused only within one call).
  void run_task(int64_t t, uint64_t call_id) const;
};

}  // namespace ventris::gemm
