#include "nn/positional.h"

#include <cmath>

namespace ventris::nn {

namespace {
// PE(p)[j] in double, the single place the formula lives.
void fill_row(float* row, int64_t p, int64_t dim) {
  const int64_t half = dim / 2;
  const double step = half > 1 ? std::log(10000.0) / static_cast<double>(half - 1) : 0.0;
  for (int64_t i = 0; i < half; ++i) {
    const double angle = static_cast<double>(p) * std::exp(-static_cast<double>(i) * step);
    row[i] = static_cast<float>(std::sin(angle));
    row[half + i] = static_cast<float>(std::cos(angle));
  }
  if (dim % 2 == 1) row[dim - 1] = 0.f;
}
}  // namespace

Tensor sinusoidal_table(int64_t num_positions, int64_t dim) {
  VENTRIS_CHECK(dim >= 2 && num_positions >= 0, "sinusoidal_table: need dim >= 2, got dim={} positions={}", dim,
                num_positions);
  Tensor t = Tensor::empty({num_positions, dim});
  for (int64_t p = 0; p < num_positions; ++p) fill_row(t.data<float>() + p * dim, p, dim);
  return t;
}

Tensor position_ids(const Tensor& ids, int32_t pad_id, int64_t offset) {
  VENTRIS_CHECK(ids.dtype() == DType::I32 && ids.rank() == 2, "position_ids: ids must be [B, T] I32, got {} {}",
                ids.shape().str(), dtype_name(ids.dtype()));
  const int64_t batch = ids.size(0), len = ids.size(1);
  Tensor out = Tensor::empty({batch, len}, DType::I32);
  const int32_t* id = ids.data<int32_t>();
  int32_t* o = out.data<int32_t>();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < len; ++t)
      o[b * len + t] = id[b * len + t] == pad_id ? pad_id : static_cast<int32_t>(kFirstPosition + offset + t);
  return out;
}

Tensor sinusoidal_positions(const Tensor& ids, int64_t dim, int32_t pad_id, int64_t offset) {
  VENTRIS_CHECK(ids.dtype() == DType::I32 && ids.rank() == 2, "sinusoidal_positions: ids must be [B, T] I32, got {} {}",
                ids.shape().str(), dtype_name(ids.dtype()));
  const int64_t batch = ids.size(0), len = ids.size(1);
  Tensor out = Tensor::empty({batch, len, dim});
  const int32_t* id = ids.data<int32_t>();
  float* o = out.data<float>();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < len; ++t) {
      float* row = o + (b * len + t) * dim;
      if (id[b * len + t] == pad_id) {
        for (int64_t j = 0; j < dim; ++j) row[j] = 0.f;
      } else {
        fill_row(row, kFirstPosition + offset + t, dim);
      }
    }
  return out;
}

}  // namespace ventris::nn
