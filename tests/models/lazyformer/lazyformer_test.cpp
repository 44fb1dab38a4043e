// LazyFormer (architectures.md §4): with every block of size 1 it is the
// Transformer (same parameters, same bits forward and backward); lazy layers
// own no W_Q/W_K; the summed gradient of a distribution shared by three
// layers passes a finite-difference check in each lazy_prob_dropout mode;
// the modes draw the masks they promise; step-by-step decoding equals the
// full pass for encoder-only, + decoder self and + decoder cross layouts,
// and a row decodes the same bits alone or in a batch; `ventris train` and
// `ventris translate` run it through the command-line code path.
#include "models/lazyformer/lazyformer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "../../autograd/finite_difference.h"
#include "../../ops/op_test_util.h"
#include "autograd/grad_mode.h"
#include "decode/rows_alone_check.h"
#include "core/allocator.h"
#include "cli/in_process_cli.h"
#include "cli/run_binary.h"
#include "models/cli_translation.h"
#include "models/model_factory.h"
#include "models/model_file.h"
#include "models/pytorch_reference.h"
#include "models/transformer/transformer.h"
#include "ops/softmax.h"
#include "train/toy_data.h"

namespace ventris::models {
namespace {

constexpr int32_t kPad = 1, kEos = 2;
constexpr int64_t kVocab = 23;
const Vocab kTestVocab{kVocab, kVocab, kPad};

ModelConfig lazy_config(std::vector<int> enc, std::vector<int> dec_self, std::vector<int> dec_cross,
                        bool pre_norm = false) {
  ModelConfig c;
  c.arch = "lazyformer";
  c.encoder_layers = 3;
  c.decoder_layers = 3;
  c.d_model = 16;
  c.ffn_dim = 32;
  c.heads = 4;
  c.dropout = 0.1;
  c.attention_dropout = 0.1;
  c.activation_dropout = 0.1;
  c.normalize_before = pre_norm;
  c.lazy.blocks_enc = std::move(enc);
  c.lazy.blocks_dec_self = std::move(dec_self);
  c.lazy.blocks_dec_cross = std::move(dec_cross);
  return c;
}

// Three right-padded sources of lengths 5, 2 and 4 (EOS included) and their targets.
Batch sample_batch() {
  return {Tensor::from_vector<int32_t>({5, 9, 13, 7, kEos, 8, kEos, kPad, kPad, kPad, 4, 11, 6, kEos, kPad}, {3, 5}),
          Tensor::from_vector<int32_t>({kEos, 12, 6, kPad, kEos, 10, kPad, kPad, kEos, 5, 7, 13}, {3, 4}),
          Tensor::from_vector<int32_t>({12, 6, kEos, kPad, 10, kEos, kPad, kPad, 5, 7, 13, kEos}, {3, 4})};
}

void expect_same_bits(const Tensor& a, const Tensor& b, const std::string& what) {
  ASSERT_EQ(a.shape(), b.shape()) << what;
  EXPECT_EQ(std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()), 0) << what << " differs";
}

// One training-mode loss and backward (dropout everywhere it can be).
LossOutput train_pass(EncoderDecoder& model) {
  model.parameters().zero_grad();
  nn::ForwardContext ctx{true, 11, 5};
  LossOutput out = model.loss(sample_batch(), 0.1f, ctx);
  ag::backward(out.loss);
  return out;
}

TEST(LazyFormer, AllOnesBlocksAreTheTransformerBitForBit) {
  for (const auto& ones : {std::vector<int>{}, std::vector<int>{1, 1, 1}}) {
    for (bool pre_norm : {false, true}) {
      ModelConfig lazy = lazy_config(ones, ones, ones, pre_norm);
      ModelConfig plain = lazy;
      plain.arch = "transformer";
      plain.lazy = LazyConfig{};
      const auto lazy_model = make_model(lazy, kTestVocab, 3);
      const auto transformer = make_model(plain, kTestVocab, 3);
      ASSERT_NE(dynamic_cast<const LazyFormer*>(lazy_model.get()), nullptr);
      const auto& a = lazy_model->parameters().items();
      const auto& b = transformer->parameters().items();
      ASSERT_EQ(a.size(), b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].first, b[i].first) << "parameter " << i;
        expect_same_bits(a[i].second.value(), b[i].second.value(), "initial " + a[i].first);
      }
      const LossOutput la = train_pass(*lazy_model), lb = train_pass(*transformer);
      expect_same_bits(la.loss.value(), lb.loss.value(), "loss");
      for (size_t i = 0; i < a.size(); ++i)
        expect_same_bits(a[i].second.grad(), b[i].second.grad(), "gradient of " + a[i].first);
    }
  }
}

