// Every preset in configs/ loads through the config schema, builds, and has
// the parameter counts of architectures.md §7 (acceptance test 6).
#include <gtest/gtest.h>

#include <filesystem>

#include "decode/translate_config.h"
#include "models/model_factory.h"
#include "models/model_summary.h"
#include "train/train_config.h"

namespace ventris::models {
namespace {

ModelConfig load_preset(const std::string& name) {
  ModelConfig config;
  train::TrainConfig train;
  decode::TranslateConfig translate;
  config::Schema root;
  config.describe(root.section("model"));
  train.describe(root.section("train"));
  translate.describe(root.section("translate"));
  root.apply_yaml_file(std::string(VENTRIS_SOURCE_DIR) + "/configs/" + name + ".yaml");
  config.validate();
  optim::validate(train.schedule());
  return config;
}

// Parameters without embeddings or the output projection (any family).
int64_t body_parameters(const ModelConfig& config) {
  return summarize(*make_model(config, {8, 8, 1}, 1), 2).parameters_without_embeddings();
}

TEST(Presets, EveryConfigFileLoadsAndValidates) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(VENTRIS_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    EXPECT_NO_THROW(load_preset(entry.path().stem().string())) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 17);
  ModelConfig base = load_preset("transformer-base");
  EXPECT_EQ(base.ffn_dim, 2048);
  EXPECT_EQ(base.heads, 8);
  EXPECT_EQ(base.share_embeddings, ShareEmbeddings::kAll);
  EXPECT_EQ(load_preset("transformer-iwslt").share_embeddings, ShareEmbeddings::kDecoderInOut);
  EXPECT_DOUBLE_EQ(load_preset("transformer-big").dropout, 0.3);
}

TEST(Presets, LiteBudgetBaselinesHaveThePapersParameterCounts) {
  // 2.78M / 11.06M / 17.26M without embeddings (168·D² + 192·D for 6+6 post-norm layers, F = 4D).
  EXPECT_EQ(body_parameters(load_preset("transformer-lite-budget-128")), 2777088);
  EXPECT_EQ(body_parameters(load_preset("transformer-lite-budget-256")), 11059200);
  EXPECT_EQ(body_parameters(load_preset("transformer-lite-budget-320")), 17264640);
}

TEST(Presets, TransformerBaseHasFortyFourMillionBodyParameters) {
  // Vaswani base, 6+6 layers, D 512, F 2048: encoder layer 4D²+2DF+F+9D, decoder
  // layer 8D²+2DF+F+15D (attention, LayerNorms, FFN with biases) -> 44.1M.
  EXPECT_EQ(body_parameters(load_preset("transformer-base")), 44138496);
}

TEST(Presets, LiteWmtPresetsHaveThePapersParameterCounts) {
  // architectures.md §3.7 / §7.6: 2.88M / 11.74M / 17.28M without embeddings, En-De and En-Fr alike.
  // By hand for D = 496 (C = D/2 = 248): a layer's attention branch 4(C² + C), conv branch
  // C·2C + 2C (W_1 with GLU) + C² + C (W_2) + 4·K·C (W_dyn), FFN 2D² + 2D, norms 2D per sub-layer;
  // the decoder adds 4(D² + D) of cross-attention; kernels 3+7+15+31+31+31 per side -> 17,283,616.
  EXPECT_EQ(body_parameters(load_preset("lite-wmt-ende-496")), 17283616);
  for (const char* pair : {"ende", "enfr"}) {
    const std::string p = std::string("lite-wmt-") + pair + "-";
    EXPECT_NEAR(body_parameters(load_preset(p + "200")) / 1e6, 2.88, 0.005) << p;
    EXPECT_NEAR(body_parameters(load_preset(p + "408")) / 1e6, 11.74, 0.005) << p;
    EXPECT_NEAR(body_parameters(load_preset(p + "496")) / 1e6, 17.28, 0.005) << p;
  }
  const ModelConfig iwslt = load_preset("lite-iwslt-160");
  EXPECT_EQ(iwslt.share_embeddings, ShareEmbeddings::kNone);
  EXPECT_FALSE(iwslt.lite.glu);
  EXPECT_DOUBLE_EQ(iwslt.lite.weight_dropout, 0.1);
}

// A lazy preset is its parent with lazy blocks (architectures.md §5): the
// same shape and regularisation, and per lazy attention two D x D weights and
// two D biases (W_Q, W_K) fewer.
TEST(Presets, LazyPresetsAreTheirParentWithLazyBlocks) {
  struct Case {
    const char* lazy;
    const char* parent;
    int lazy_attentions;
  };
  for (const Case& c : {Case{"lazy-tiny", "transformer-tiny", 3}, Case{"lazy-iwslt-3x2", "transformer-iwslt", 3},
                        Case{"lazy-iwslt-3x2-dec", "transformer-iwslt", 9}, Case{"lazy-base-3x2", "transformer-base", 3},
                        Case{"lazy-big-3x2", "transformer-big", 3}}) {
    const ModelConfig lazy = load_preset(c.lazy), parent = load_preset(c.parent);
    EXPECT_EQ(lazy.arch, "lazyformer") << c.lazy;
    EXPECT_EQ(lazy.lazy.prob_dropout, LazyProbDropout::kPerLayer) << c.lazy;
    ModelConfig unlazy = lazy;
    unlazy.arch = parent.arch;
    unlazy.lazy = parent.lazy;
    config::Schema a, b;
    unlazy.describe(a);
    ModelConfig parent_copy = parent;
    parent_copy.describe(b);
    EXPECT_EQ(a.dump(), b.dump()) << c.lazy << " differs from " << c.parent << " beyond the lazy keys";
    const int64_t d = lazy.d_model;
    EXPECT_EQ(body_parameters(parent) - body_parameters(lazy), c.lazy_attentions * 2 * (d * d + d)) << c.lazy;
  }
  EXPECT_EQ(load_preset("lazy-iwslt-3x2").lazy.blocks_enc, (std::vector<int>{2, 2, 2}));
  EXPECT_TRUE(load_preset("lazy-iwslt-3x2").lazy.blocks_dec_self.empty());
  EXPECT_EQ(load_preset("lazy-iwslt-3x2-dec").lazy.blocks_dec_cross, (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(load_preset("lazy-tiny").lazy.blocks_dec_self, (std::vector<int>{2, 1}));
}

}  // namespace
}  // namespace ventris::models
