// The Lite Transformer family (architectures.md §3, §7): config errors name
// their key; incremental decoding equals the full pass for both convolution
// types (kernels longer and shorter than the sequence); padding never reaches
// real positions (§3.4) unless the reference placement is asked for; rows
// decode alone as in a batch, bit for bit; whole-model finite differences;
// DropConnect masks per (sentence, position, head); thread-count determinism.
#include "models/lite/lite_transformer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "autograd/grad_mode.h"
#include "decode/rows_alone_check.h"
#include "decode/decoding_fixtures.h"
#include "core/threads.h"
#include "models/model_factory.h"
#include "models/pytorch_reference.h"
#include "models/whole_model_gradients.h"
#include "models/train_steps.h"
#include "ops/softmax.h"

namespace ventris::models {
namespace {

constexpr int32_t kPad = 1, kEos = 2;
constexpr int64_t kVocab = 23;

// 2+2 layers, D 16 = attention 8 (2 heads) + convolution 8 (2 heads); encoder
// kernels 3 and 7, decoder kernels 3 and 9 (longer than the targets below).
ModelConfig lite_config(const std::string& conv, bool glu) {
  ModelConfig c;
  c.arch = "lite";
  c.encoder_layers = 2;
  c.decoder_layers = 2;
  c.d_model = 16;
  c.ffn_dim = 16;
  c.heads = 4;  // full-width cross-attention
  c.dropout = 0.3;  // must not matter in evaluation mode
  c.lite.branches = {"attn:1:D/2:2", conv + ":default:8:2"};
  c.lite.encoder_kernel_sizes = {3, 7};
  c.lite.decoder_kernel_sizes = {3, 9};
  c.lite.glu = glu;
  c.lite.weight_dropout = 0.2;
  return c;
}

std::unique_ptr<EncoderDecoder> build(const ModelConfig& c, uint64_t seed = 17) {
  return make_model(c, {kVocab, kVocab, kPad}, seed);
}

using test::padded_sources;
std::vector<int32_t> random_prefixes(int64_t b, int64_t t, uint32_t seed) {
  return test::random_prefixes(b, t, seed, kVocab);
}

std::string error_of(const ModelConfig& c) {
  try {
    c.validate();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(LiteConfig, BadValuesAreOneLineErrorsNamingTheKey) {
  const ModelConfig good = lite_config("dynamic", true);
  EXPECT_EQ(error_of(good), "");
  auto with = [&](auto change) {
    ModelConfig c = good;
    change(c);
    return error_of(c);
  };
  const std::vector<std::pair<std::string, std::string>> cases{
      {with([](ModelConfig& c) { c.lite.branches = {"attn:1:8:2", "dynamic:default:4:2"}; }), "model.lite_branches"},
      {with([](ModelConfig& c) { c.lite.branches = {"attn:1:8:2", "dynamic:4:8:2"}; }), "even"},
      {with([](ModelConfig& c) { c.lite.branches = {"attn:1:8:2", "dynamic:default:8:3"}; }), "heads do not divide"},
      {with([](ModelConfig& c) { c.lite.branches = {"attn:1:8:2", "conv:default:8:2"}; }), "attn, lightweight or dynamic"},
      {with([](ModelConfig& c) { c.lite.branches = {"attn:1:D/3:2", "dynamic:default:8:2"}; }), "D/3"},
      {with([](ModelConfig& c) { c.lite.encoder_kernel_sizes = {3}; }), "model.lite_encoder_kernel_sizes"},
      {with([](ModelConfig& c) { c.lite.decoder_kernel_sizes = {3, 4}; }), "model.lite_decoder_kernel_sizes"},
      {with([](ModelConfig& c) { c.lite.weight_dropout = 1.0; }), "model.lite_weight_dropout"},
      {with([](ModelConfig& c) { c.arch = "transformer"; }), "model.lite_"},
  };
  for (const auto& [message, key] : cases) {
    EXPECT_NE(message.find(key), std::string::npos) << "'" << message << "' should name " << key;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(LiteTransformer, ParametersFollowTheBranchDeclarations) {
  const auto model = build(lite_config("dynamic", true));
  const ag::ParameterSet& p = model->parameters();
  EXPECT_EQ(p.at("encoder.layers.0.self_attn.branches.0.q_proj.weight").shape(), Shape({8, 8}));
  EXPECT_EQ(p.at("encoder.layers.0.self_attn.branches.1.linear1.weight").shape(), Shape({16, 8})) << "GLU doubles W_1";
  EXPECT_EQ(p.at("encoder.layers.1.self_attn.branches.1.conv.weight_linear.weight").shape(), Shape({2 * 7, 8}));
  EXPECT_EQ(p.at("decoder.layers.1.self_attn.branches.1.conv.weight_linear.weight").shape(), Shape({2 * 9, 8}));
  EXPECT_EQ(p.at("decoder.layers.0.encoder_attn.q_proj.weight").shape(), Shape({16, 16})) << "cross-attention is full width";
  const auto light = build(lite_config("lightweight", false));
  EXPECT_EQ(light->parameters().at("encoder.layers.1.self_attn.branches.1.conv.weight").shape(), Shape({2, 7}));
  EXPECT_FALSE(light->parameters().contains("encoder.layers.1.self_attn.branches.1.conv.weight_linear.weight"));
}

// Every step equals log_softmax of the full pass on the same prefix, through a
// beam-like reorder (a duplicated row, a retired one).
void expect_steps_equal_full_pass(const ModelConfig& config) {
  const auto model = build(config);
  const Tensor src = padded_sources();
  const int64_t b = 3, steps = 7;
  const std::vector<int32_t> tgt = random_prefixes(b, steps, 5);
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  const ag::Var enc = model->encode(src, eval);
  const auto full = ops::log_softmax(model->decode(enc, model->padding_mask(src), Tensor::from_vector(tgt, {b, steps}), eval)
                                         .value()
                                         .reshape({b * steps, kVocab}))
                        .to_vector<float>();
  DecoderState state = model->start_decoding(src);
  std::vector<int64_t> sentence{0, 1, 2};
  double worst = 0;
  for (int64_t t = 0; t < steps; ++t) {
    if (t == 3) {
      state.reorder({2, 0, 0});  // sentence 2, then sentence 0 twice; sentence 1 retires
      sentence = {2, 0, 0};
    }
    std::vector<int32_t> last;
    for (int64_t s : sentence) last.push_back(tgt[s * steps + t]);
    const auto lp = model->decode_step(Tensor::from_vector(last, {static_cast<int64_t>(last.size())}), state)
                        .to_vector<float>();
    for (size_t r = 0; r < sentence.size(); ++r)
      for (int64_t v = 0; v < kVocab; ++v)
        worst = std::max(worst, static_cast<double>(std::fabs(lp[r * kVocab + v] - full[(sentence[r] * steps + t) * kVocab + v])));
  }
  EXPECT_LE(worst, 1e-5);
  // The conv branch's window: K - 1 earlier inputs of the 8 conv channels.
  EXPECT_EQ(state.layers[1][2].value.shape(), Shape({3, 8, 8}));
}

TEST(LiteTransformer, LightweightStepsEqualTheFullPass) { expect_steps_equal_full_pass(lite_config("lightweight", false)); }
TEST(LiteTransformer, DynamicGluStepsEqualTheFullPass) { expect_steps_equal_full_pass(lite_config("dynamic", true)); }

// §3.4: a sentence's encoder output does not depend on the padding after it.
// The reference placement (mask before W_1) lets the bias leak into real
// positions near the end, which is why it is only a compatibility switch.
double padding_effect(ModelConfig config) {
  config.dropout = 0;
  const auto model = build(config);
  // A trained model's W_1 bias is not zero (the initial one is): what pads become before masking.
  for (const auto& [name, p] : model->parameters().items())
    if (name.ends_with("linear1.bias")) Tensor(p.value()).fill(0.5f);  // copies alias the parameter
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  const std::vector<int32_t> sentence{5, 9, 13, kEos};
  std::vector<int32_t> padded = sentence;
  padded.resize(9, kPad);
  const std::vector<int32_t> other{4, 6, 8, 10, 12, 14, 16, 18, kEos};
  std::vector<int32_t> batch = padded;
  batch.insert(batch.end(), other.begin(), other.end());
  const auto alone = model->encode(Tensor::from_vector(sentence, {1, 4}), eval).value().to_vector<float>();
  const auto inside = model->encode(Tensor::from_vector(batch, {2, 9}), eval).value().to_vector<float>();
  double worst = 0;
  for (int64_t t = 0; t < 4; ++t)
    for (int64_t d = 0; d < 16; ++d)
      worst = std::max(worst, static_cast<double>(std::fabs(alone[t * 16 + d] - inside[t * 16 + d])));
  return worst;
}

TEST(LiteTransformer, PaddingNeverReachesRealPositions) {
  for (const auto& [conv, glu] : {std::pair{"lightweight", false}, {"dynamic", true}}) {
    ModelConfig c = lite_config(conv, glu);
    EXPECT_LE(padding_effect(c), 1e-6) << conv;
    c.lite.mask_before_linear = true;
    EXPECT_GT(padding_effect(c), 1e-4) << conv << ": the reference placement leaks the bias into real positions";
  }
}

TEST(LiteTransformer, ConcatenatedStatesDecodeEachRowAsAlone) {
  const auto model = build(lite_config("dynamic", true), 4);
  test::expect_rows_decode_as_alone(*model, 5, {2, 0, 0, 1}, kVocab);  // a beam of two for sentence 0
}

Batch sample_batch() {
  std::vector<int32_t> src{5, 9, 3, 2, kPad, 7, 2, kPad, kPad, kPad, 4, 11, 6, 8, 2};
  std::vector<int32_t> tin{2, 12, 6, kPad, 2, 10, kPad, kPad, 2, 5, 7, 13};
  std::vector<int32_t> tout{12, 6, 2, kPad, 10, 2, kPad, kPad, 5, 7, 13, 2};
  return {Tensor::from_vector(src, {3, 5}), Tensor::from_vector(tin, {3, 4}), Tensor::from_vector(tout, {3, 4})};
}

// Every parameter's gradient against finite differences of the loss (both convolution types).
void expect_whole_model_gradients(const ModelConfig& config) {
  const auto model = build(config, 7);
  test::expect_whole_model_gradients(*model, sample_batch());
}

ModelConfig smooth(ModelConfig c) {
  c.activation = math::Activation::Gelu;  // no ReLU kink within the step
  return c;
}

TEST(LiteTransformer, WholeModelFiniteDifferenceCheckLightweight) {
  expect_whole_model_gradients(smooth(lite_config("lightweight", false)));
}
TEST(LiteTransformer, WholeModelFiniteDifferenceCheckDynamicGlu) {
  expect_whole_model_gradients(smooth(lite_config("dynamic", true)));
}

// Training losses are the same bits at 1 and 2 threads, with DropConnect,
// dropout and both convolution types, and they fall.
TEST(LiteTransformer, TrainingIsThreadCountInvariantAndLearns) {
  for (const auto& [conv, glu] : {std::pair{"lightweight", false}, {"dynamic", true}}) {
    std::vector<std::vector<float>> runs;
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      const auto model = build(lite_config(conv, glu), 3);
      runs.push_back(test::train_steps(*model, sample_batch(), 12));
    }
    set_num_threads(0);
    EXPECT_EQ(runs[0], runs[1]) << conv;
    // With dropout 0.3 and DropConnect 0.2 on a D 16 model the loss is noisy; 12 updates still cut it ~15%.
    EXPECT_LT(runs[0].back(), 0.92 * runs[0].front()) << conv << ": 12 updates on one batch must cut the loss";
  }
}

// DropConnect draws one mask per (sentence, position, head): two identical
// sentences in one training batch get different outputs, and evaluation
// mode is untouched by it.
TEST(LiteTransformer, DropConnectMasksDifferPerSentence) {
  ModelConfig c = lite_config("lightweight", false);
  c.dropout = 0;
  c.lite.weight_dropout = 0.5;
  const auto model = build(c);
  const std::vector<int32_t> same{5, 9, 13, 7, kEos, 5, 9, 13, 7, kEos};
  const Tensor src = Tensor::from_vector(same, {2, 5});
  ag::NoGradGuard no_grad;
  nn::ForwardContext train{true, 11, 0};
  const auto out = model->encode(src, train).value().to_vector<float>();
  double differ = 0;
  for (size_t i = 0; i < out.size() / 2; ++i) differ = std::max(differ, double(std::fabs(out[i] - out[i + out.size() / 2])));
  EXPECT_GT(differ, 1e-3);
  nn::ForwardContext eval;
  const auto e = model->encode(src, eval).value().to_vector<float>();
  for (size_t i = 0; i < e.size() / 2; ++i) ASSERT_EQ(e[i], e[i + e.size() / 2]);
}

// The whole model (every LSRA layer, both sides) against an independent
// PyTorch implementation that computes the convolutions by unfolding windows,
// as the reference code does: loss and every parameter gradient.
void compare_with_pytorch(ModelConfig config) {
  config.activation = math::Activation::Gelu;
  nlohmann::json sides;
  for (const auto& [side, sizes] : {std::pair{"encoder", config.lite.encoder_kernel_sizes}, {"decoder", config.lite.decoder_kernel_sizes}}) {
    nlohmann::json layers = nlohmann::json::array();
    for (int k : sizes) {
      nlohmann::json branches = nlohmann::json::array();
      for (const BranchSpec& b : config.lite.branch_specs(config.d_model))
        branches.push_back({{"kind", b.kind == BranchKind::kAttention ? "attn"
                                     : b.kind == BranchKind::kLightweight ? "lightweight" : "dynamic"},
                            {"dim", b.dim}, {"heads", b.heads}, {"kernel", b.kernel_in_layer(k)}});
      layers.push_back(branches);
    }
    sides[side] = layers;
  }
  sides["glu"] = config.lite.glu;
  sides["mask_before_linear"] = config.lite.mask_before_linear;
  test::compare_with_pytorch(config, {{"lite", sides}});
}

TEST(LiteTransformerVsPyTorch, Lightweight) { compare_with_pytorch(lite_config("lightweight", false)); }
TEST(LiteTransformerVsPyTorch, DynamicGlu) { compare_with_pytorch(lite_config("dynamic", true)); }
TEST(LiteTransformerVsPyTorch, MaskBeforeLinearPreNormSharedEmbeddings) {
  ModelConfig c = lite_config("dynamic", true);
  c.lite.mask_before_linear = true;
  c.normalize_before = true;
  c.share_embeddings = ShareEmbeddings::kAll;
  compare_with_pytorch(c);
}

}  // namespace
}  // namespace ventris::models