TEST(LazyFormer, LazyLayersOwnNoQueryOrKeyProjections) {
  // Encoder [2, 1]: layer 1 lazy. Decoder self [3]: layers 1, 2 lazy. Cross [1, 2]: layer 2 lazy.
  const auto model = make_model(lazy_config({2, 1}, {3}, {1, 2}), kTestVocab, 3);
  const ag::ParameterSet& p = model->parameters();
  auto has = [&](const std::string& n) { return p.contains(n); };
  EXPECT_TRUE(has("encoder.layers.0.self_attn.q_proj.weight"));
  EXPECT_FALSE(has("encoder.layers.1.self_attn.q_proj.weight"));
  EXPECT_FALSE(has("encoder.layers.1.self_attn.k_proj.bias"));
  EXPECT_TRUE(has("encoder.layers.1.self_attn.v_proj.weight"));
  EXPECT_TRUE(has("encoder.layers.1.self_attn.out_proj.weight"));
  EXPECT_TRUE(has("encoder.layers.2.self_attn.k_proj.weight"));
  EXPECT_FALSE(has("decoder.layers.1.self_attn.q_proj.weight"));
  EXPECT_FALSE(has("decoder.layers.2.self_attn.k_proj.weight"));
  EXPECT_TRUE(has("decoder.layers.1.encoder_attn.q_proj.weight")) << "heads a cross block, lazy in self";
  EXPECT_FALSE(has("decoder.layers.2.encoder_attn.k_proj.weight"));
  EXPECT_TRUE(has("decoder.layers.2.encoder_attn.v_proj.weight"));
  // Four lazy attentions, each without two D x D weights and two D biases.
  const auto plain = make_model(lazy_config({}, {}, {}), kTestVocab, 3);
  EXPECT_EQ(plain->parameters().numel() - p.numel(), 4 * 2 * (16 * 16 + 16));
  // The shared weights are the Transformer's, value for value.
  expect_same_bits(p.at("encoder.layers.1.self_attn.v_proj.weight").value(),
                   plain->parameters().at("encoder.layers.1.self_attn.v_proj.weight").value(), "v_proj");
}

// One distribution feeding three layers: d L / d P_b sums three paths into
// one softmax backward. Checked by finite differences through the input, the
// head layer's W_Q / W_K (reached only through P_b) and the last layer's W_V.
TEST(LazyFormer, SharedDistributionGradientMatchesFiniteDifferences) {
  for (LazyProbDropout mode : {LazyProbDropout::kPerLayer, LazyProbDropout::kShared, LazyProbDropout::kNone}) {
    ModelConfig c = lazy_config({3}, {}, {});
    c.d_model = 6;
    c.heads = 2;
    c.ffn_dim = 8;
    c.activation = math::Activation::Gelu;  // smooth: no ReLU kink within the step
    c.lazy.prob_dropout = mode;
    ag::ParameterSet params;
    std::vector<LazyEncoderLayer> layers;
    for (int i = 0; i < 3; ++i) layers.emplace_back(params, "l" + std::to_string(i), c, i == 0, 5);
    const Tensor pad = Tensor::from_vector<int32_t>({0, 0, 0, 0, 0, 0, 0, 1, 1}, {3, 3});  // [B, S]
    auto block = [&](const std::vector<ag::Var>& v) {
      std::vector<LazyEncoderLayer> l = layers;
      l[0].self_attn.attn.q_proj.weight = v[1];
      l[0].self_attn.attn.k_proj.weight = v[2];
      l[2].self_attn.attn.v_proj.weight = v[3];
      nn::ForwardContext eval;  // dropout off for the check (masks: MaskModes below)
      SharedDistribution shared;
      ag::Var x = v[0];
      for (const LazyEncoderLayer& layer : l) x = layer.forward(x, pad, shared, eval);
      return x;
    };
    EXPECT_GRADIENTS_MATCH(block, {test::random_tensor({3, 3, 6}, 70), layers[0].self_attn.attn.q_proj.weight.value(),
                                   layers[0].self_attn.attn.k_proj.weight.value(),
                                   layers[2].self_attn.attn.v_proj.weight.value()});
  }
}

