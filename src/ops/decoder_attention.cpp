#include "ops/decoder_attention.h"

#include "ops/checks.h"

namespace ventris::ops {

namespace {

// Index tensors are small; on the host their values are checked too.
void check_indices(const Tensor& t, int64_t count, int64_t upper, const char* op, const char* what) {
  VENTRIS_CHECK(t.dtype() == DType::I32 && t.rank() == 1 && t.size(0) == count, "{}: {} must be [{}] I32, got {} {}",
                op, what, count, t.shape().str(), dtype_name(t.dtype()));
  if (!t.device().is_cpu()) return;
  for (int64_t i = 0; i < count; ++i) {
    const int32_t v = t.data<int32_t>()[i];
    VENTRIS_CHECK(v >= 0 && v <= upper, "{}: {}[{}] = {} is outside [0, {}]", op, what, i, v, upper);
  }
}

// What the three step-attention ops share: `rows` queries (or distribution
// rows) over a cache [B, C, D] with heads, row_batch and lengths/positions
// checked as decoder_attention.h describes.
struct StepAttention {
  int64_t rows = 0, heads = 0, head_dim = 0, width = 0, capacity = 0, length = 0;
  const int32_t* row_entry = nullptr;
  const int32_t* entry_length = nullptr;
};

StepAttention check_step(const char* op, const Tensor& rows_of, int64_t rows, const Tensor& cache, int64_t heads,
                         const Tensor& row_batch, const Tensor& lengths, int64_t positions) {
  detail::require_f32(cache, op, "keys/values");
  detail::require_same_device(rows_of, cache, op);
  VENTRIS_CHECK(cache.rank() == 3, "{}: the cache must be [B, C, D], got {}", op, cache.shape().str());
  StepAttention a;
  a.rows = rows;
  a.heads = heads;
  a.width = cache.size(2);
  a.capacity = cache.size(1);
  const int64_t entries = cache.size(0);
  VENTRIS_CHECK(heads > 0 && a.width % heads == 0, "{}: width {} is not divisible by {} heads", op, a.width, heads);
  a.head_dim = a.width / heads;
  if (row_batch.defined()) {
    detail::require_same_device(rows_of, row_batch, op);
    check_indices(row_batch, rows, entries - 1, op, "row_batch");
    a.row_entry = row_batch.data<int32_t>();
  } else {
    VENTRIS_CHECK(entries == rows, "{}: {} rows for {} cache entries needs row_batch", op, rows, entries);
  }
  VENTRIS_CHECK(positions <= a.capacity && (positions >= 0 || positions == -1), "{}: {} positions of a cache of {}",
                op, positions, a.capacity);
  VENTRIS_CHECK(!lengths.defined() || positions == -1, "{}: give lengths or positions, not both", op);
  if (lengths.defined()) {
    detail::require_same_device(rows_of, lengths, op);
    check_indices(lengths, entries, a.capacity, op, "lengths");
    a.entry_length = lengths.data<int32_t>();
  }
  a.length = positions >= 0 ? positions : a.capacity;
  return a;
}

void require_query(const char* op, const Tensor& q, const Tensor& cache) {
  detail::require_f32(q, op, "q");
  VENTRIS_CHECK(q.rank() == 2 && cache.rank() == 3 && cache.size(2) == q.size(1),
                "{}: q {} and the cache {} do not fit [N, D] and [B, C, D]", op, q.shape().str(), cache.shape().str());
}

}  // namespace

Tensor decoder_attention(const Tensor& q, const Tensor& keys, const Tensor& values, int64_t heads,
                         const Tensor& row_batch, const Tensor& lengths, int64_t positions) {
  constexpr const char* kOp = "decoder_attention";
  require_query(kOp, q, keys);
  VENTRIS_CHECK(keys.shape() == values.shape(), "{}: keys {} and values {} differ", kOp, keys.shape().str(),
                values.shape().str());
  const StepAttention a = check_step(kOp, q, q.size(0), keys, heads, row_batch, lengths, positions);
  detail::require_f32(values, kOp, "values");
  detail::require_same_device(q, values, kOp);
  Tensor out = Tensor::empty(q.shape(), DType::F32, q.device());
  if (q.numel() == 0) return out;
  detail::kernel(q, &KernelTable::decoder_attention, kOp)(
      q.data<float>(), keys.data<float>(), values.data<float>(), a.row_entry, a.entry_length, a.length,
      out.data<float>(), a.rows, a.heads, a.head_dim, a.capacity * a.width, a.width);
  return out;
}

Tensor decoder_attention_probabilities(const Tensor& q, const Tensor& keys, int64_t heads, const Tensor& row_batch,
                                       const Tensor& lengths, int64_t positions) {
  constexpr const char* kOp = "decoder_attention_probabilities";
  require_query(kOp, q, keys);
  const StepAttention a = check_step(kOp, q, q.size(0), keys, heads, row_batch, lengths, positions);
  Tensor probs = Tensor::empty({a.rows, a.heads, a.length}, DType::F32, q.device());
  if (probs.numel() == 0) return probs;
  detail::kernel(q, &KernelTable::decoder_attention_probabilities, kOp)(
      q.data<float>(), keys.data<float>(), a.row_entry, a.entry_length, a.length, probs.data<float>(), a.rows,
      a.heads, a.head_dim, a.capacity * a.width, a.width);
  return probs;
}

Tensor decoder_attention_apply(const Tensor& probs, const Tensor& values, const Tensor& row_batch,
                               const Tensor& lengths, int64_t positions) {
  constexpr const char* kOp = "decoder_attention_apply";
  detail::require_f32(probs, kOp, "probs");
  VENTRIS_CHECK(probs.rank() == 3, "{}: probs must be [N, H, L], got {}", kOp, probs.shape().str());
  const StepAttention a = check_step(kOp, probs, probs.size(0), values, probs.size(1), row_batch, lengths, positions);
  VENTRIS_CHECK(probs.size(2) == a.length, "{}: probs {} cover {} positions, the step reads {}", kOp,
                probs.shape().str(), probs.size(2), a.length);
  Tensor out = Tensor::empty({a.rows, a.width}, DType::F32, probs.device());
  if (out.numel() == 0) return out;
  detail::kernel(probs, &KernelTable::decoder_attention_apply, kOp)(
      probs.data<float>(), values.data<float>(), a.row_entry, a.entry_length, a.length, out.data<float>(), a.rows,
      a.heads, a.head_dim, a.capacity * a.width, a.width);
  return out;
}

}  // namespace ventris::ops
