// The CPU kernel table: src/ops/cpu kernels and the core GEMM. One designated
// initializer per entry of ops::KernelTable, in declaration order (C++20
// rejects any other order): each kernel is bound to its entry by name, so two
// kernels of the same signature cannot trade places by position. Every entry
// is set (kernel_table.h's rule): a missing one fails to compile here, a null
// one fails tests/ops/kernel_table_test.cpp.
#include "core/gemm.h"
#include "ops/cpu/kernels.h"
#include "ops/kernel_table.h"

namespace ventris::ops {

// GCC (and nvcc's host pass) warn on a field left out of a designated initializer;
// here that is an error.
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wmissing-field-initializers"
const KernelTable& cpu_kernel_table() {
  static const KernelTable table{
      .name = "cpu",
      .binary = cpu::binary,
      .scale = cpu::scale,
      .add_scaled = cpu::add_scaled,
      .relu = cpu::relu,
      .relu_backward = cpu::relu_backward,
      .gelu = cpu::gelu,
      .gelu_backward = cpu::gelu_backward,
      .glu = cpu::glu,
      .glu_backward = cpu::glu_backward,
      .dropout = cpu::dropout,
      .bias_activation_dropout = cpu::bias_activation_dropout,
      .bias_activation_dropout_backward = cpu::bias_activation_dropout_backward,
      .softmax = cpu::softmax,
      .softmax_backward = cpu::softmax_backward,
      .log_softmax = cpu::log_softmax,
      .log_softmax_backward = cpu::log_softmax_backward,
      .decoder_attention = cpu::decoder_attention,
      .decoder_attention_probabilities = cpu::decoder_attention_probabilities,
      .decoder_attention_apply = cpu::decoder_attention_apply,
      .cache_append = cpu::cache_append,
      .layer_norm = cpu::layer_norm,
      .layer_norm_backward_scratch = cpu::layer_norm_backward_scratch,
      .layer_norm_backward = cpu::layer_norm_backward,
      .lite_conv = cpu::lite_conv,
      .lite_conv_backward_input = cpu::lite_conv_backward_input,
      .lite_conv_backward_weight_scratch = cpu::lite_conv_backward_weight_scratch,
      .lite_conv_backward_weight = cpu::lite_conv_backward_weight,
      .lite_conv_step = cpu::lite_conv_step,
      .permute = cpu::permute,
      .copy_block = cpu::copy_block,
      .extract_block = cpu::extract_block,
      .sum_dim = cpu::sum_dim,
      .expand_dim = cpu::expand_dim,
      .sum_all = cpu::sum_all_into,
      .embedding = cpu::embedding,
      .embedding_backward = cpu::embedding_backward,
      .cross_entropy = cpu::label_smoothed_cross_entropy,
      .cross_entropy_backward = cpu::label_smoothed_cross_entropy_backward,
      .adam_update = cpu::adam_update,
      .sum_squares = cpu::sum_squares,
      .clip_scale = cpu::clip_scale,
      .apply_decoding_rules = cpu::apply_decoding_rules,
      .topk = cpu::topk,
      .sgemm_batched = gemm::sgemm_batched,
      .gemm_autocast = cpu::gemm_autocast,
      .gemm_autocast_scratch_bytes = cpu::gemm_autocast_scratch_bytes,
  };
  return table;
}
#pragma GCC diagnostic pop

}  // namespace ventris::ops
