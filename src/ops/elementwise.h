// Elementwise arithmetic with broadcasting over leading dims: the smaller
// operand's shape must be a suffix of the larger's (e.g. a bias [D] onto
// [B, T, D], or a mask [T, T] onto [B, H, T, T]).
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor scale(const Tensor& a, float s);
// x *= s, in place.
void scale_(Tensor& x, float s);
// dst += s * src (same shape), in place.
void add_scaled_(Tensor& dst, const Tensor& src, float s = 1.f);
// Sums the leading dims of `x` away so the result has shape `target`, which
// must be a suffix of x's shape: the backward of broadcasting.
Tensor sum_to_suffix(const Tensor& x, const Shape& target);

}  // namespace ventris::ops
