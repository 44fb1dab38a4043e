// Checks any model family runs the same way: the analytic gradient of every
// parameter (three entries each) against central differences of the
// evaluation-mode loss on one batch.
#pragma once

#include "models/encoder_decoder.h"

namespace ventris::test {

// Returns the worst normalized error; each entry must stay below 2e-3. Use a
// smooth activation (GELU): a ReLU kink within the step makes any finite
// difference wrong.
double expect_whole_model_gradients(models::EncoderDecoder& model, const models::Batch& batch);

}  // namespace ventris::test
