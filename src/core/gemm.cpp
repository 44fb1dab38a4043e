#include "core/gemm.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/gemm_avx2.h"
#include "core/gemm_onednn.h"
#include "core/openblas_library.h"

namespace ventris::gemm {

namespace {

Backend initial_backend() {
  const char* env = std::getenv("VENTRIS_GEMM");
  std::string_view choice = env ? env : "";
  if (choice == "openblas") return Backend::OpenBLAS;
  if (choice == "onednn") {
    VENTRIS_CHECK(onednn_available(), "VENTRIS_GEMM=onednn but this build has no oneDNN");
    return Backend::OneDNN;
  }
  if (choice == "avx2") {
    VENTRIS_CHECK(avx2_available(), "VENTRIS_GEMM=avx2 but this build or this CPU has no AVX2 + FMA");
    return Backend::Avx2;
  }
  VENTRIS_CHECK(choice.empty(), "VENTRIS_GEMM must be avx2, onednn or openblas, got '{}'", choice);
  if (avx2_available()) return Backend::Avx2;
  return onednn_available() ? Backend::OneDNN : Backend::OpenBLAS;
}

Backend& current() {
  static Backend b = initial_backend();
  return b;
}

void check_args(int64_t m, int64_t n, int64_t k) {
  VENTRIS_CHECK(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m={} n={} k={}", m, n, k);
}

void openblas_sgemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                    int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  openblas().sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), alpha, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

// C = beta*C when K == 0 (BLAS libraries differ on this corner; make it explicit).
void scale_c(int64_t m, int64_t n, float beta, float* c, int64_t ldc) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0.f ? 0.f : beta * c[i * ldc + j];
}

// Batched products with one row in A — the attention of a single decoding
// query over its keys ([N·H] × [1, Dh] · [Dh, t]) — as plain loops. oneDNN
// would create a primitive for every (batch, n, k), milliseconds each, and
// incremental decoding meets a new shape at every step; these GEMMs are tiny,
// so loops in a fixed order (the same bits for any batch and thread count)
// cost less than one primitive creation.
void single_row_sgemm_batched(bool trans_a, bool trans_b, int64_t n, int64_t k, float alpha, const float* a,
                              int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                              float* c, int64_t stride_c, int64_t batch) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < batch; ++i) {
    const float* ai = a + i * stride_a;
    const float* bi = b + i * stride_b;
    float* ci = c + i * stride_c;
    auto a_at = [&](int64_t p) { return trans_a ? ai[p * lda] : ai[p]; };
    if (trans_b) {
      // B stored [n, k]: one dot product per output, eight partial sums in a fixed order.
      for (int64_t j = 0; j < n; ++j) {
        const float* bj = bi + j * ldb;
        float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t p = 0;
        for (; p + 8 <= k; p += 8)
          for (int q = 0; q < 8; ++q) part[q] += a_at(p + q) * bj[p + q];
        for (; p < k; ++p) part[p % 8] += a_at(p) * bj[p];
        const float dot = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
        ci[j] = alpha * dot + (beta == 0.f ? 0.f : beta * ci[j]);
      }
    } else {
      // B stored [k, n]: rows of B scaled and summed, in k order.
      std::vector<float> row(static_cast<size_t>(n), 0.f);
      for (int64_t p = 0; p < k; ++p) {
        const float ap = a_at(p);
        const float* bp = bi + p * ldb;
        for (int64_t j = 0; j < n; ++j) row[static_cast<size_t>(j)] += ap * bp[j];
      }
      for (int64_t j = 0; j < n; ++j) ci[j] = alpha * row[static_cast<size_t>(j)] + (beta == 0.f ? 0.f : beta * ci[j]);
    }
  }
}

}  // namespace

Backend backend() { return current(); }

void set_backend(Backend b) {
  VENTRIS_CHECK(b != Backend::OneDNN || onednn_available(), "oneDNN is not compiled into this build");
  VENTRIS_CHECK(b != Backend::Avx2 || avx2_available(), "the AVX2 GEMM needs an AVX2 + FMA build and CPU");
  current() = b;
}

std::vector<Backend> available_backends() {
  std::vector<Backend> all{Backend::OpenBLAS};
  if (onednn_available()) all.push_back(Backend::OneDNN);
  if (avx2_available()) all.push_back(Backend::Avx2);
  return all;
}

const char* backend_name(Backend b) {
  switch (b) {
    case Backend::OpenBLAS: return "openblas";
    case Backend::OneDNN: return "onednn";
    case Backend::Avx2: return "avx2";
  }
  return "?";
}

std::string backend_description() {
  // OPENBLAS_VERSION reads " OpenBLAS 0.3.21 "; trim the spaces.
  std::string openblas = OPENBLAS_VERSION;
  openblas.erase(0, openblas.find_first_not_of(' '));
  openblas.erase(openblas.find_last_not_of(' ') + 1);
  if (backend() == Backend::Avx2) return "Ventris AVX2 kernel (fixed order; also " + onednn_version() + ", " + openblas + ")";
  if (backend() == Backend::OneDNN) return onednn_version() + " (fallback " + openblas + ")";
  return openblas + (onednn_available() ? " (oneDNN available: VENTRIS_GEMM=onednn)" : "");
}

