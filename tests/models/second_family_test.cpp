// The model seam carries a new family without touching a caller: a family
// defined only in this test (a Transformer whose decoder layers replace
// self-attention with a causal window over the last two inputs, kept in a
// window slot while decoding) is registered with the factory, then
//   - decodes step by step as its full pass does, through beam reorders,
//   - trains, checkpoints and translates through the real command-line code
//     path (cli::run_cli in-process: `ventris train` then `ventris translate`),
//     and the CLI's translations equal the in-process Translator's.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "autograd/grad_mode.h"
#include "cli/in_process_cli.h"
#include "cli/run_binary.h"
#include "cli/subcommand.h"
#include "data/spm_vocab.h"
#include "decode/translator.h"
#include "models/attention_blocks.h"
#include "models/cli_translation.h"
#include "models/embeddings.h"
#include "models/model_factory.h"
#include "models/model_file.h"
#include "models/train_steps.h"
#include "models/transformer/encoder_layer.h"
#include "nn/residual.h"
#include "ops/softmax.h"
#include "train/toy_data.h"

namespace ventris::models {
namespace {

constexpr int64_t kWindow = 2;  // the sub-block mixes x_t with the two inputs before it

// y_t = W · mean(x_(t-2), x_(t-1), x_t) + b, zeros before the first token.
struct WindowMix {
  nn::Linear proj;
  ag::Var operator()(const ag::Var& x, const LayerPass& at, size_t slot) const {
    ag::Var sum;
    if (at.incremental()) {
      // [N, W + 1, D]: the slot's window, then x.
      const Tensor window = at.pass.state().push(at.layer, slot, x.value());
      sum = ag::sum(ag::Var(window), 1, /*keepdim=*/true);
    } else {
      const int64_t b = x.size(0), t = x.size(1), d = x.size(2);
      sum = x;
      for (int64_t shift = 1; shift <= kWindow; ++shift) {
        const ag::Var zeros(Tensor::zeros({b, std::min(shift, t), d}));
        sum = ag::add(sum, shift >= t ? zeros : ag::concat({zeros, ag::split(x, {t - shift, shift}, 1)[0]}, 1));
      }
    }
    return proj(ag::scale(sum, 1.f / static_cast<float>(kWindow + 1)));
  }
};

class WindowDecoderModel : public EncoderDecoder {
 public:
  WindowDecoderModel(const ModelConfig& c, const Vocab& v, uint64_t seed)
      : EncoderDecoder(c, v), embeddings_(params_, config_, vocab_, seed) {
    for (int i = 0; i < c.encoder_layers; ++i)
      encoder_.emplace_back(params_, "encoder.layers." + std::to_string(i), config_, seed);
    for (int i = 0; i < c.decoder_layers; ++i) {
      const std::string p = "decoder.layers." + std::to_string(i);
      decoder_.push_back({WindowMix{nn::Linear(params_, p + ".window", c.d_model, c.d_model, 1.f, seed)},
                          nn::MultiHeadAttention(params_, p + ".encoder_attn", c.d_model, c.heads, 0.f, seed),
                          nn::LayerNorm(params_, p + ".window_layer_norm", c.d_model),
                          nn::LayerNorm(params_, p + ".encoder_attn_layer_norm", c.d_model),
                          nn::LayerNorm(params_, p + ".final_layer_norm", c.d_model),
                          nn::FeedForward(params_, p, c.d_model, c.ffn_dim, c.activation, 0.f, seed)});
    }
  }

  ag::Var encode(const Tensor& src, nn::ForwardContext& ctx) const override {
    const Tensor pad = padding_mask(src);
    ag::Var x = embeddings_.encoder(src, ctx);
    for (const auto& layer : encoder_) x = layer.forward(x, pad, ctx);
    return x;
  }
  ag::Var decode(const ag::Var& enc, const Tensor& src_padding, const Tensor& tgt_in,
                 nn::ForwardContext& ctx) const override {
    return embeddings_.output_logits(run(embeddings_.decoder(tgt_in, ctx), DecoderPass::full(enc, src_padding), ctx));
  }
  ag::Var step_logits(const Tensor& tokens, DecoderState& state, nn::ForwardContext& eval) const override {
    const ag::Var y = run(embeddings_.decoder(tokens, eval, state.steps), DecoderPass::step(state), eval);
    return embeddings_.output_logits(ag::reshape(y, {tokens.size(0), config_.d_model}));
  }

 private:
  struct Layer {
    WindowMix window;
    nn::MultiHeadAttention encoder_attn;
    nn::LayerNorm window_norm, encoder_attn_norm, final_norm;
    nn::FeedForward ffn;
  };
  static constexpr size_t kWindowSlot = 0;
  static constexpr KeyValueSlots kCross{1, 2};

  std::vector<std::vector<Slot>> decoder_slots(const ag::Var& enc) const override {
    std::vector<std::vector<Slot>> layers;
    for (const Layer& layer : decoder_) {
      std::vector<Slot> slots{window_slot("window", kWindow, enc.size(0), config_.d_model, enc.value().device())};
      add_cross_attention_slots(slots, "encoder_attn", layer.encoder_attn, enc);
      layers.push_back(std::move(slots));
    }
    return layers;
  }
  ag::Var run(ag::Var x, const DecoderPass& pass, nn::ForwardContext& ctx) const {
    const auto p = static_cast<float>(config_.dropout);
    for (size_t i = 0; i < decoder_.size(); ++i) {
      const Layer& l = decoder_[i];
      const LayerPass at{pass, i};
      x = nn::residual(x, l.window_norm, false, p, ctx, [&](const ag::Var& in) { return l.window(in, at, kWindowSlot); });
      x = nn::residual(x, l.encoder_attn_norm, false, p, ctx,
                       [&](const ag::Var& in) { return cross_attention(l.encoder_attn, in, at, kCross, ctx); });
      x = nn::residual(x, l.final_norm, false, p, ctx, [&](const ag::Var& in) { return l.ffn(in, ctx); });
    }
    return x;
  }

