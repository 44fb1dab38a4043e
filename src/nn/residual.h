// The residual wrapper of every Transformer-style sub-layer (architectures.md
// §1.3): norm -> sublayer -> dropout -> residual, with the layer norm before
// the sub-layer (pre-norm) or after the sum (post-norm).
#pragma once

#include "nn/layers.h"

namespace ventris::nn {

template <class Sublayer>
ag::Var residual(const ag::Var& x, const LayerNorm& norm, bool normalize_before, float dropout, ForwardContext& ctx,
                 Sublayer&& sublayer) {
  if (normalize_before) return ag::add(x, ctx.dropout(sublayer(norm(x)), dropout));
  return norm(ag::add(x, ctx.dropout(sublayer(x), dropout)));
}

}  // namespace ventris::nn
