// CUDA kernel entry points: the twins of src/ops/cpu/kernels.h (same names,
// same arguments, plus a stream). Pointers are device pointers. The namespace
// is `cuda_kernels` in the nvcc build and `emulated_kernels` when the same
// sources are compiled for the CPU emulator in tests, so both can be linked
// into one test binary.
#pragma once

#include <cstdint>

#include "ops/math/adam.h"
#include "ops/math/autocast.h"
#include "ops/math/bias_activation.h"
#include "ops/math/binary_op.h"
#include "ops/math/decoding_rules.h"
#include "ops/math/lite_conv.h"
#include "ops/math/tensor_list.h"

#ifndef VENTRIS_KERNEL_NS
#define VENTRIS_KERNEL_NS cuda_kernels
#endif

namespace ventris::ops {
struct KernelTable;
}

namespace ventris::VENTRIS_KERNEL_NS {

// All of the kernels below as the table the op dispatchers use (kernel_table.cu).
const ops::KernelTable& kernel_table();

using Stream = void*;  // cudaStream_t, kept opaque so host code needs no CUDA headers

using math::BinaryOp;
void binary(BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out, int64_t n, Stream s);
void scale(const float* x, float factor, float* out, int64_t n, Stream s);
void add_scaled(float* dst, const float* src, float factor, int64_t n, Stream s);

void relu(const float* x, float* y, int64_t n, Stream s);
void relu_backward(const float* grad_y, const float* y, float* grad_x, int64_t n, Stream s);
void gelu(const float* x, float* y, int64_t n, Stream s);
void gelu_backward(const float* grad_y, const float* x, float* grad_x, int64_t n, Stream s);
void glu(const float* x, float* y, int64_t rows, int64_t half, Stream s);
void glu_backward(const float* grad_y, const float* x, float* grad_x, int64_t rows, int64_t half, Stream s);

void dropout(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream_id, Stream s);

// bias_activation.cu: groups of four elements per thread, one Philox block each.
void bias_activation_dropout(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols,
                             math::Activation act, float p, uint64_t seed, uint64_t stream_id, Stream s);
void bias_activation_dropout_backward(const float* grad_y, const float* pre, float* grad_pre, int64_t n,
                                      math::Activation act, float p, uint64_t seed, uint64_t stream_id, Stream s);

void softmax(const float* x, float* y, int64_t batch, int64_t inner, int64_t tq, int64_t tk,
             const int32_t* key_padding, bool causal, const float* additive, int64_t n_add, Stream s);
void softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols, Stream s);
void log_softmax(const float* x, float* y, int64_t rows, int64_t cols, Stream s);
void log_softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols, Stream s);

void decoder_attention(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                       const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                       int64_t head_dim, int64_t batch_stride, int64_t position_stride, Stream s);
void decoder_attention_probabilities(const float* q, const float* keys, const int32_t* row_batch,
                                     const int32_t* lengths, int64_t length, float* probs, int64_t rows,
                                     int64_t heads, int64_t head_dim, int64_t batch_stride, int64_t position_stride,
                                     Stream s);
void decoder_attention_apply(const float* probs, const float* values, const int32_t* row_batch,
                             const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                             int64_t head_dim, int64_t batch_stride, int64_t position_stride, Stream s);

void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width, Stream s);

void layer_norm(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd,
                int64_t rows, int64_t cols, float eps, Stream s);
// `scratch` holds 2 * ceil(rows / 64) * cols floats for the deterministic column sums.
void layer_norm_backward(const float* grad_y, const float* x, const float* gamma, const float* mean,
                         const float* rstd, float* grad_x, float* grad_gamma, float* grad_beta, int64_t rows,
                         int64_t cols, float* scratch, Stream s);
int64_t layer_norm_backward_scratch_floats(int64_t rows, int64_t cols);

