// CPU kernels: raw pointers and sizes only, no Tensor. Plain loops that serve
// as the reference for the CUDA twins in cuda/ops (same entry-point names).
// Parallel loops split work by output rows/elements so every output is
// computed by one thread in a fixed order: results do not depend on the thread count.
#pragma once

#include <cstdint>

#include "ops/math/adam.h"
#include "ops/math/autocast.h"
#include "ops/math/bias_activation.h"
#include "ops/math/binary_op.h"
#include "ops/math/decoding_rules.h"
#include "ops/math/lite_conv.h"
#include "ops/math/tensor_list.h"

namespace ventris::cpu {

// elementwise.cpp. Broadcasting: b repeats every nb elements of a (nb divides n).
using math::BinaryOp;
void binary(BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out, int64_t n);
void scale(const float* x, float s, float* out, int64_t n);
void add_scaled(float* dst, const float* src, float s, int64_t n);

// activations.cpp
void relu(const float* x, float* y, int64_t n);
void relu_backward(const float* grad_y, const float* y, float* grad_x, int64_t n);
void gelu(const float* x, float* y, int64_t n);
void gelu_backward(const float* grad_y, const float* x, float* grad_x, int64_t n);
void glu(const float* x, float* y, int64_t rows, int64_t half);
void glu_backward(const float* grad_y, const float* x, float* grad_x, int64_t rows, int64_t half);

// softmax.cpp. x viewed as [batch, inner, tq, tk]; key_padding [batch, tk] or null;
// additive [n_add] repeating over the flattened x, or null.
void softmax(const float* x, float* y, int64_t batch, int64_t inner, int64_t tq, int64_t tk,
             const int32_t* key_padding, bool causal, const float* additive, int64_t n_add);
void softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols);
void log_softmax(const float* x, float* y, int64_t rows, int64_t cols);
void log_softmax_backward(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols);

// decoder_attention.cpp: one query per row over the first `len` cached
// positions of batch entry b = row_batch[n] (row_batch null: b = n), len =
// lengths[b] (lengths null: `length`). q/out [rows, heads, head_dim]; key j of
// head h of entry b at keys + b*batch_stride + j*position_stride + h*head_dim
// (the same for values). With per-entry lengths, `length` bounds them all.
void decoder_attention(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                       const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                       int64_t head_dim, int64_t batch_stride, int64_t position_stride);
// The two halves of decoder_attention, same layout (LazyFormer's step reuses
// a distribution across layers): probs [rows, heads, length] gets each row's
// softmax over its first len positions and zeros past them; apply reads those
// probabilities and writes out [rows, heads, head_dim].
void decoder_attention_probabilities(const float* q, const float* keys, const int32_t* row_batch,
                                     const int32_t* lengths, int64_t length, float* probs, int64_t rows,
                                     int64_t heads, int64_t head_dim, int64_t batch_stride, int64_t position_stride);
void decoder_attention_apply(const float* probs, const float* values, const int32_t* row_batch,
                             const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                             int64_t head_dim, int64_t batch_stride, int64_t position_stride);

// decoder_cache.cpp: out [rows, out_capacity, width] gets, per row i, the
// `positions` cached positions of row source_rows[i] (null: row i) of cache
// [*, cache_capacity, width], then step row i [rows, width] at position
// `positions`. cache null: the old positions are already in place in out
// (an in-place append), so only the step is written. Positions past
// positions + 1 are left as they are.
void cache_append(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                  int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width);

// layer_norm.cpp
void layer_norm(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd,
                int64_t rows, int64_t cols, float eps);
// `scratch` holds layer_norm_backward_scratch(rows, cols) floats (per-block partial sums).
int64_t layer_norm_backward_scratch(int64_t rows, int64_t cols);
void layer_norm_backward(const float* grad_y, const float* x, const float* gamma, const float* mean,
                         const float* rstd, float* grad_x, float* grad_gamma, float* grad_beta, int64_t rows,
                         int64_t cols, float* scratch);

// lite_conv.cpp: lightweight / dynamic convolution along time (math/lite_conv.h).
// u, y, grad_y, grad_u [B, T, C]; w, grad_w [B, T, H, K] (s.per_position) or [H, K].
// The weight gradient of a shared kernel needs lite_conv_backward_weight_scratch(s)
// floats of scratch (its fixed-order block partials).
void lite_conv(const float* u, const float* w, float* y, const math::LiteConvShape& s);
void lite_conv_backward_input(const float* grad_y, const float* w, float* grad_u, const math::LiteConvShape& s);
int64_t lite_conv_backward_weight_scratch(const math::LiteConvShape& s);
void lite_conv_backward_weight(const float* grad_y, const float* u, float* grad_w, float* scratch,
                               const math::LiteConvShape& s);