// tests/reference/lazyformer_reference.py loads our weights: loss, encoder
// output and every gradient agree, the summed gradient of each shared
// distribution included.
ModelConfig reference_config(bool pre_norm, const std::string& share, math::Activation activation,
                             std::vector<int> enc, std::vector<int> dec_self, std::vector<int> dec_cross) {
  ModelConfig c = lazy_config(std::move(enc), std::move(dec_self), std::move(dec_cross), pre_norm);
  c.ffn_dim = 24;
  c.heads = 2;
  c.share_embeddings = config::parse_enum<ShareEmbeddings>(share, "sharing");
  c.activation = activation;
  return c;
}

TEST(LazyFormerVsPyTorch, PostNormLazyEverywhere) {
  test::compare_with_pytorch(reference_config(false, "none", math::Activation::Relu, {3}, {1, 2}, {2, 1}));
}

TEST(LazyFormerVsPyTorch, PreNormGeluShareAll) {
  test::compare_with_pytorch(reference_config(true, "all", math::Activation::Gelu, {2, 1}, {3}, {1, 2}));
}

// What the tape keeps for backward: a lazy layer saves no Q, K or
// distribution of its own, so a block of three keeps at least two [B, H, S, S]
// distributions fewer than three plain layers (measured: the held bytes after
// the forward pass, before backward).
TEST(LazyFormer, ABlockSavesOneDistributionForBackward) {
  const int64_t b = 2, s = 64, d = 16, h = 4;
  auto saved_bytes = [&](std::vector<int> blocks) {
    ModelConfig c = lazy_config(std::move(blocks), {}, {});
    c.dropout = c.attention_dropout = c.activation_dropout = 0;
    c.lazy.prob_dropout = LazyProbDropout::kNone;
    ag::ParameterSet params;
    const std::vector<bool> heads = block_heads(c.lazy.blocks_enc, 3);
    std::vector<LazyEncoderLayer> layers;
    for (int i = 0; i < 3; ++i) layers.emplace_back(params, "l" + std::to_string(i), c, heads[i], 5);
    const Tensor x = test::random_tensor({b, s, d}, 90), pad = Tensor::zeros({b, s}, DType::I32);
    const size_t before = allocator_for(Device::cpu()).stats().current_bytes;
    nn::ForwardContext ctx{true, 1, 0};
    SharedDistribution block;
    ag::Var y(x);
    for (const LazyEncoderLayer& layer : layers) y = layer.forward(y, pad, block, ctx);
    const size_t held = allocator_for(Device::cpu()).stats().current_bytes - before;
    ag::backward(ag::sum(y));  // the tape did hold what backward needs
    return held;
  };
  const size_t plain = saved_bytes({1, 1, 1}), lazy = saved_bytes({3});
  const size_t distribution = static_cast<size_t>(b * h * s * s) * sizeof(float);
  RecordProperty("plain_bytes", std::to_string(plain));
  RecordProperty("lazy_bytes", std::to_string(lazy));
  std::printf("saved for backward, 3 layers, B=%lld S=%lld: plain %zu bytes, one lazy block %zu bytes\n",
              static_cast<long long>(b), static_cast<long long>(s), plain, lazy);
  EXPECT_GE(plain, lazy + 2 * distribution);
}

