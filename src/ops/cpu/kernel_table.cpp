// The CPU kernel table: src/ops/cpu kernels and the core GEMM.
#include "core/gemm.h"
#include "ops/cpu/kernels.h"
#include "ops/kernel_table.h"

namespace ventris::ops {

const KernelTable& cpu_kernel_table() {
  static const KernelTable table{
      "cpu",
      cpu::binary,
      cpu::scale,
      cpu::add_scaled,
      cpu::relu,
      cpu::relu_backward,
      cpu::gelu,
      cpu::gelu_backward,
      cpu::glu,
      cpu::glu_backward,
      cpu::dropout,
      cpu::bias_activation_dropout,
      cpu::bias_activation_dropout_backward,
      cpu::softmax,
      cpu::softmax_backward,
      cpu::log_softmax,
      cpu::log_softmax_backward,
      cpu::decoder_attention,
      cpu::cache_append,
      cpu::layer_norm,
      cpu::layer_norm_backward_scratch,
      cpu::layer_norm_backward,
      cpu::permute,
      cpu::copy_block,
      cpu::extract_block,
      cpu::sum_dim,
      cpu::expand_dim,
      cpu::sum_all_into,
      cpu::embedding,
      cpu::embedding_backward,
      cpu::label_smoothed_cross_entropy,
      cpu::label_smoothed_cross_entropy_backward,
      cpu::adam_update,
      cpu::sum_squares,
      cpu::clip_scale,
      cpu::apply_decoding_rules,
      cpu::topk,
      gemm::sgemm_batched,
      cpu::gemm_autocast,
      cpu::gemm_autocast_scratch_bytes,
  };
  return table;
}

}  // namespace ventris::ops
