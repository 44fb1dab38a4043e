// A fixed-order sgemm for AVX2 + FMA: the GEMM that makes a row of C the same
// bits whatever the other rows, the thread count and the tiling.
//
// Scheme (the classic packed-panel GEMM of GotoBLAS/BLIS, written for one
// property): every element C[i,j] is a dot product over k taken in K-blocks of
// kKc; inside a block the products are accumulated with one FMA per k in
// increasing k, starting from zero, in a register of the 6×16 micro-tile; the
// block's sum is then folded into C (the first block: C = α·s + β·C, later
// blocks: C = C + α·s). Nothing in that order depends on M, on N, on where the
// row or column sits in its tile, on the block sizes of the task grid or on the
// thread that runs it — only on K — so any tiling is invariant and the tiling
// is free to follow the shape. Edge tiles go through a full 6×16 scratch tile
// with the same intrinsics as interior tiles, so they round alike.
//
// Data movement: a task is one row block × one column block. The column block
// of B is packed, all of K at once, into 16-column panels (16 consecutive
// floats per k) and kept by the thread for its next task of the same call
// (tasks run row blocks fastest); per K-block the task's rows of A are packed
// into 6-row panels (6 consecutive floats per k). Both are zero padded to
// whole panels; transposes are absorbed by the packing. The
// micro-kernel keeps 12 accumulators (6 rows × two 8-float halves) in
// registers, loads two B vectors and broadcasts one A value per row per k.
// Sizes: a B panel (kKc × 16 floats, 16 KiB) stays in L1 while the loop walks
// the A panels of the row block (kMc × kKc floats, 96 KiB, in L2).
#include "core/gemm_avx2.h"

#include <algorithm>
#include <vector>

#include "core/error.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define VENTRIS_GEMM_AVX2 1
#else
#define VENTRIS_GEMM_AVX2 0
#endif

