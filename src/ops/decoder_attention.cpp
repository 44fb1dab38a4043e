#include "ops/decoder_attention.h"

#include "ops/checks.h"

namespace ventris::ops {

namespace {

// Index tensors are small; on the host their values are checked too.
void check_indices(const Tensor& t, int64_t count, int64_t upper, const char* what) {
  VENTRIS_CHECK(t.dtype() == DType::I32 && t.rank() == 1 && t.size(0) == count,
                "decoder_attention: {} must be [{}] I32, got {} {}", what, count, t.shape().str(), dtype_name(t.dtype()));
  if (!t.device().is_cpu()) return;
  for (int64_t i = 0; i < count; ++i) {
    const int32_t v = t.data<int32_t>()[i];
    VENTRIS_CHECK(v >= 0 && v <= upper, "decoder_attention: {}[{}] = {} is outside [0, {}]", what, i, v, upper);
  }
}

}  // namespace

Tensor decoder_attention(const Tensor& q, const Tensor& keys, const Tensor& values, int64_t heads,
                         const Tensor& row_batch, const Tensor& lengths, int64_t positions) {
  detail::require_f32(q, "decoder_attention", "q");
  detail::require_f32(keys, "decoder_attention", "keys");
  detail::require_f32(values, "decoder_attention", "values");
  detail::require_same_device(q, keys, "decoder_attention");
  detail::require_same_device(q, values, "decoder_attention");
  VENTRIS_CHECK(q.rank() == 2 && keys.rank() == 3 && keys.shape() == values.shape() && keys.size(2) == q.size(1),
                "decoder_attention: q {} and keys/values {} / {} do not fit [N, D] and [B, C, D]", q.shape().str(),
                keys.shape().str(), values.shape().str());
  const int64_t rows = q.size(0), entries = keys.size(0), capacity = keys.size(1), width = q.size(1);
  VENTRIS_CHECK(heads > 0 && width % heads == 0, "decoder_attention: width {} is not divisible by {} heads", width,
                heads);
  const int32_t* row_entry = nullptr;
  if (row_batch.defined()) {
    detail::require_same_device(q, row_batch, "decoder_attention");
    check_indices(row_batch, rows, entries - 1, "row_batch");
    row_entry = row_batch.data<int32_t>();
  } else {
    VENTRIS_CHECK(entries == rows, "decoder_attention: {} rows for {} cache entries needs row_batch", rows, entries);
  }
  VENTRIS_CHECK(positions <= capacity && (positions >= 0 || positions == -1),
                "decoder_attention: {} positions of a cache of {}", positions, capacity);
  VENTRIS_CHECK(!lengths.defined() || positions == -1, "decoder_attention: give lengths or positions, not both");
  const int32_t* entry_length = nullptr;
  if (lengths.defined()) {
    detail::require_same_device(q, lengths, "decoder_attention");
    check_indices(lengths, entries, capacity, "lengths");
    entry_length = lengths.data<int32_t>();
  }
  Tensor out = Tensor::empty(q.shape(), DType::F32, q.device());
  if (q.numel() == 0) return out;
  detail::kernel(q, &KernelTable::decoder_attention, "decoder_attention")(
      q.data<float>(), keys.data<float>(), values.data<float>(), row_entry, entry_length,
      positions >= 0 ? positions : capacity, out.data<float>(),
      rows, heads, width / heads, capacity * width, width);
  return out;
}

}  // namespace ventris::ops