// Two layers of a block with the same W_V / W_O in training mode: their
// outputs agree exactly when they applied the same mask.
TEST(LazyFormer, ProbabilityDropoutModesDrawTheMasksTheyPromise) {
  const Tensor x = test::random_tensor({2, 5, 16}, 80);
  for (LazyProbDropout mode : {LazyProbDropout::kPerLayer, LazyProbDropout::kShared, LazyProbDropout::kNone}) {
    ModelConfig c = lazy_config({}, {}, {});
    c.attention_dropout = 0.5;
    c.lazy.prob_dropout = mode;
    ag::ParameterSet params;
    const LazyAttention head(params, "head", c, true, 1);
    LazyAttention lazy(params, "lazy", c, false, 1);
    lazy.attn.v_proj = head.attn.v_proj;
    lazy.attn.out_proj = head.attn.out_proj;
    nn::ForwardContext train{true, 9, 0};
    SharedDistribution block;
    const Tensor a = head.forward(ag::Var(x), ag::Var(x), ag::Var(x), {}, block, train).value();
    const Tensor b = lazy.forward(ag::Var(x), ag::Var(x), ag::Var(x), {}, block, train).value();
    nn::ForwardContext eval;
    SharedDistribution eval_block;
    const Tensor e = head.forward(ag::Var(x), ag::Var(x), ag::Var(x), {}, eval_block, eval).value();
    const bool same_masks = a.to_vector<float>() == b.to_vector<float>();
    const bool dropped = a.to_vector<float>() != e.to_vector<float>();
    switch (mode) {
      case LazyProbDropout::kPerLayer:
        EXPECT_FALSE(same_masks) << "per-layer: each layer its own mask";
        EXPECT_TRUE(dropped);
        EXPECT_EQ(train.next_stream, 2u) << "two dropout streams";
        break;
      case LazyProbDropout::kShared:
        EXPECT_TRUE(same_masks) << "shared: one mask for the block";
        EXPECT_TRUE(dropped);
        EXPECT_EQ(train.next_stream, 1u);
        break;
      case LazyProbDropout::kNone:
        EXPECT_TRUE(same_masks);
        EXPECT_FALSE(dropped) << "none: no dropout on the distribution";
        EXPECT_EQ(train.next_stream, 0u);
        break;
    }
  }
}

std::vector<int32_t> random_prefixes(int64_t b, int64_t t, uint32_t seed) {
  return test::random_prefixes(b, t, seed, kVocab);
}

void expect_incremental_equals_full(const ModelConfig& config) {
  const auto model = make_model(config, kTestVocab, 17);
  const Tensor src = sample_batch().src;
  const int64_t b = 3, steps = 7;
  const std::vector<int32_t> tgt = random_prefixes(b, steps, 5);
  std::vector<float> full;
  {
    ag::NoGradGuard no_grad;
    nn::ForwardContext eval;
    const ag::Var enc = model->encode(src, eval);
    const ag::Var logits = model->decode(enc, model->padding_mask(src), Tensor::from_vector(tgt, {b, steps}), eval);
    full = ops::log_softmax(logits.value().reshape({b * steps, kVocab})).to_vector<float>();
  }
  DecoderState state = model->start_decoding(src);
  state.reorder({2, 0, 1, 2});  // a beam-like reorder: sentence 2 twice
  const std::vector<int64_t> sentence{2, 0, 1, 2};
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<int32_t> last;
    for (int64_t s : sentence) last.push_back(tgt[s * steps + t]);
    const auto lp = model->decode_step(Tensor::from_vector(last, {4}), state).to_vector<float>();
    double worst = 0;
    for (size_t r = 0; r < sentence.size(); ++r)
      for (int64_t v = 0; v < kVocab; ++v)
        worst = std::max(worst, static_cast<double>(std::fabs(lp[r * kVocab + v] -
                                                              full[(sentence[r] * steps + t) * kVocab + v])));
    EXPECT_LE(worst, 1e-5) << "step " << t;
  }
}

TEST(LazyFormerDecoding, EncoderOnlyLazyEqualsFullForward) {
  expect_incremental_equals_full(lazy_config({2, 1}, {}, {}));
  expect_incremental_equals_full(lazy_config({3}, {}, {}, /*pre_norm=*/true));
}

