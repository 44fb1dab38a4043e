// Every paper recipe's effective settings (`run.sh --arch A --dump-config`:
// the preset, the recipe's overrides, the batch split over N GPUs, the
// evaluation) against the values of ../shared/docs/architectures.md §3.7 and
// §5, transcribed here, so an edit of a preset or a recipe that breaks a
// paper setting fails.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "recipes/recipe_runner.h"

namespace ventris::test {
namespace {

using Value = std::variant<double, std::string, std::vector<int>>;
struct Setting {
  std::string key;  // section.name
  Value value;
};
struct RecipeCase {
  std::string recipe, arch;
  std::vector<Setting> settings;
  int effective_tokens;
};

std::vector<Setting> join(std::vector<Setting> a, const std::vector<Setting>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<int> kLiteKernels{3, 7, 15, 31, 31, 31}, kBlocks3x2{2, 2, 2}, kNone{};

// §5 transformer-iwslt (fairseq transformer_iwslt_de_en; the epoch cap and BLEU-based stopping are ours).
const std::vector<Setting> kTransformerIwslt{
    {"model.encoder_layers", 6.0}, {"model.decoder_layers", 6.0}, {"model.d_model", 512.0},
    {"model.ffn_dim", 1024.0}, {"model.heads", 4.0}, {"model.dropout", 0.3}, {"model.attention_dropout", 0.0},
    {"model.activation_dropout", 0.0}, {"model.share_embeddings", std::string("decoder-in-out")},
    {"train.lr_scheduler", std::string("inverse_sqrt")}, {"train.lr", 5e-4}, {"train.warmup_updates", 4000.0},
    {"train.warmup_init_lr", 1e-7}, {"train.adam_beta1", 0.9}, {"train.adam_beta2", 0.98},
    {"train.weight_decay", 1e-4}, {"train.label_smoothing", 0.1}, {"train.max_epochs", 60.0},
    {"train.valid_bleu", std::string("true")}, {"train.best_checkpoint_metric", std::string("bleu")},
    {"recipe.average", std::string("10")}, {"recipe.beam", 5.0}, {"recipe.lenpen", 1.0},
    {"recipe.bleu", std::string("tokenized --lowercase")}};

// §3.7 / §5 lite-iwslt-D.
std::vector<Setting> lite_iwslt(double d) {
  return {{"model.arch", std::string("lite")}, {"model.d_model", d}, {"model.ffn_dim", d}, {"model.heads", 4.0},
          {"model.dropout", 0.2}, {"model.attention_dropout", 0.0}, {"model.activation_dropout", 0.0},
          {"model.lite_weight_dropout", 0.1}, {"model.lite_glu", std::string("false")},
          {"model.lite_encoder_kernel_sizes", kLiteKernels}, {"model.lite_decoder_kernel_sizes", kLiteKernels},
          {"model.share_embeddings", std::string("none")}, {"train.lr_scheduler", std::string("inverse_sqrt")},
          {"train.lr", 5e-4}, {"train.warmup_updates", 4000.0}, {"train.warmup_init_lr", 1e-7},
          {"train.max_updates", 50000.0}, {"train.weight_decay", 1e-4}, {"train.clip_norm", 0.0},
          {"train.label_smoothing", 0.1}, {"recipe.average", std::string("10")}, {"recipe.beam", 4.0},
          {"recipe.lenpen", 1.0}, {"recipe.bleu", std::string("tokenized --lowercase")}};
}

// §5 transformer-base / -big (Vaswani et al.; big with fairseq's lr 1e-3).
std::vector<Setting> transformer_wmt(bool big, bool en_fr) {
  std::vector<Setting> s{
      {"model.encoder_layers", 6.0}, {"model.decoder_layers", 6.0}, {"model.d_model", big ? 1024.0 : 512.0},
      {"model.ffn_dim", big ? 4096.0 : 2048.0}, {"model.heads", big ? 16.0 : 8.0},
      {"model.dropout", big && !en_fr ? 0.3 : 0.1}, {"model.share_embeddings", std::string("all")},
      {"train.lr_scheduler", std::string("inverse_sqrt")}, {"train.warmup_updates", 4000.0},
      {"train.adam_beta1", 0.9}, {"train.adam_beta2", 0.98}, {"train.label_smoothing", 0.1},
      {"train.max_updates", big ? 300000.0 : 100000.0}, {"recipe.average", std::string(big ? "20" : "5")},
      {"recipe.beam", 4.0}, {"recipe.lenpen", 0.6},
      {"recipe.bleu", std::string(en_fr ? "tokenized" : "tokenized --compound-split")}};
  if (big) s.push_back({"train.lr", 1e-3});
  else s.push_back({"train.adam_eps", 1e-9});
  return s;
}

// §3.7 lite-wmt-{ende,enfr}-D: dropout / attention dropout / DropConnect per D, cosine schedule.
std::vector<Setting> lite_wmt(double d, bool en_fr) {
  const double dropout = d == 200 ? 0.04 : d == 408 ? 0.08 : 0.1;
  const double attn = d == 200 ? 0.03 : d == 408 ? (en_fr ? 0.07 : 0.06) : 0.08;
  return {{"model.arch", std::string("lite")}, {"model.d_model", d}, {"model.ffn_dim", d}, {"model.heads", 8.0},
          {"model.dropout", dropout}, {"model.attention_dropout", attn}, {"model.lite_weight_dropout", attn},
          {"model.activation_dropout", 0.0}, {"model.lite_glu", std::string("true")},
          {"model.lite_encoder_kernel_sizes", kLiteKernels}, {"model.lite_decoder_kernel_sizes", kLiteKernels},
          {"model.share_embeddings", std::string("all")}, {"train.lr_scheduler", std::string("cosine")},
          {"train.lr", 1e-3}, {"train.warmup_init_lr", 1e-7}, {"train.lr_floor", 1e-7},
          {"train.warmup_updates", en_fr ? 5000.0 : 10000.0}, {"train.lr_period_updates", en_fr ? 45000.0 : 40000.0},
          {"train.max_updates", 50000.0}, {"train.weight_decay", 0.0}, {"train.clip_norm", 0.0},
          {"train.label_smoothing", 0.1}, {"recipe.average", std::string("best")}, {"recipe.beam", 4.0},
          {"recipe.lenpen", 0.6}};
}

std::vector<Setting> lazy(const std::vector<int>& enc, const std::vector<int>& dec) {
  return {{"model.arch", std::string("lazyformer")}, {"model.lazy_blocks_enc", enc},
          {"model.lazy_blocks_dec_self", dec}, {"model.lazy_blocks_dec_cross", dec},
          {"model.lazy_prob_dropout", std::string("per-layer")}};
}

std::vector<RecipeCase> all_cases() {
  std::vector<RecipeCase> c{
      {"iwslt14-de-en", "transformer", join(kTransformerIwslt, {{"model.arch", std::string("transformer")}}), 4096},
      {"iwslt14-de-en", "lite-160", lite_iwslt(160), 4096},
      {"iwslt14-de-en", "lite-240", lite_iwslt(240), 4096},
      {"iwslt14-de-en", "lite-320", lite_iwslt(320), 4096},
      {"iwslt14-de-en", "lazy-3x2", join(kTransformerIwslt, lazy(kBlocks3x2, kNone)), 4096},
      {"iwslt14-de-en", "lazy-3x2-dec", join(kTransformerIwslt, lazy(kBlocks3x2, kBlocks3x2)), 4096}};
  for (const bool en_fr : {false, true}) {
    const std::string recipe = en_fr ? "wmt14-en-fr" : "wmt14-en-de";
    c.push_back({recipe, "transformer-base", transformer_wmt(false, en_fr), 24576});
    c.push_back({recipe, "transformer-big", transformer_wmt(true, en_fr), 65536});
    c.push_back({recipe, "lazy-base-3x2", join(transformer_wmt(false, en_fr), lazy(kBlocks3x2, kNone)), 24576});
    c.push_back({recipe, "lazy-big-3x2", join(transformer_wmt(true, en_fr), lazy(kBlocks3x2, kNone)), 65536});
    for (const double d : {200.0, 408.0, 496.0})
      c.push_back({recipe, "lite-" + std::to_string(static_cast<int>(d)), lite_wmt(d, en_fr), 128 * 4096});
  }
  return c;
}

YAML::Node lookup(const YAML::Node& root, const std::string& key) {
  const size_t dot = key.find('.');
  return root[key.substr(0, dot)][key.substr(dot + 1)];
}

class RecipePresets : public ::testing::TestWithParam<RecipeCase> {};

TEST_P(RecipePresets, DumpConfigMatchesThePaperSettingsOnOneAndEightGpus) {
  const RecipeCase& c = GetParam();
  ScopedTempDir tmp("ventris-recipe-config");
  for (const int gpus : {1, 8}) {
    SCOPED_TRACE(c.recipe + " " + c.arch + " on " + std::to_string(gpus) + " GPU(s)");
    const ScriptResult r =
        run_recipe_script(c.recipe, "--arch " + c.arch + " --gpus " + std::to_string(gpus) + " --dump-config",
                          tmp / "config.yaml");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const YAML::Node root = YAML::Load(r.output);
    for (const auto& [key, value] : c.settings) {
      const YAML::Node node = lookup(root, key);
      ASSERT_TRUE(node.IsDefined()) << key << " missing";
      if (const double* d = std::get_if<double>(&value))
        EXPECT_NEAR(node.as<double>(), *d, 1e-9 * std::max(1.0, std::abs(*d))) << key;
      else if (const std::string* s = std::get_if<std::string>(&value))
        EXPECT_EQ(node.as<std::string>(), *s) << key;
      else
        EXPECT_EQ(node.as<std::vector<int>>(), std::get<std::vector<int>>(value)) << key;
    }
    // The paper's tokens per update whatever the device count; no device batch above the preset's.
    const int max_tokens = root["train"]["max_tokens"].as<int>(), update_freq = root["train"]["update_freq"].as<int>();
    EXPECT_EQ(max_tokens * update_freq * gpus, c.effective_tokens);
    EXPECT_LE(max_tokens, 4096);
    EXPECT_EQ(root["recipe"]["effective_tokens_per_update"].as<int>(), c.effective_tokens);
    EXPECT_EQ(root["train"]["label_smoothing"].as<double>(), 0.1);
  }
}

INSTANTIATE_TEST_SUITE_P(Papers, RecipePresets, ::testing::ValuesIn(all_cases()), [](const auto& info) {
  std::string name = info.param.recipe + "_" + info.param.arch;
  for (char& ch : name)
    if (ch == '-') ch = '_';
  return name;
});

}  // namespace
}  // namespace ventris::test