namespace ventris::gemm {

namespace {
constexpr int64_t kMr = 6, kNr = 16;  // micro-tile
constexpr int64_t kKc = 256;          // K-block: fixes the summation order (with K)
constexpr int64_t kMc = 96;           // rows per task (16 micro-panels)
constexpr int64_t kNc = 256;          // columns per task (16 micro-panels; 128 and 512 measured slower)
}  // namespace

int64_t Avx2Gemm::tasks() const { return batch * ((m + kMc - 1) / kMc) * ((n + kNc - 1) / kNc); }

#if VENTRIS_GEMM_AVX2

bool avx2_available() {
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok;
}

namespace {

// Transposes the 8×8 block whose row i starts at in[i] into out[j] (row j
// of the result = column j of the block), 8 floats each.
inline void transpose_8x8(const __m256 (&in)[8], __m256 (&out)[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(in[0], in[1]), t1 = _mm256_unpackhi_ps(in[0], in[1]);
  const __m256 t2 = _mm256_unpacklo_ps(in[2], in[3]), t3 = _mm256_unpackhi_ps(in[2], in[3]);
  const __m256 t4 = _mm256_unpacklo_ps(in[4], in[5]), t5 = _mm256_unpackhi_ps(in[4], in[5]);
  const __m256 t6 = _mm256_unpacklo_ps(in[6], in[7]), t7 = _mm256_unpackhi_ps(in[6], in[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  out[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  out[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  out[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  out[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  out[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  out[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  out[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  out[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// `count` (≤ 8) source lines, each read at p .. p+7 (lines past `count` read
// as zeros), transposed: out[q] holds element p+q of every line.
inline void load_transposed(const float* const* lines, int64_t count, int64_t p, __m256 (&out)[8]) {
  __m256 in[8];
  for (int64_t i = 0; i < 8; ++i) in[i] = i < count ? _mm256_loadu_ps(lines[i] + p) : _mm256_setzero_ps();
  transpose_8x8(in, out);
}

// Packing is pure data movement; any order of it gives the same bits.
//
// op(A)[rows, kc] → 6-row panels (6 consecutive floats per k), zero-padded.
// `out` needs 2 floats of slack past the last panel (the row-major path
// stores 8 floats where 6 belong, in increasing k, so each spill is
// overwritten by the next k, and the last by the next panel or the slack).
void pack_a(bool trans, const float* a, int64_t lda, int64_t rows, int64_t kc, float* out) {
  if (trans) {
    // A stored [K, M] (a weight gradient's output gradients, lda = the layer's
    // width): a k's rows are contiguous, so each k is read once, in one sweep
    // over the block's rows, and dealt out to the panels.
    const int64_t full = rows / kMr * kMr;
    for (int64_t p = 0; p < kc; ++p) {
      const float* src = a + p * lda;
      for (int64_t r0 = 0; r0 < full; r0 += kMr) {
        float* dst = out + r0 * kc + p * kMr;
        for (int64_t r = 0; r < kMr; ++r) dst[r] = src[r0 + r];
      }
      if (full < rows) {
        float* dst = out + full * kc + p * kMr;
        for (int64_t r = 0; r < kMr; ++r) dst[r] = full + r < rows ? src[full + r] : 0.f;
      }
    }
    return;
  }
  for (int64_t r0 = 0; r0 < rows; r0 += kMr) {
    const int64_t mr = std::min(kMr, rows - r0);
    float* panel = out + r0 * kc;
    const float* lines[kMr];
    for (int64_t r = 0; r < mr; ++r) lines[r] = a + (r0 + r) * lda;
    int64_t p = 0;
    for (; p + 8 <= kc; p += 8) {
      __m256 cols[8];
      load_transposed(lines, mr, p, cols);
      for (int64_t q = 0; q < 8; ++q) _mm256_storeu_ps(panel + (p + q) * kMr, cols[q]);
    }
    for (; p < kc; ++p)
      for (int64_t r = 0; r < kMr; ++r) panel[p * kMr + r] = r < mr ? lines[r][p] : 0.f;
  }
}

// op(B)[k, cols] → 16-column panels, each holding all of K (16 consecutive
// floats per k), zero-padded to whole panels. Stored transposed ([N, K], the
// weights of a linear layer), 8×8 blocks are transposed in registers.
void pack_b(bool trans, const float* b, int64_t ldb, int64_t k, int64_t cols, float* out) {
  for (int64_t j0 = 0; j0 < cols; j0 += kNr) {
    const int64_t nr = std::min(kNr, cols - j0);
    float* panel = out + j0 * k;
    if (trans) {
      const float* lines[kNr];
      for (int64_t j = 0; j < nr; ++j) lines[j] = b + (j0 + j) * ldb;
      int64_t p = 0;
      for (; p + 8 <= k; p += 8)
        for (int64_t half = 0; half < 2; ++half) {
          __m256 cols8[8];
          load_transposed(lines + half * 8, std::max<int64_t>(0, std::min<int64_t>(8, nr - half * 8)), p, cols8);
          for (int64_t q = 0; q < 8; ++q) _mm256_storeu_ps(panel + (p + q) * kNr + half * 8, cols8[q]);
        }
      for (; p < k; ++p)
        for (int64_t j = 0; j < kNr; ++j) panel[p * kNr + j] = j < nr ? lines[j][p] : 0.f;
    } else if (nr == kNr) {
      for (int64_t p = 0; p < k; ++p) {
        const float* src = b + p * ldb + j0;
        _mm256_storeu_ps(panel + p * kNr, _mm256_loadu_ps(src));
        _mm256_storeu_ps(panel + p * kNr + 8, _mm256_loadu_ps(src + 8));
      }
    } else {
      for (int64_t p = 0; p < k; ++p) {
        const float* src = b + p * ldb + j0;
        float* dst = panel + p * kNr;
        for (int64_t j = 0; j < kNr; ++j) dst[j] = j < nr ? src[j] : 0.f;
      }
    }
  }
}

// Folds the block sums `acc` into the tile `c` (row stride ldc, full 6×16).
inline void fold_tile(const __m256 (&acc)[kMr][2], float* c, int64_t ldc, float alpha, float beta, bool first) {
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  for (int64_t r = 0; r < kMr; ++r)
    for (int h = 0; h < 2; ++h) {
      float* at = c + r * ldc + h * 8;
      const __m256 scaled = _mm256_mul_ps(va, acc[r][h]);
      __m256 v;
      if (!first)
        v = _mm256_add_ps(_mm256_loadu_ps(at), scaled);
      else if (beta == 0.f)
        v = scaled;  // C may hold anything (even NaN) when β = 0: never read it
      else
        v = _mm256_fmadd_ps(vb, _mm256_loadu_ps(at), scaled);
      _mm256_storeu_ps(at, v);
    }
}

// One 6×16 micro-tile over kc: rows/cols give the valid part of C. The twelve
// accumulators are named locals, not an array: an array whose address reaches
// fold_tile is kept in memory by GCC and stored back at every k.
void micro_kernel(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int64_t rows, int64_t cols,
                  float alpha, float beta, bool first) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int64_t p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8);
    __m256 a = _mm256_broadcast_ss(ap + 0);
    c00 = _mm256_fmadd_ps(a, b0, c00);
    c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(ap + 1);
    c10 = _mm256_fmadd_ps(a, b0, c10);
    c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(ap + 2);
    c20 = _mm256_fmadd_ps(a, b0, c20);
    c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(ap + 3);
    c30 = _mm256_fmadd_ps(a, b0, c30);
    c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(ap + 4);
    c40 = _mm256_fmadd_ps(a, b0, c40);
    c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(ap + 5);
    c50 = _mm256_fmadd_ps(a, b0, c50);
    c51 = _mm256_fmadd_ps(a, b1, c51);
    ap += kMr;
    bp += kNr;
  }
  const __m256 acc[kMr][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (rows == kMr && cols == kNr) return fold_tile(acc, c, ldc, alpha, beta, first);
  // Edge: the same fold on a full scratch tile.
  alignas(32) float tile[kMr * kNr] = {};
  if (!first || beta != 0.f)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < cols; ++j) tile[r * kNr + j] = c[r * ldc + j];
  fold_tile(acc, tile, kNr, alpha, beta, first);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) c[r * ldc + j] = tile[r * kNr + j];
}

}  // namespace

void Avx2Gemm::run_task(int64_t t, uint64_t call_id) const {
  const int64_t row_blocks = (m + kMc - 1) / kMc, col_blocks = (n + kNc - 1) / kNc;
  const int64_t i = t / (row_blocks * col_blocks), cb = t / row_blocks % col_blocks, rb = t % row_blocks;
  const int64_t r0 = rb * kMc, rows = std::min(kMc, m - r0);
  const int64_t c0 = cb * kNc, cols = std::min(kNc, n - c0);
  const float* ai = a + i * stride_a;
  float* ci = c + i * stride_c + r0 * ldc + c0;

  // This thread's packed column block of B, all of K; reused by the next task
  // of the same call when it needs the same block (the row blocks of a column
  // block are consecutive tasks).
  struct PackedB {
    uint64_t call = 0;
    int64_t matrix = -1, block = -1;
    std::vector<float> panels;
  };
  thread_local PackedB packed;
  const int64_t b_matrix = stride_b == 0 ? 0 : i;
  if (packed.call != call_id || packed.matrix != b_matrix || packed.block != cb) {
    const float* bi = b + b_matrix * stride_b;
    packed.panels.resize(static_cast<size_t>((cols + kNr - 1) / kNr * kNr * k));
    pack_b(trans_b, trans_b ? bi + c0 * ldb : bi + c0, ldb, k, cols, packed.panels.data());
    packed.call = call_id;
    packed.matrix = b_matrix;
    packed.block = cb;
  }

  thread_local std::vector<float> a_pack;
  a_pack.resize(static_cast<size_t>((rows + kMr - 1) / kMr * kMr * kKc + 2));  // + pack_a's slack
  for (int64_t p0 = 0; p0 < k; p0 += kKc) {
    const int64_t kc = std::min(kKc, k - p0);
    pack_a(trans_a, trans_a ? ai + p0 * lda + r0 : ai + r0 * lda + p0, lda, rows, kc, a_pack.data());
    const bool first = p0 == 0;
    for (int64_t j0 = 0; j0 < cols; j0 += kNr)
      for (int64_t r = 0; r < rows; r += kMr)
        micro_kernel(kc, a_pack.data() + r * kc, packed.panels.data() + j0 * k + p0 * kNr, ci + r * ldc + j0, ldc,
                     std::min(kMr, rows - r), std::min(kNr, cols - j0), alpha, beta, first);
  }
}

#else

bool avx2_available() { return false; }
void Avx2Gemm::run_task(int64_t, uint64_t) const {
  VENTRIS_FAIL("the AVX2 GEMM is not compiled into this build (no -mavx2 -mfma)");
}

#endif

}  // namespace ventris::gemm
