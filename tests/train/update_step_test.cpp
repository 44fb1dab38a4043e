// update_freq: gradients summed over micro-batches, normalised by the tokens
// of the whole update, equal the gradient of one batch holding them all.
#include "train/update_step.h"

#include <gtest/gtest.h>

#include <cmath>

#include "data/dataset_format.h"
#include "models/model_factory.h"
#include "train/toy_data.h"
#include "train/training_data.h"

namespace ventris::train {
namespace {

std::vector<std::pair<std::string, std::vector<float>>> gradients(models::EncoderDecoder& model) {
  std::vector<std::pair<std::string, std::vector<float>>> out;
  for (const auto& [name, p] : model.parameters().items())
    if (p.grad().defined()) out.emplace_back(name, p.grad().to_vector<float>());
  return out;
}

TEST(UpdateStep, AccumulatedMicroBatchesEqualOneBigBatch) {
  TrainingData data = load_training_data(test::toy_data_dir(), false);
  models::ModelConfig config = test::tiny_model_config();
  config.dropout = 0;  // masks depend on the micro-batch; the identity holds without dropout
  const auto owned = models::make_model(config, data.vocab, 3);
  models::EncoderDecoder& model = *owned;
  // Different lengths, so the big batch pads the short sentences more.
  const std::vector<int64_t> all{0, 1, 2, 3, 4, 5, 6};
  UpdateSums big = accumulate_gradients(model, *data.train, {all}, 0.1f, 1, 0, false);
  auto g_big = gradients(model);
  UpdateSums small = accumulate_gradients(model, *data.train, {{0, 1, 2}, {3, 4}, {5, 6}}, 0.1f, 1, 0, false);
  auto g_small = gradients(model);

  EXPECT_EQ(big.tokens, small.tokens);
  EXPECT_EQ(big.sentences, 7);
  EXPECT_NEAR(big.loss, small.loss, 1e-4 * std::abs(big.loss));
  ASSERT_EQ(g_big.size(), g_small.size());
  // Relative to each parameter's largest gradient, floored at 1e-3 of the
  // largest overall: the key-projection biases have an exactly zero true
  // gradient (softmax shift invariance) and hold rounding noise only.
  double global = 0;
  for (const auto& [name, g] : g_big)
    for (float v : g) global = std::max(global, static_cast<double>(std::abs(v)));
  double worst = 0;
  std::string worst_name;
  for (size_t i = 0; i < g_big.size(); ++i) {
    ASSERT_EQ(g_big[i].first, g_small[i].first);
    double norm = 1e-3 * global;
    for (float v : g_big[i].second) norm = std::max(norm, static_cast<double>(std::abs(v)));
    for (size_t k = 0; k < g_big[i].second.size(); ++k) {
      const double d = std::abs(g_big[i].second[k] - g_small[i].second[k]) / norm;
      if (d > worst) worst = d, worst_name = g_big[i].first;
    }
  }
  EXPECT_LT(worst, 1e-5) << "worst relative difference, in " << worst_name;
}

TEST(UpdateStep, MakeBatchShiftsTargetsAndPadsRight) {
  TrainingData data = load_training_data(test::toy_data_dir(), false);
  models::Batch b = make_batch(*data.train, {0, 1}, 1, 2);
  ASSERT_EQ(b.src.size(0), 2);
  auto tin = b.tgt_in.to_vector<int32_t>(), tout = b.tgt_out.to_vector<int32_t>();
  const int64_t t = b.tgt_in.size(1);
  for (int r = 0; r < 2; ++r) {
    auto y = data.train->tgt(r);
    EXPECT_EQ(tin[r * t], 2) << "decoder input starts with EOS";
    for (size_t k = 0; k < y.size(); ++k) EXPECT_EQ(tout[r * t + k], y[k]);
    for (size_t k = 1; k < y.size(); ++k) EXPECT_EQ(tin[r * t + k], y[k - 1]);
    for (int64_t k = static_cast<int64_t>(y.size()); k < t; ++k) {
      EXPECT_EQ(tout[r * t + k], 1);
      EXPECT_EQ(tin[r * t + k], 1);
    }
    EXPECT_EQ(y.back(), 2) << "stored targets end with EOS";
  }
  EXPECT_EQ(target_tokens(*data.train, {0, 1}),
            static_cast<int64_t>(data.train->tgt(0).size() + data.train->tgt(1).size()));
}

}  // namespace
}  // namespace ventris::train
