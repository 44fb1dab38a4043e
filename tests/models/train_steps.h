// A few Adam updates of a Transformer on one batch, the losses of each: the
// run the emulated-device and real-GPU suites repeat on cuda:0 and on the
// CPU to compare (header-only: the GPU suite is its own executable).
#pragma once

#include <cstdint>
#include <vector>

#include "autograd/derivatives.h"
#include "models/encoder_decoder.h"
#include "ops/autocast.h"
#include "optim/adam_optimizer.h"

namespace ventris::test {

// `updates` steps with dropout stream `step << 32`, every GEMM in `precision`.
inline std::vector<float> train_steps(models::EncoderDecoder& model, const models::Batch& batch, int updates,
                                      math::GemmPrecision precision = math::GemmPrecision::F32) {
  ops::AutocastScope autocast(precision);
  optim::Adam adam(model.parameters(), {});
  std::vector<float> losses;
  for (int step = 0; step < updates; ++step) {
    model.parameters().zero_grad();
    nn::ForwardContext ctx{true, 9, static_cast<uint64_t>(step) << 32};
    auto out = model.loss(batch, 0.1f, ctx);
    ag::backward(ag::scale(out.loss, 1.f / static_cast<float>(out.tokens)));
    adam.step(1e-3);
    losses.push_back(out.loss.value().item());
  }
  return losses;
}

}  // namespace ventris::test
