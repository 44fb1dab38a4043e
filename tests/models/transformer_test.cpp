// The Transformer against an independent PyTorch implementation (loss and
// every parameter gradient), a whole-model finite-difference check, and a
// tiny model that must overfit 16 sentence pairs.
#include "models/transformer/transformer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <random>

#include "autograd/grad_mode.h"
#include "cli/run_binary.h"
#include "models/whole_model_gradients.h"
#include "optim/adam_optimizer.h"
#include "pytorch_reference.h"

namespace ventris::models {
namespace {

constexpr int32_t kPad = 1;

ModelConfig tiny(bool pre_norm, const std::string& share, const std::string& activation) {
  ModelConfig c;
  c.encoder_layers = 2;
  c.decoder_layers = 2;
  c.d_model = 16;
  c.ffn_dim = 24;
  c.heads = 2;
  c.dropout = 0.1;  // inactive: the reference compares evaluation-mode passes
  c.normalize_before = pre_norm;
  c.share_embeddings = config::parse_enum<ShareEmbeddings>(share, "sharing");
  c.activation = config::parse_enum<math::Activation>(activation, "activation");
  return c;
}

using test::compare_with_pytorch;
using test::sample_batch;

TEST(TransformerVsPyTorch, PostNormReluNoSharing) { compare_with_pytorch(tiny(false, "none", "relu")); }
TEST(TransformerVsPyTorch, PreNormGeluShareAll) { compare_with_pytorch(tiny(true, "all", "gelu")); }
TEST(TransformerVsPyTorch, PostNormDecoderInOut) { compare_with_pytorch(tiny(false, "decoder-in-out", "relu")); }

TEST(TransformerVsPyTorch, PostNormLearnedPositions) {
  ModelConfig c = tiny(false, "decoder-in-out", "relu");
  c.positions = Positions::kLearned;
  c.max_positions = 12;
  compare_with_pytorch(c);
}

TEST(Transformer, LearnedPositionsAreParametersWithAZeroPadRow) {
  ModelConfig c = tiny(false, "all", "relu");
  c.positions = Positions::kLearned;
  c.max_positions = 10;
  Transformer model(c, {13, 13, kPad}, 7);
  const Tensor& table = model.parameters().at("decoder.embed_positions.weight").value();
  EXPECT_EQ(table.shape(), Shape({12, 16}));  // max_positions + pad + 1 rows, as fairseq
  for (float v : table.slice(kPad, kPad + 1).to_vector<float>()) EXPECT_EQ(v, 0.f);
  Batch batch = sample_batch(13);
  nn::ForwardContext ctx;
  ag::backward(model.loss(batch, 0.1f, ctx).loss);
  const auto g = model.parameters().at("encoder.embed_positions.weight").grad().to_vector<float>();
  for (int j = 0; j < 16; ++j) EXPECT_EQ(g[kPad * 16 + j], 0.f) << "pad positions get no gradient";
  double used = 0;
  for (int j = 0; j < 16; ++j) used += std::fabs(g[2 * 16 + j]);
  EXPECT_GT(used, 0) << "the first real position learns";
  // Parameter count differs from the sinusoidal model by exactly the two tables.
  Transformer sinusoidal(tiny(false, "all", "relu"), {13, 13, kPad}, 7);
  EXPECT_EQ(model.parameters().numel() - sinusoidal.parameters().numel(), 2 * 12 * 16);
}

TEST(Transformer, WholeModelFiniteDifferenceCheck) {
  // GELU: the loss must be smooth within the step (a ReLU kink a few 1e-3 away
  // makes any finite difference wrong, as measured on this model).
  Transformer model(tiny(false, "none", "gelu"), {13, 13, kPad}, 7);
  const double worst = test::expect_whole_model_gradients(model, sample_batch(13));
  RecordProperty("worst_normalized_error", std::to_string(worst));
}

TEST(Transformer, TinyModelOverfitsSixteenPairs) {
  // 16 random pairs of 3..6 tokens; targets are a fixed function of the source.
  std::mt19937 rng(3);
  const int64_t vocab = 20, B = 16, S = 7, T = 7;
  std::vector<int32_t> src(B * S, kPad), tin(B * T, kPad), tout(B * T, kPad);
  for (int64_t b = 0; b < B; ++b) {
    const int64_t len = 3 + b % 4;
    for (int64_t t = 0; t < len; ++t) src[b * S + t] = 4 + static_cast<int32_t>(rng() % (vocab - 4));
    src[b * S + len] = 2;  // EOS
    tin[b * T] = 2;
    for (int64_t t = 0; t < len; ++t) {
      const int32_t y = 4 + (src[b * S + len - 1 - t] - 4 + 3) % (vocab - 4);  // reversed and shifted
      tout[b * T + t] = y;
      tin[b * T + t + 1] = y;
    }
    tout[b * T + len] = 2;
  }
  Batch batch{Tensor::from_vector(src, {B, S}), Tensor::from_vector(tin, {B, T}), Tensor::from_vector(tout, {B, T})};
  ModelConfig config = tiny(false, "all", "relu");
  config.d_model = 32;
  config.ffn_dim = 64;
  config.heads = 4;
  config.dropout = 0.0;
  Transformer model(config, {vocab, vocab, kPad}, 11);
  optim::Adam adam(model.parameters(), {0.9, 0.98, 1e-9, 0.0, true});
  double per_token = 0;
  for (int step = 0; step < 300; ++step) {
    model.parameters().zero_grad();
    nn::ForwardContext ctx{true, 5, static_cast<uint64_t>(step) << 32};
    LossOutput out = model.loss(batch, 0.0f, ctx);
    // Normalize by target tokens, as training does.
    ag::backward(ag::scale(out.loss, 1.f / static_cast<float>(out.tokens)));
    adam.step(3e-3);
    per_token = out.nll.item() / static_cast<double>(out.tokens);
  }
  EXPECT_LT(per_token, 0.05) << "NLL per token after 300 updates";
}

}  // namespace
}  // namespace ventris::models
