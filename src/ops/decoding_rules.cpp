#include "ops/decoding_rules.h"

#include "ops/checks.h"

namespace ventris::ops {

void apply_decoding_rules(Tensor& logp, const Tensor& row_flags, const math::DecodingRules& rules) {
  detail::require_f32(logp, "apply_decoding_rules", "logp");
  VENTRIS_CHECK(logp.rank() == 2, "apply_decoding_rules: logp must be [N, V], got {}", logp.shape().str());
  const int64_t rows = logp.size(0), vocab = logp.size(1);
  detail::require_same_device(logp, row_flags, "apply_decoding_rules");
  VENTRIS_CHECK(row_flags.dtype() == DType::I32 && row_flags.rank() == 1 && row_flags.size(0) == rows,
                "apply_decoding_rules: row_flags must be [{}] I32, got {} {}", rows, row_flags.shape().str(),
                dtype_name(row_flags.dtype()));
  if (logp.numel() == 0) return;
  detail::kernel(logp, &KernelTable::apply_decoding_rules, "apply_decoding_rules")(
      logp.data<float>(), row_flags.data<int32_t>(), rows, vocab, rules);
}

}  // namespace ventris::ops
