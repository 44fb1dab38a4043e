// The CUDA kernel table (src/ops/kernel_table.h). Kernels run on the default
// stream. GEMMs go to cuBLAS on a GPU; under the CPU emulator they go to the
// CPU GEMM, so everything around them is still exercised.
//
// Each entry is a thin wrapper that adds the default stream to the kernel's
// launcher (cuda_kernels.h). The table names every entry of ops::KernelTable
// with a designated initializer, in declaration order, and sets all of them
// (kernel_table.h's rule): a missing entry fails to compile here, in the nvcc
// build and in the emulated one alike; a null one fails
// tests/ops/kernel_table_test.cpp.
#include "ops/cuda_kernels.h"
#include "ops/kernel_table.h"

#if defined(VENTRIS_CUDA_EMULATION)
#include "core/gemm.h"
#else
#include "runtime/cublas_gemm.h"
#endif

namespace ventris::VENTRIS_KERNEL_NS {

namespace {
constexpr Stream kDefaultStream = nullptr;

void binary_k(math::BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out, int64_t n) {
  binary(op, a, na, b, nb, out, n, kDefaultStream);
}
void scale_k(const float* x, float f, float* out, int64_t n) { scale(x, f, out, n, kDefaultStream); }
void add_scaled_k(float* dst, const float* src, float f, int64_t n) { add_scaled(dst, src, f, n, kDefaultStream); }
void relu_k(const float* x, float* y, int64_t n) { relu(x, y, n, kDefaultStream); }
void relu_backward_k(const float* gy, const float* y, float* gx, int64_t n) { relu_backward(gy, y, gx, n, kDefaultStream); }
void gelu_k(const float* x, float* y, int64_t n) { gelu(x, y, n, kDefaultStream); }
void gelu_backward_k(const float* gy, const float* x, float* gx, int64_t n) { gelu_backward(gy, x, gx, n, kDefaultStream); }
void glu_k(const float* x, float* y, int64_t rows, int64_t half) { glu(x, y, rows, half, kDefaultStream); }
void glu_backward_k(const float* gy, const float* x, float* gx, int64_t rows, int64_t half) {
  glu_backward(gy, x, gx, rows, half, kDefaultStream);
}
void dropout_k(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream_id) {
  dropout(x, y, n, p, seed, stream_id, kDefaultStream);
}
void bias_activation_dropout_k(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols,
                               math::Activation act, float p, uint64_t seed, uint64_t stream_id) {
  bias_activation_dropout(x, bias, pre, y, rows, cols, act, p, seed, stream_id, kDefaultStream);
}
void bias_activation_dropout_backward_k(const float* gy, const float* pre, float* gp, int64_t n, math::Activation act,
                                        float p, uint64_t seed, uint64_t stream_id) {
  bias_activation_dropout_backward(gy, pre, gp, n, act, p, seed, stream_id, kDefaultStream);
}
void softmax_k(const float* x, float* y, int64_t batch, int64_t inner, int64_t tq, int64_t tk, const int32_t* pad,
               bool causal, const float* additive, int64_t n_add) {
  softmax(x, y, batch, inner, tq, tk, pad, causal, additive, n_add, kDefaultStream);
}
void decoder_attention_k(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                         const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                         int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  decoder_attention(q, keys, values, row_batch, lengths, length, out, rows, heads, head_dim, batch_stride,
                    position_stride, kDefaultStream);
}
void decoder_attention_probabilities_k(const float* q, const float* keys, const int32_t* row_batch,
                                       const int32_t* lengths, int64_t length, float* probs, int64_t rows,
                                       int64_t heads, int64_t head_dim, int64_t batch_stride,
                                       int64_t position_stride) {
  decoder_attention_probabilities(q, keys, row_batch, lengths, length, probs, rows, heads, head_dim, batch_stride,
                                  position_stride, kDefaultStream);
}
void decoder_attention_apply_k(const float* probs, const float* values, const int32_t* row_batch,
                               const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                               int64_t head_dim, int64_t batch_stride, int64_t position_stride) {
  decoder_attention_apply(probs, values, row_batch, lengths, length, out, rows, heads, head_dim, batch_stride,
                          position_stride, kDefaultStream);
}
void cache_append_k(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                    int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width) {
  cache_append(cache, source_rows, step, out, rows, positions, cache_capacity, out_capacity, width, kDefaultStream);
}
void softmax_backward_k(const float* gy, const float* y, float* gx, int64_t rows, int64_t cols) {
  softmax_backward(gy, y, gx, rows, cols, kDefaultStream);
}
void log_softmax_k(const float* x, float* y, int64_t rows, int64_t cols) { log_softmax(x, y, rows, cols, kDefaultStream); }
void log_softmax_backward_k(const float* gy, const float* y, float* gx, int64_t rows, int64_t cols) {
  log_softmax_backward(gy, y, gx, rows, cols, kDefaultStream);
}
void layer_norm_k(const float* x, const float* g, const float* b, float* y, float* mean, float* rstd, int64_t rows,
                  int64_t cols, float eps) {
  layer_norm(x, g, b, y, mean, rstd, rows, cols, eps, kDefaultStream);
}
void layer_norm_backward_k(const float* gy, const float* x, const float* g, const float* mean, const float* rstd,
                           float* gx, float* gg, float* gb, int64_t rows, int64_t cols, float* scratch) {
  layer_norm_backward(gy, x, g, mean, rstd, gx, gg, gb, rows, cols, scratch, kDefaultStream);
}

void lite_conv_k(const float* u, const float* w, float* y, const math::LiteConvShape& s) {
  lite_conv(u, w, y, s, kDefaultStream);
}
void lite_conv_backward_input_k(const float* gy, const float* w, float* gu, const math::LiteConvShape& s) {
  lite_conv_backward_input(gy, w, gu, s, kDefaultStream);
}
void lite_conv_backward_weight_k(const float* gy, const float* u, float* gw, float* scratch,
                                 const math::LiteConvShape& s) {
  lite_conv_backward_weight(gy, u, gw, scratch, s, kDefaultStream);
}
void lite_conv_step_k(const float* window, const float* w, float* y, int64_t rows, int64_t channels, int64_t heads,
                      int64_t taps, bool per_row) {
  lite_conv_step(window, w, y, rows, channels, heads, taps, per_row, kDefaultStream);
}

void permute_k(const void* x, void* y, const int64_t* dims, const int* perm, int rank, int64_t elem) {
  permute(x, y, dims, perm, rank, elem, kDefaultStream);
}
void copy_block_k(const void* src, void* dst, int64_t outer, int64_t is, int64_t id, int64_t off, int64_t elem) {
  copy_block(src, dst, outer, is, id, off, elem, kDefaultStream);
}
void extract_block_k(const void* src, void* dst, int64_t outer, int64_t is, int64_t id, int64_t off, int64_t elem) {
  extract_block(src, dst, outer, is, id, off, elem, kDefaultStream);
}
void sum_dim_k(const float* x, float* out, int64_t outer, int64_t n, int64_t inner) {
  sum_dim(x, out, outer, n, inner, kDefaultStream);
}
void expand_dim_k(const float* g, float* out, int64_t outer, int64_t n, int64_t inner) {
  expand_dim(g, out, outer, n, inner, kDefaultStream);
}
// One thread, index order: deterministic; fine for loss-sized inputs.
void sum_all_k(const float* x, int64_t n, float* out) { sum_dim(x, out, 1, n, 1, kDefaultStream); }
void embedding_k(const float* w, int64_t vocab, int64_t dim, const void* ids, bool ids32, int64_t n, float* out) {
  embedding(w, vocab, dim, ids, ids32, n, out, kDefaultStream);
}
void embedding_backward_k(const float* g, const void* ids, bool ids32, int64_t n, int64_t vocab, int64_t dim,
                          int64_t pad, float* gw) {
  embedding_backward(g, ids, ids32, n, vocab, dim, pad, gw, kDefaultStream);
}
void cross_entropy_k(const float* z, const void* t, bool t32, int64_t rows, int64_t vocab, float eps, int64_t ignore,
                     float* loss, float* nll, float* lse) {
  label_smoothed_cross_entropy(z, t, t32, rows, vocab, eps, ignore, loss, nll, lse, kDefaultStream);
}
void cross_entropy_backward_k(float gl, const float* z, const void* t, bool t32, const float* lse, int64_t rows,
                              int64_t vocab, float eps, int64_t ignore, float* gz) {
  label_smoothed_cross_entropy_backward(gl, z, t, t32, lse, rows, vocab, eps, ignore, gz, kDefaultStream);
}

void adam_update_k(float* const* w, const float* const* g, float* const* m, float* const* v,
                   const math::TensorChunks& list, math::AdamStep step) {
  adam_update(w, g, m, v, list, step, kDefaultStream);
}
void sum_squares_k(const float* const* x, const math::TensorChunks& list, double* partials, double* total) {
  sum_squares(x, list, partials, total, kDefaultStream);
}
void clip_scale_k(float* const* x, const math::TensorChunks& list, const double* sum_sq, double max_norm) {
  clip_scale(x, list, sum_sq, max_norm, kDefaultStream);
}
void apply_decoding_rules_k(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                            const math::DecodingRules& rules) {
  apply_decoding_rules(logp, row_flags, rows, vocab, rules, kDefaultStream);
}
void topk_k(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices) {
  topk(x, rows, cols, k, values, indices, kDefaultStream);
}
void gemm_autocast_k(math::GemmPrecision p, bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha,
                     const float* a, int64_t lda, int64_t sa, int64_t na, const float* b, int64_t ldb, int64_t sb,
                     int64_t nb, float beta, float* c, int64_t ldc, int64_t sc, int64_t batch, void* scratch) {
  gemm_autocast(p, ta, tb, m, n, k, alpha, a, lda, sa, na, b, ldb, sb, nb, beta, c, ldc, sc, batch, scratch,
                kDefaultStream);
}

#if defined(VENTRIS_CUDA_EMULATION)
constexpr auto kGemm = gemm::sgemm_batched;
constexpr const char* kName = "cuda (emulated)";
#else
constexpr auto kGemm = cuda::cublas_sgemm_batched;
constexpr const char* kName = "cuda";
#endif

}  // namespace

// Missing-field warnings (g++, and nvcc's host pass) are errors for this table.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wmissing-field-initializers"
const ops::KernelTable& kernel_table() {
  static const ops::KernelTable table{
      .name = kName,
      .binary = binary_k,
      .scale = scale_k,
      .add_scaled = add_scaled_k,
      .relu = relu_k,
      .relu_backward = relu_backward_k,
      .gelu = gelu_k,
      .gelu_backward = gelu_backward_k,
      .glu = glu_k,
      .glu_backward = glu_backward_k,
      .dropout = dropout_k,
      .bias_activation_dropout = bias_activation_dropout_k,
      .bias_activation_dropout_backward = bias_activation_dropout_backward_k,
      .softmax = softmax_k,
      .softmax_backward = softmax_backward_k,
      .log_softmax = log_softmax_k,
      .log_softmax_backward = log_softmax_backward_k,
      .decoder_attention = decoder_attention_k,
      .decoder_attention_probabilities = decoder_attention_probabilities_k,
      .decoder_attention_apply = decoder_attention_apply_k,
      .cache_append = cache_append_k,
      .layer_norm = layer_norm_k,
      .layer_norm_backward_scratch = layer_norm_backward_scratch_floats,
      .layer_norm_backward = layer_norm_backward_k,
      .lite_conv = lite_conv_k,
      .lite_conv_backward_input = lite_conv_backward_input_k,
      .lite_conv_backward_weight_scratch = lite_conv_backward_weight_scratch,
      .lite_conv_backward_weight = lite_conv_backward_weight_k,
      .lite_conv_step = lite_conv_step_k,
      .permute = permute_k,
      .copy_block = copy_block_k,
      .extract_block = extract_block_k,
      .sum_dim = sum_dim_k,
      .expand_dim = expand_dim_k,
      .sum_all = sum_all_k,
      .embedding = embedding_k,
      .embedding_backward = embedding_backward_k,
      .cross_entropy = cross_entropy_k,
      .cross_entropy_backward = cross_entropy_backward_k,
      .adam_update = adam_update_k,
      .sum_squares = sum_squares_k,
      .clip_scale = clip_scale_k,
      .apply_decoding_rules = apply_decoding_rules_k,
      .topk = topk_k,
      .sgemm_batched = kGemm,
      .gemm_autocast = gemm_autocast_k,
      .gemm_autocast_scratch_bytes = gemm_autocast_scratch_bytes,
  };
  return table;
}
#pragma GCC diagnostic pop

}  // namespace ventris::VENTRIS_KERNEL_NS
