// The kernels of one device kind, as function pointers with one signature
// per op, so the dispatchers in src/ops are device-agnostic: they ask
// kernels_for(device) and call. The CPU table wraps src/ops/cpu; the CUDA
// table (cuda/ops/kernel_table.cu) wraps the CUDA kernels — nvcc-compiled on a
// GPU build, or the same sources under the CPU emulator in tests.
//
// The rule for entries: every table the build ships sets every entry. There
// is no "no kernel yet" state: an op lands with its CPU kernel and its CUDA
// twin. The tables fill the struct with designated initializers
// (`.relu = cpu::relu`), so an entry is matched by name, not position, and a
// field left out is a compile error in both table sources (they turn
// -Wmissing-field-initializers into an error); tests/ops/kernel_table_test.cpp
// checks that no entry of the CPU, the emulated-CUDA or (in a CUDA build) the
// nvcc table is null. Adding a kernel: a member here, then one line in each
// table. The dispatcher still refuses a null entry with an error naming op and
// device (detail::kernel in checks.h), which guards tables a test builds by hand.
//
// Layout: `name`, then function pointers only (the test above walks the struct
// as pointer-sized words). Plain types only (nvcc compiles the CUDA table
// against this header).
#pragma once

#include <cstdint>

#include "ops/math/adam.h"
#include "ops/math/autocast.h"
#include "ops/math/bias_activation.h"
#include "ops/math/binary_op.h"
#include "ops/math/decoding_rules.h"
#include "ops/math/lite_conv.h"
#include "ops/math/tensor_list.h"

namespace ventris::ops {

struct KernelTable {
  const char* name;  // "cpu", "cuda", "cuda (emulated)"

  void (*binary)(math::BinaryOp op, const float* a, int64_t na, const float* b, int64_t nb, float* out, int64_t n);
  void (*scale)(const float* x, float factor, float* out, int64_t n);
  void (*add_scaled)(float* dst, const float* src, float factor, int64_t n);

  void (*relu)(const float* x, float* y, int64_t n);
  void (*relu_backward)(const float* grad_y, const float* y, float* grad_x, int64_t n);
  void (*gelu)(const float* x, float* y, int64_t n);
  void (*gelu_backward)(const float* grad_y, const float* x, float* grad_x, int64_t n);
  void (*glu)(const float* x, float* y, int64_t rows, int64_t half);
  void (*glu_backward)(const float* grad_y, const float* x, float* grad_x, int64_t rows, int64_t half);

  void (*dropout)(const float* x, float* y, int64_t n, float p, uint64_t seed, uint64_t stream);
  // pre = x + bias (bias [cols] or null; pre null: not kept), y = dropout(act(pre)); backward: grad of
  // pre from grad of y.
  void (*bias_activation_dropout)(const float* x, const float* bias, float* pre, float* y, int64_t rows,
                                  int64_t cols, math::Activation act, float p, uint64_t seed, uint64_t stream);
  void (*bias_activation_dropout_backward)(const float* grad_y, const float* pre, float* grad_pre, int64_t n,
                                           math::Activation act, float p, uint64_t seed, uint64_t stream);

  void (*softmax)(const float* x, float* y, int64_t batch, int64_t inner, int64_t tq, int64_t tk,
                  const int32_t* key_padding, bool causal, const float* additive, int64_t n_add);
  void (*softmax_backward)(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols);
  void (*log_softmax)(const float* x, float* y, int64_t rows, int64_t cols);
  void (*log_softmax_backward)(const float* grad_y, const float* y, float* grad_x, int64_t rows, int64_t cols);

  // Incremental-decoding attention (src/ops/cpu/kernels.h describes the layout).
  void (*decoder_attention)(const float* q, const float* keys, const float* values, const int32_t* row_batch,
                            const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                            int64_t head_dim, int64_t batch_stride, int64_t position_stride);
  void (*decoder_attention_probabilities)(const float* q, const float* keys, const int32_t* row_batch,
                                          const int32_t* lengths, int64_t length, float* probs, int64_t rows,
                                          int64_t heads, int64_t head_dim, int64_t batch_stride,
                                          int64_t position_stride);
  void (*decoder_attention_apply)(const float* probs, const float* values, const int32_t* row_batch,
                                  const int32_t* lengths, int64_t length, float* out, int64_t rows, int64_t heads,
                                  int64_t head_dim, int64_t batch_stride, int64_t position_stride);
  void (*cache_append)(const float* cache, const int32_t* source_rows, const float* step, float* out, int64_t rows,
                       int64_t positions, int64_t cache_capacity, int64_t out_capacity, int64_t width);
  void (*layer_norm)(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd,
                     int64_t rows, int64_t cols, float eps);
  // `scratch` holds layer_norm_backward_scratch(rows, cols) floats (may be 0).
  int64_t (*layer_norm_backward_scratch)(int64_t rows, int64_t cols);
  void (*layer_norm_backward)(const float* grad_y, const float* x, const float* gamma, const float* mean,
                              const float* rstd, float* grad_x, float* grad_gamma, float* grad_beta, int64_t rows,
                              int64_t cols, float* scratch);