TEST(LazyFormerDecoding, LazyDecoderSelfAttentionEqualsFullForward) {
  expect_incremental_equals_full(lazy_config({2, 1}, {2, 1}, {}));
  expect_incremental_equals_full(lazy_config({3}, {1, 2}, {}, /*pre_norm=*/true));
}

TEST(LazyFormerDecoding, LazyDecoderCrossAttentionEqualsFullForward) {
  expect_incremental_equals_full(lazy_config({2, 1}, {2, 1}, {1, 2}));
  expect_incremental_equals_full(lazy_config({1, 2}, {3}, {3}, /*pre_norm=*/true));
  expect_incremental_equals_full(lazy_config({}, {}, {2, 1}));
}

TEST(LazyFormerDecoding, LazyLayersKeepOnlyValueCaches) {
  const auto model = make_model(lazy_config({2, 1}, {2, 1}, {1, 2}), kTestVocab, 3);
  const DecoderState state = model->start_decoding(sample_batch().src);
  auto names = [&](size_t layer) {
    std::vector<std::string> n;
    for (const Slot& s : state.layers[layer]) n.push_back(s.name);
    return n;
  };
  EXPECT_EQ(names(0), (std::vector<std::string>{"self_attn.k", "self_attn.v", "encoder_attn.k", "encoder_attn.v"}));
  EXPECT_EQ(names(1), (std::vector<std::string>{"self_attn.v", "encoder_attn.k", "encoder_attn.v"}));
  EXPECT_EQ(names(2), (std::vector<std::string>{"self_attn.k", "self_attn.v", "encoder_attn.v"}));
}

TEST(LazyFormerDecoding, ARowDecodesTheSameBitsAloneOrInABatch) {
  const auto model = make_model(lazy_config({2, 1}, {3}, {2, 1}, /*pre_norm=*/true), kTestVocab, 4);
  test::expect_rows_decode_as_alone(*model, 4, {2, 0, 1}, kVocab);
}

// The factory, trainer, checkpoints, model file, loader, translator and
// search, through cli::run_cli as the binary runs them.
TEST(LazyFormerCli, TrainsSavesLoadsAndTranslates) {
  test::ScopedTempDir tmp("ventris-lazy");
  const std::string config = tmp / "lazy.yaml";
  test::write_file(config,
                   "model:\n  arch: lazyformer\n  encoder_layers: 2\n  decoder_layers: 3\n  d_model: 16\n"
                   "  ffn_dim: 32\n  heads: 2\n  share_embeddings: all\n  attention_dropout: 0.1\n"
                   "  lazy_blocks_enc: [2]\n  lazy_blocks_dec_self: [1, 2]\n  lazy_blocks_dec_cross: [2, 1]\n"
                   "  lazy_prob_dropout: shared\n"
                   "train:\n  max_tokens: 512\n  lr: 1.0e-3\n  warmup_updates: 4\n  log_interval_updates: 2\n"
                   "  save_interval_updates: 3\n  validate_interval_updates: 3\n");
  ASSERT_EQ(test::run_cli({"ventris", "--config", config, "train", "--data", test::toy_data_dir(), "--model-dir",
                           tmp / "model", "--max-updates", "6"}),
            0);
  const std::string model_path = tmp / "model/checkpoint_last.safetensors";
  const ModelFileInfo info = read_model_info(model_path);
  EXPECT_EQ(info.config.arch, "lazyformer");
  EXPECT_EQ(info.config.lazy.blocks_enc, (std::vector<int>{2}));
  EXPECT_EQ(info.config.lazy.blocks_dec_self, (std::vector<int>{1, 2}));
  EXPECT_EQ(info.config.lazy.blocks_dec_cross, (std::vector<int>{2, 1}));
  EXPECT_EQ(info.config.lazy.prob_dropout, LazyProbDropout::kShared);

  const std::unique_ptr<EncoderDecoder> loaded = test::expect_cli_translation_matches_translator(model_path, tmp);
  ASSERT_NE(dynamic_cast<const LazyFormer*>(loaded.get()), nullptr) << "the loader built the family";
  EXPECT_FALSE(loaded->parameters().contains("encoder.layers.1.self_attn.q_proj.weight"));
}

}  // namespace
}  // namespace ventris::models
