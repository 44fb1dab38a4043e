#include "ops/layout.h"

#include <numeric>

#include "ops/checks.h"

namespace ventris::ops {

std::vector<int> inverse_permutation(const std::vector<int>& dims) {
  std::vector<int> inv(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) inv[dims[i]] = static_cast<int>(i);
  return inv;
}

Tensor permute(const Tensor& x, const std::vector<int>& dims) {
  VENTRIS_CHECK(x.defined(), "permute: undefined tensor");
  VENTRIS_CHECK(static_cast<int>(dims.size()) == x.rank(), "permute: {} dims given for a rank-{} tensor",
                dims.size(), x.rank());
  std::vector<int> perm(dims);
  std::vector<bool> seen(dims.size(), false);
  std::vector<int64_t> out_dims(dims.size()), in_dims = x.shape().vec();
  for (size_t i = 0; i < dims.size(); ++i) {
    perm[i] = x.shape().normalize(dims[i]);
    VENTRIS_CHECK(!seen[perm[i]], "permute: dim {} repeated", perm[i]);
    seen[perm[i]] = true;
    out_dims[i] = in_dims[perm[i]];
  }
  Tensor y = Tensor::empty(Shape(out_dims), x.dtype(), x.device());
  if (y.numel() > 0)
    detail::kernel(x, &KernelTable::permute, "permute")(x.raw_data(), y.raw_data(), in_dims.data(), perm.data(),
                                                        x.rank(), static_cast<int64_t>(dtype_size(x.dtype())));
  return y;
}

Tensor transpose(const Tensor& x, int dim0, int dim1) {
  std::vector<int> dims(x.rank());
  std::iota(dims.begin(), dims.end(), 0);
  std::swap(dims[x.shape().normalize(dim0)], dims[x.shape().normalize(dim1)]);
  return permute(x, dims);
}

Tensor concat(const std::vector<Tensor>& parts, int dim) {
  VENTRIS_CHECK(!parts.empty(), "concat: no tensors");
  const Tensor& first = parts[0];
  const int d = first.shape().normalize(dim);
  std::vector<int64_t> dims = first.shape().vec();
  int64_t total = 0;
  for (const Tensor& p : parts) {
    detail::require_same_device(first, p, "concat");
    VENTRIS_CHECK(p.rank() == first.rank() && p.dtype() == first.dtype(), "concat: parts differ in rank or dtype");
    for (int i = 0; i < p.rank(); ++i)
      VENTRIS_CHECK(i == d || p.size(i) == first.size(i), "concat: {} and {} differ outside dim {}",
                    p.shape().str(), first.shape().str(), d);
    total += p.size(d);
  }
  dims[d] = total;
  Tensor out = Tensor::empty(Shape(dims), first.dtype(), first.device());
  const int64_t outer = first.shape().count(0, d);
  const int64_t tail = first.shape().count(d + 1, first.rank());
  const int64_t elem = static_cast<int64_t>(dtype_size(first.dtype()));
  int64_t offset = 0;
  for (const Tensor& p : parts) {
    const int64_t inner = p.size(d) * tail;
    if (inner > 0 && outer > 0)
      detail::kernel(out, &KernelTable::copy_block, "concat")(p.raw_data(), out.raw_data(), outer, inner,
                                                               total * tail, offset, elem);
    offset += inner;
  }
  return out;
}

std::vector<Tensor> split(const Tensor& x, const std::vector<int64_t>& sizes, int dim) {
  VENTRIS_CHECK(x.defined(), "split: undefined tensor");
  const int d = x.shape().normalize(dim);
  const int64_t sum = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
  VENTRIS_CHECK(sum == x.size(d), "split: sizes sum to {} but dim {} has {}", sum, d, x.size(d));
  const int64_t outer = x.shape().count(0, d);
  const int64_t tail = x.shape().count(d + 1, x.rank());
  const int64_t elem = static_cast<int64_t>(dtype_size(x.dtype()));
  std::vector<Tensor> parts;
  int64_t offset = 0;
  for (int64_t s : sizes) {
    std::vector<int64_t> dims = x.shape().vec();
    dims[d] = s;
    Tensor p = Tensor::empty(Shape(dims), x.dtype(), x.device());
    if (s * tail > 0 && outer > 0)
      detail::kernel(x, &KernelTable::extract_block, "split")(x.raw_data(), p.raw_data(), outer, x.size(d) * tail,
                                                             s * tail, offset, elem);
    offset += s * tail;
    parts.push_back(p);
  }
  return parts;
}

}  // namespace ventris::ops
