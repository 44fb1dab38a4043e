// Matrix products through the GEMM interface (core/gemm.h). Inside an
// ops::AutocastScope (ops/autocast.h) both inputs are rounded to bf16/f16 and
// accumulated in f32; outside, plain f32 GEMMs.
#pragma once

#include "core/tensor.h"

namespace ventris::ops {

// Linear-layer form when `b` is 2-D: a [..., K] (or [K, ...] when trans_a, 2-D
// only), b [K, N] (or [N, K] when trans_b) -> [..., N].
// Batched form when both have rank >= 3: a [*, M, K], b [*, K, N] with the
// same leading dims (transposes apply to the last two dims) -> [*, M, N].
Tensor matmul(const Tensor& a, const Tensor& b, bool trans_a = false, bool trans_b = false);

// out = alpha * matmul(a, b) + beta * out, into an existing tensor (gradient
// accumulation without a temporary).
void matmul_into(Tensor& out, const Tensor& a, const Tensor& b, bool trans_a, bool trans_b, float alpha = 1.f,
                 float beta = 0.f);

}  // namespace ventris::ops
