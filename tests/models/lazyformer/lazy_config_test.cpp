// model.lazy_* keys (architectures.md §4): parsing, one-line errors naming
// the key, model files from before the keys existed, and which layers head
// their blocks.
#include "models/lazyformer/lazy_config.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "error_message.h"
#include "models/model_config.h"

namespace ventris::models {
namespace {

using test::error_of;

ModelConfig lazy_model(std::vector<int> enc, std::vector<int> dec_self, std::vector<int> dec_cross) {
  ModelConfig c;
  c.arch = "lazyformer";
  c.encoder_layers = 3;
  c.decoder_layers = 4;
  c.lazy.blocks_enc = std::move(enc);
  c.lazy.blocks_dec_self = std::move(dec_self);
  c.lazy.blocks_dec_cross = std::move(dec_cross);
  return c;
}

void expect_error_naming(const ModelConfig& c, const std::string& key) {
  const std::string message = error_of([&] { c.validate(); });
  EXPECT_NE(message.find("model." + key), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

TEST(LazyConfig, ValidLayoutsPass) {
  EXPECT_NO_THROW(lazy_model({2, 1}, {2, 2}, {1, 3}).validate());
  EXPECT_NO_THROW(lazy_model({}, {}, {}).validate()) << "empty lists: every block of size 1";
  EXPECT_NO_THROW(lazy_model({1, 1, 1}, {4}, {}).validate());
}

TEST(LazyConfig, ErrorsNameTheKey) {
  expect_error_naming(lazy_model({2, 2}, {}, {}), "lazy_blocks_enc");          // 4 != 3 layers
  expect_error_naming(lazy_model({}, {2, 0, 2}, {}), "lazy_blocks_dec_self");  // a zero size
  expect_error_naming(lazy_model({}, {}, {5}), "lazy_blocks_dec_cross");       // 5 != 4 layers
  expect_error_naming(lazy_model({}, {}, {-1, 5}), "lazy_blocks_dec_cross");
  ModelConfig transformer = lazy_model({}, {2, 2}, {});
  transformer.arch = "transformer";
  expect_error_naming(transformer, "lazy_blocks_dec_self");
  transformer.lazy.blocks_dec_self.clear();
  transformer.lazy.prob_dropout = LazyProbDropout::kNone;
  expect_error_naming(transformer, "lazy_prob_dropout");
}

TEST(LazyConfig, YamlKeysAreFlatUnderModel) {
  ModelConfig c;
  config::Schema s;
  c.describe(s);
  s.apply_yaml(YAML::Load("arch: lazyformer\nencoder_layers: 6\nlazy_blocks_enc: [2, 2, 2]\n"
                          "lazy_blocks_dec_cross: [3, 3]\nlazy_prob_dropout: shared\n"),
               "test");
  EXPECT_EQ(c.lazy.blocks_enc, (std::vector<int>{2, 2, 2}));
  EXPECT_TRUE(c.lazy.blocks_dec_self.empty());
  EXPECT_EQ(c.lazy.blocks_dec_cross, (std::vector<int>{3, 3}));
  EXPECT_EQ(c.lazy.prob_dropout, LazyProbDropout::kShared);
  EXPECT_NO_THROW(c.validate());
  const std::string wrong = error_of([&] { s.apply_yaml(YAML::Load("lazy_prob_dropout: sometimes\n"), "test"); });
  EXPECT_NE(wrong.find("lazy_prob_dropout"), std::string::npos) << wrong;
}

// A model file's config from before the lazy keys existed: the keys take
// their defaults and the Transformer validates as before.
TEST(LazyConfig, ConfigsWithoutTheKeysStillLoad) {
  ModelConfig c;
  config::Schema s;
  c.describe(s);
  s.apply_yaml(YAML::Load("arch: transformer\nencoder_layers: 2\ndecoder_layers: 2\nd_model: 16\nffn_dim: 32\n"
                          "heads: 2\ndropout: 0.1\nattention_dropout: 0\nactivation_dropout: 0\nactivation: relu\n"
                          "normalize_before: false\nshare_embeddings: all\nmax_positions: 64\n"
                          "positions: sinusoidal\n"),
               "old model file");
  EXPECT_TRUE(c.lazy.blocks_enc.empty() && c.lazy.blocks_dec_self.empty() && c.lazy.blocks_dec_cross.empty());
  EXPECT_EQ(c.lazy.prob_dropout, LazyProbDropout::kPerLayer);
  EXPECT_NO_THROW(c.validate());
}

TEST(LazyConfig, BlockHeadsAreEachBlocksFirstLayer) {
  EXPECT_EQ(block_heads({2, 1, 3}, 6), (std::vector<bool>{true, false, true, true, false, false}));
  EXPECT_EQ(block_heads({}, 3), (std::vector<bool>{true, true, true}));
  EXPECT_EQ(block_heads({1, 1}, 2), (std::vector<bool>{true, true}));
  EXPECT_THROW(block_heads({2, 2}, 3), Error);
}

}  // namespace
}  // namespace ventris::models