// lite_conv.cu: lightweight / dynamic convolution along time (math/lite_conv.h);
// shapes as src/ops/cpu/kernels.h. K above 255 or more than 65535 * 32 channels
// raise ventris::Error. `scratch` holds lite_conv_backward_weight_scratch(s) floats.
void lite_conv(const float* u, const float* w, float* y, const math::LiteConvShape& s, Stream st);
void lite_conv_backward_input(const float* grad_y, const float* w, float* grad_u, const math::LiteConvShape& s,
                              Stream st);
int64_t lite_conv_backward_weight_scratch(const math::LiteConvShape& s);
void lite_conv_backward_weight(const float* grad_y, const float* u, float* grad_w, float* scratch,
                               const math::LiteConvShape& s, Stream st);
void lite_conv_step(const float* window, const float* w, float* y, int64_t rows, int64_t channels, int64_t heads,
                    int64_t taps, bool per_row, Stream st);

// layout.cu
void permute(const void* x, void* y, const int64_t* in_dims, const int* perm, int rank, int64_t elem_size, Stream s);
void copy_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst, int64_t offset,
                int64_t elem_size, Stream s);
void extract_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst, int64_t offset,
                   int64_t elem_size, Stream s);

// reduce.cu: out[outer, inner] = sum over n of x viewed [outer, n, inner].
void sum_dim(const float* x, float* out, int64_t outer, int64_t n, int64_t inner, Stream s);
void expand_dim(const float* g, float* out, int64_t outer, int64_t n, int64_t inner, Stream s);

// embedding.cu. The backward gives each thread a column and walks the ids in
// order: deterministic without atomics.
void embedding(const float* weight, int64_t vocab, int64_t dim, const void* ids, bool ids32, int64_t n, float* out,
               Stream s);
void embedding_backward(const float* grad, const void* ids, bool ids32, int64_t n, int64_t vocab, int64_t dim,
                        int64_t padding_idx, float* grad_weight, Stream s);

// cross_entropy.cu: per-row loss and nll (ignored rows 0) and logsumexp.
void label_smoothed_cross_entropy(const float* logits, const void* targets, bool targets32, int64_t rows,
                                  int64_t vocab, float epsilon, int64_t ignore_index, float* row_loss, float* row_nll,
                                  float* logsumexp, Stream s);
void label_smoothed_cross_entropy_backward(float grad_loss, const float* logits, const void* targets, bool targets32,
                                           const float* logsumexp, int64_t rows, int64_t vocab, float epsilon,
                                           int64_t ignore_index, float* grad_logits, Stream s);

// Multi-tensor kernels: the pointer arrays and `list`'s arrays are device memory.

// adam.cu: every listed tensor in one launch, the CPU's element update (ops/math/adam.h).
void adam_update(float* const* w, const float* const* g, float* const* m, float* const* v,
                 const math::TensorChunks& list, math::AdamStep step, Stream s);

// clip_norm.cu: the CPU's reduction order (ops/math/clip_norm.h), so the same bits.
void sum_squares(const float* const* x, const math::TensorChunks& list, double* partials, double* total, Stream s);
void clip_scale(float* const* x, const math::TensorChunks& list, const double* sum_squares, double max_norm,
                Stream s);

// decoding_rules.cu: one thread per element (math::ruled_logp).
void apply_decoding_rules(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                          const math::DecodingRules& rules, Stream s);

// topk.cu: one block per row, winners picked one by one (math::topk_before's order).
void topk(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices, Stream s);

// gemm_autocast.cu: x rounded to `p`'s 16-bit patterns; and the GEMM autocast
// (src/ops/cpu/kernels.h describes the arguments; scratch holds 16-bit copies).
void cast_to_half(math::GemmPrecision p, const float* x, uint16_t* out, int64_t n, Stream s);
void gemm_autocast(math::GemmPrecision p, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                   const float* a, int64_t lda, int64_t stride_a, int64_t a_elems, const float* b, int64_t ldb,
                   int64_t stride_b, int64_t b_elems, float beta, float* c, int64_t ldc, int64_t stride_c,
                   int64_t batch, void* scratch, Stream s);
int64_t gemm_autocast_scratch_bytes(int64_t a_elems, int64_t b_elems);

}  // namespace ventris::VENTRIS_KERNEL_NS