namespace {

// Row and column blocks of the invariant scheme (see gemm.h). The row block is
// where each backend's single-threaded kernel was measured to compute every
// row of a block the same way, whatever its position in the block
// (tests/core/gemm_invariance_test.cpp checks it on the machine at hand):
// oneDNN 2.6's AVX2 sgemm at 16, 24, 48 and 64 rows (not at 8 or 32),
// OpenBLAS 0.3.21's at 8 (not at 16 and more).
// Column blocks of 128 measured fastest here among 128, 512 and whole rows
// (2 threads: 110-135 GFLOP/s on transformer training shapes).
constexpr int64_t kColumnBlock = 128;
int64_t row_block() { return backend() == Backend::OneDNN ? 48 : 8; }

// One single-threaded backend GEMM.
void block_sgemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (backend() == Backend::OneDNN)
    return onednn_sgemm_batched(ta, tb, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
  openblas_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// C block [rows < MB, cols] through a zero-padded MB-row copy, so the kernel
// sees the same shape as for a full block.
void padded_block_sgemm(bool ta, bool tb, int64_t rows, int64_t mb, int64_t cols, int64_t k, float alpha,
                        const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                        int64_t ldc) {
  thread_local std::vector<float> a_pad, c_pad;
  a_pad.assign(static_cast<size_t>(mb * k), 0.f);
  c_pad.assign(static_cast<size_t>(mb * cols), 0.f);
  // Same layout as A: [mb, k] rows, or [k, mb] when transposed.
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t p = 0; p < k; ++p) (ta ? a_pad[p * mb + r] : a_pad[r * k + p]) = ta ? a[p * lda + r] : a[r * lda + p];
  if (beta != 0.f)
    for (int64_t r = 0; r < rows; ++r) std::copy(c + r * ldc, c + r * ldc + cols, c_pad.begin() + r * cols);
  block_sgemm(ta, tb, mb, cols, k, alpha, a_pad.data(), ta ? mb : k, b, ldb, beta, c_pad.data(), cols);
  for (int64_t r = 0; r < rows; ++r) std::copy(c_pad.begin() + r * cols, c_pad.begin() + (r + 1) * cols, c + r * ldc);
}

// Every GEMM: tasks of (matrix, row block, column block), each one
// single-threaded backend call of a shape that depends on N, K and the block
// size only, spread over the threads in a fixed partition.
void invariant_sgemm_batched(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                             int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b,
                             float beta, float* c, int64_t ldc, int64_t stride_c, int64_t batch) {
  const int64_t mb = row_block();
  const int64_t row_blocks = (m + mb - 1) / mb, col_blocks = (n + kColumnBlock - 1) / kColumnBlock;
  const int64_t tasks = batch * row_blocks * col_blocks;
  // Always a parallel region: inside it the backends run on the calling
  // thread, also when there is one task (else oneDNN would thread it itself).
#pragma omp parallel for schedule(static)
  for (int64_t t = 0; t < tasks; ++t) {
    const int64_t i = t / (row_blocks * col_blocks), rb = t / col_blocks % row_blocks, cb = t % col_blocks;
    const int64_t r0 = rb * mb, rows = std::min(mb, m - r0);
    const int64_t c0 = cb * kColumnBlock, cols = std::min(kColumnBlock, n - c0);
    const float* ai = a + i * stride_a + (ta ? r0 : r0 * lda);
    const float* bi = b + i * stride_b + (tb ? c0 * ldb : c0);
    float* ci = c + i * stride_c + r0 * ldc + c0;
    if (rows == mb)
      block_sgemm(ta, tb, mb, cols, k, alpha, ai, lda, bi, ldb, beta, ci, ldc);
    else
      padded_block_sgemm(ta, tb, rows, mb, cols, k, alpha, ai, lda, bi, ldb, beta, ci, ldc);
  }
}

}  // namespace

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  sgemm_batched(trans_a, trans_b, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);
}

void sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                   int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                   float* c, int64_t ldc, int64_t stride_c, int64_t batch) {
  check_args(m, n, k);
  if (m == 0 || n == 0 || batch == 0) return;
  if (k == 0) {
    for (int64_t i = 0; i < batch; ++i) scale_c(m, n, beta, c + i * stride_c, ldc);
    return;
  }
  if (m == 1 && batch > 1) return single_row_sgemm_batched(trans_a, trans_b, n, k, alpha, a, lda, stride_a, b, ldb,
                                                           stride_b, beta, c, stride_c, batch);
  if (backend() == Backend::Avx2) {
    static std::atomic<uint64_t> calls{0};
    const uint64_t id = ++calls;
    const Avx2Gemm call{trans_a, trans_b, m,        n, k,   alpha,    a,    lda, stride_a,
                        b,       ldb,     stride_b, beta, c, ldc, stride_c, batch};
    const int64_t tasks = call.tasks();
#pragma omp parallel for schedule(static)
    for (int64_t t = 0; t < tasks; ++t) call.run_task(t, id);
    return;
  }
  invariant_sgemm_batched(trans_a, trans_b, m, n, k, alpha, a, lda, stride_a, b, ldb, stride_b, beta, c, ldc, stride_c,
                          batch);
}

}  // namespace ventris::gemm