  // Lightweight / dynamic convolution along time (src/ops/cpu/kernels.h describes the layout).
  void (*lite_conv)(const float* u, const float* w, float* y, const math::LiteConvShape& s);
  void (*lite_conv_backward_input)(const float* grad_y, const float* w, float* grad_u, const math::LiteConvShape& s);
  // `scratch` holds lite_conv_backward_weight_scratch(s) floats (may be 0).
  int64_t (*lite_conv_backward_weight_scratch)(const math::LiteConvShape& s);
  void (*lite_conv_backward_weight)(const float* grad_y, const float* u, float* grad_w, float* scratch,
                                    const math::LiteConvShape& s);
  void (*lite_conv_step)(const float* window, const float* w, float* y, int64_t rows, int64_t channels,
                         int64_t heads, int64_t taps, bool per_row);

  void (*permute)(const void* x, void* y, const int64_t* in_dims, const int* perm, int rank, int64_t elem_size);
  void (*copy_block)(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst,
                     int64_t offset, int64_t elem_size);
  void (*extract_block)(const void* src, void* dst, int64_t outer, int64_t inner_src, int64_t inner_dst,
                        int64_t offset, int64_t elem_size);

  void (*sum_dim)(const float* x, float* out, int64_t outer, int64_t n, int64_t inner);
  // out[outer, n, inner] = g[outer, inner] repeated along the middle dim (sum's backward).
  void (*expand_dim)(const float* g, float* out, int64_t outer, int64_t n, int64_t inner);
  // out[0] = sum of all n elements, in an order that does not depend on threads.
  void (*sum_all)(const float* x, int64_t n, float* out);

  void (*embedding)(const float* weight, int64_t vocab, int64_t dim, const void* ids, bool ids32, int64_t n,
                    float* out);
  void (*embedding_backward)(const float* grad, const void* ids, bool ids32, int64_t n, int64_t vocab, int64_t dim,
                             int64_t padding_idx, float* grad_weight);

  // Per-row label-smoothed loss and NLL (0 for ignored rows) and log-sum-exp.
  void (*cross_entropy)(const float* logits, const void* targets, bool targets32, int64_t rows, int64_t vocab,
                        float epsilon, int64_t ignore_index, float* row_loss, float* row_nll, float* logsumexp);
  void (*cross_entropy_backward)(float grad_loss, const float* logits, const void* targets, bool targets32,
                                 const float* logsumexp, int64_t rows, int64_t vocab, float epsilon,
                                 int64_t ignore_index, float* grad_logits);

  // Multi-tensor kernels: pointer arrays and `list` in the device's memory (ops/tensor_list.h builds them).
  // Adam/AdamW on every listed tensor (weights, gradient, both moments), in place.
  void (*adam_update)(float* const* w, const float* const* g, float* const* m, float* const* v,
                      const math::TensorChunks& list, math::AdamStep step);
  // Sum of squares in double: partials[list.chunks], total[0] (order of ops/math/clip_norm.h).
  void (*sum_squares)(const float* const* x, const math::TensorChunks& list, double* partials, double* total);
  // x *= math::clip_coefficient(sum_squares[0], max_norm), in place.
  void (*clip_scale)(float* const* x, const math::TensorChunks& list, const double* sum_squares, double max_norm);

  // logp [rows, vocab] in place, math::ruled_logp per element.
  void (*apply_decoding_rules)(float* logp, const int32_t* row_flags, int64_t rows, int64_t vocab,
                               const math::DecodingRules& rules);
  // x [rows, cols] -> the k best per row, in math::topk_before's order.
  void (*topk)(const float* x, int64_t rows, int64_t cols, int64_t k, float* values, int32_t* indices);

  // Row-major strided-batched GEMM, as core/gemm.h's sgemm_batched.
  void (*sgemm_batched)(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                        int64_t lda, int64_t stride_a, const float* b, int64_t ldb, int64_t stride_b, float beta,
                        float* c, int64_t ldc, int64_t stride_c, int64_t batch);
  // The same GEMM with both inputs rounded to bf16/f16 first and f32 accumulation (ops/autocast.h;
  // src/ops/cpu/kernels.h describes the arguments). `scratch` holds gemm_autocast_scratch_bytes.
  void (*gemm_autocast)(math::GemmPrecision p, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
                        float alpha, const float* a, int64_t lda, int64_t stride_a, int64_t a_elems, const float* b,
                        int64_t ldb, int64_t stride_b, int64_t b_elems, float beta, float* c, int64_t ldc,
                        int64_t stride_c, int64_t batch, void* scratch);
  int64_t (*gemm_autocast_scratch_bytes)(int64_t a_elems, int64_t b_elems);
};

}  // namespace ventris::ops