// One decoding step: window [rows, K, C] (oldest first), w [rows, H, K] (per_row) or [H, K] -> y [rows, C].
void lite_conv_step(const float* window, const float* w, float* y, int64_t rows, int64_t channels, int64_t heads,
                    int64_t taps, bool per_row);

// dropout.cpp
void dropout(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream);

// bias_activation.cpp: pre = x + bias (bias [cols] or null; pre null: not
// kept), y = dropout(act(pre)) with ops::dropout's mask; the backward gives
// the gradient of pre. Elementwise over rows * cols = n.
void bias_activation_dropout(const float* x, const float* bias, float* pre, float* y, int64_t rows, int64_t cols,
                             math::Activation act, float p, uint64_t seed, uint64_t stream);
void bias_activation_dropout_backward(const float* grad_y, const float* pre, float* grad_pre, int64_t n,
                                      math::Activation act, float p, uint64_t seed, uint64_t stream);

// embedding.cpp. ids are I32 when ids32 is set, else I64.
void embedding(const float* weight, int64_t vocab, int64_t dim, const void* ids, bool ids32, int64_t n,
               float* out);
void embedding_backward(const float* grad, const void* ids, bool ids32, int64_t n, int64_t vocab, int64_t dim,
                        int64_t padding_idx, float* grad_weight);

// layout.cpp. Generic permute of up to 5 dims (element size in bytes).
void permute(const void* x, void* y, const int64_t* in_dims, const int* perm, int rank, int64_t elem_size);
// Copies a [outer, inner_src] block into columns [offset, offset+inner_src) of [outer, inner_dst].
void copy_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst, int64_t offset,
                int64_t elem_size);
void extract_block(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst,
                   int64_t offset, int64_t elem_size);

// reduce.cpp. x viewed as [outer, n, inner]; out [outer, inner] = sum over n (double accumulation).
void sum_dim(const float* x, float* out, int64_t outer, int64_t n, int64_t inner);
void expand_dim(const float* g, float* out, int64_t outer, int64_t n, int64_t inner);
double sum_all(const float* x, int64_t n);
inline void sum_all_into(const float* x, int64_t n, float* out) { out[0] = static_cast<float>(sum_all(x, n)); }

// cross_entropy.cpp. Per-row loss and NLL (0 for ignored rows) and log-sum-exp.
void label_smoothed_cross_entropy(const float* logits, const void* targets, bool targets32, int64_t rows,
                                  int64_t vocab, float epsilon, int64_t ignore_index, float* row_loss, float* row_nll,
                                  float* logsumexp);
void label_smoothed_cross_entropy_backward(float grad_loss, const float* logits, const void* targets,
                                           bool targets32, const float* logsumexp, int64_t rows, int64_t vocab,
                                           float epsilon, int64_t ignore_index, float* grad_logits);

// Multi-tensor kernels take per-tensor pointer arrays and a math::TensorChunks
// describing the tensors (math/tensor_list.h).

// adam.cpp: Adam/AdamW on every listed tensor (weights, gradient, both moments), in place.
void adam_update(float* const* w, const float* const* g, float* const* m, float* const* v,
                 const math::TensorChunks& list, math::AdamStep step);

// clip_norm.cpp. sum_squares: one double partial per chunk (partials[list.chunks])
// and their total (total[0]), in the order of math/clip_norm.h. clip_scale:
// every element times math::clip_coefficient(sum_squares[0], max_norm), in place.
void sum_squares(const float* const* x, const math::TensorChunks& list, double* partials, double* total);
void clip_scale(float* const* x, const math::TensorChunks& list, const double* sum_squares, double max_norm);

// decoding_rules.cpp: logp [rows, vocab] in place, math::ruled_logp with
// row r's flags.
void apply_decoding_rules(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                          const math::DecodingRules& rules);

// topk.cpp. x [rows, cols] -> values, indices [rows, k] (k <= cols), each row
// sorted in math::topk_before's order (descending, ties by lower column).
void topk(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices);

// gemm_autocast.cpp: core/gemm.h's sgemm_batched over inputs rounded to `p`
// (bf16/f16; math/autocast.h), f32 accumulation and output. a holds a_elems
// floats and b b_elems (everything the strides reach); `scratch` holds
// gemm_autocast_scratch_bytes(a_elems, b_elems) bytes for the rounded copies.
void gemm_autocast(math::GemmPrecision p, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                   const float* a, int64_t lda, int64_t stride_a, int64_t a_elems, const float* b, int64_t ldb,
                   int64_t stride_b, int64_t b_elems, float beta, float* c, int64_t ldc, int64_t stride_c,
                   int64_t batch, void* scratch);
int64_t gemm_autocast_scratch_bytes(int64_t a_elems, int64_t b_elems);

}  // namespace ventris::cpu
