// Sum and mean reductions, accumulated in double in a fixed order so results
// do not depend on the thread count.
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

Tensor sum(const Tensor& x);   // all elements -> shape []
Tensor mean(const Tensor& x);  // all elements -> shape []
// Over one dim; keepdim keeps it as size 1.
Tensor sum(const Tensor& x, int dim, bool keepdim = false);
Tensor mean(const Tensor& x, int dim, bool keepdim = false);
// Backward helper: repeats `grad` (x's shape with `dim` reduced, keepdim or
// not) along `dim` to `shape`.
Tensor expand_along(const Tensor& grad, const Shape& shape, int dim);

}  // namespace ventris::ops