  Embeddings embeddings_;
  std::vector<TransformerEncoderLayer> encoder_;
  std::vector<Layer> decoder_;
};

void register_window_family() {
  register_model_family("test-window", [](const ModelConfig& c, const Vocab& v, uint64_t seed) {
    return std::unique_ptr<EncoderDecoder>(std::make_unique<WindowDecoderModel>(c, v, seed));
  });
}

ModelConfig window_config() {
  ModelConfig c;
  c.arch = "test-window";
  c.encoder_layers = 1;
  c.decoder_layers = 2;
  c.d_model = 16;
  c.ffn_dim = 32;
  c.heads = 2;
  c.dropout = 0.1;
  c.max_positions = 64;
  return c;
}

TEST(SecondModelFamily, FactoryBuildsItAndUnknownFamiliesAreNamed) {
  register_window_family();
  const auto model = make_model(window_config(), {19, 19, 1}, 3);
  EXPECT_NE(dynamic_cast<const WindowDecoderModel*>(model.get()), nullptr);
  EXPECT_TRUE(model->parameters().contains("decoder.layers.1.window.weight"));
  ModelConfig unknown = window_config();
  unknown.arch = "no-such-family";
  try {
    make_model(unknown, {19, 19, 1}, 3);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-family"), std::string::npos) << e.what();
  }
}

// Every step of the window slot's incremental decoding equals the full pass,
// through a beam-like reorder (duplicated and retired rows).
TEST(SecondModelFamily, StepByStepEqualsTheFullPassThroughReorders) {
  register_window_family();
  const auto model = make_model(window_config(), {19, 19, 1}, 4);
  const std::vector<int32_t> src{5, 9, 13, 2, 7, 2, 1, 1};  // [2, 4], second row padded
  const Tensor src_ids = Tensor::from_vector(src, {2, 4});
  // Row sources after the reorder below: sentence 1 twice, sentence 0 once.
  const std::vector<std::vector<int32_t>> prefixes{{2, 4, 6, 8, 10, 12}, {2, 11, 7, 5, 16, 3}};
  DecoderState state = model->start_decoding(src_ids);
  state.reorder({1, 1, 0});
  const std::vector<int64_t> sentence{1, 1, 0};
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  const ag::Var enc = model->encode(src_ids, eval);
  const int64_t t = 6;
  std::vector<int32_t> tgt;
  for (const auto& p : prefixes) tgt.insert(tgt.end(), p.begin(), p.end());
  const Tensor full = ops::log_softmax(
      model->decode(enc, model->padding_mask(src_ids), Tensor::from_vector(tgt, {2, t}), eval).value().reshape({2 * t, 19}));
  const auto full_lp = full.to_vector<float>();
  for (int64_t step = 0; step < t; ++step) {
    std::vector<int32_t> last;
    for (int64_t s : sentence) last.push_back(prefixes[s][step]);
    const auto lp = model->decode_step(Tensor::from_vector(last, {static_cast<int64_t>(last.size())}), state)
                        .to_vector<float>();
    for (size_t r = 0; r < sentence.size(); ++r)
      for (int64_t v = 0; v < 19; ++v)
        ASSERT_NEAR(lp[r * 19 + v], full_lp[(sentence[r] * t + step) * 19 + v], 1e-5)
            << "step " << step << " row " << r << " token " << v;
  }
  EXPECT_EQ(state.layers[1][0].value.shape(), Shape({3, kWindow, 16}));
}

using test::lines_of;
using test::run_cli;

// `ventris train` and `ventris translate` run the family through the same
// code path as the binary: factory, trainer, checkpoints, model file, loader,
// translator, search.
TEST(SecondModelFamily, TrainsSavesLoadsAndTranslatesThroughTheCli) {
  register_window_family();
  test::ScopedTempDir tmp("ventris-family");
  const std::string config = tmp / "window.yaml";
  test::write_file(config,
                   "model:\n  arch: test-window\n  encoder_layers: 1\n  decoder_layers: 2\n  d_model: 16\n"
                   "  ffn_dim: 32\n  heads: 2\n  share_embeddings: all\n"
                   "train:\n  max_tokens: 512\n  lr: 1.0e-3\n  warmup_updates: 4\n  log_interval_updates: 2\n"
                   "  save_interval_updates: 3\n  validate_interval_updates: 3\n");
  ASSERT_EQ(run_cli({"ventris", "--config", config, "train", "--data", test::toy_data_dir(), "--model-dir",
                     tmp / "model", "--max-updates", "6"}),
            0);
  const std::string model_path = tmp / "model/checkpoint_last.safetensors";
  ModelFileInfo info = read_model_info(model_path);
  EXPECT_EQ(info.config.arch, "test-window") << "the model file records the family";
  try {
    run_cli({"ventris", "--config", config, "train", "--data", test::toy_data_dir(), "--model-dir", tmp / "other",
             "--max-updates", "1", "--arch", "no-such-family"});
    FAIL() << "an unknown family must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-family"), std::string::npos) << e.what();
  }

  const std::unique_ptr<EncoderDecoder> loaded = test::expect_cli_translation_matches_translator(model_path, tmp);
  EXPECT_NE(dynamic_cast<const WindowDecoderModel*>(loaded.get()), nullptr) << "the loader built the family";
}

}  // namespace
}  // namespace ventris::models
