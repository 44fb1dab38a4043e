// Data movement: permute/transpose (e.g. [B, T, H, Dh] <-> [B, H, T, Dh] for
// attention heads), concat and split along a dim.
#pragma once

#include <vector>

#include "core/tensor.h"

namespace ventris::ops {

// out.shape[i] = x.shape[dims[i]]. The backward is permute with inverse_permutation(dims).
Tensor permute(const Tensor& x, const std::vector<int>& dims);
Tensor transpose(const Tensor& x, int dim0, int dim1);
std::vector<int> inverse_permutation(const std::vector<int>& dims);

// All parts must agree on every dim but `dim`.
Tensor concat(const std::vector<Tensor>& parts, int dim);
// Splits `x` along `dim` into pieces of the given sizes (summing to x.size(dim)).
std::vector<Tensor> split(const Tensor& x, const std::vector<int64_t>& sizes, int dim);

}  // namespace ventris::ops
