// The Lite Transformer through every subcommand of the real binary: train
// (with a bit-exact resume), translate, average, score --model, info; a bad
// branch declaration is a one-line error naming the key. And `ventris info`
// against counts derived by hand and the Lite paper's table.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "cli/run_binary.h"
#include "train/toy_data.h"

namespace ventris::test {
namespace {

std::string lite_args(const std::string& model_dir, int max_updates) {
  return "train --config " + std::string(VENTRIS_SOURCE_DIR) + "/configs/lite-tiny.yaml --data " + toy_data_dir() +
         " --model-dir " + model_dir + " --max-updates " + std::to_string(max_updates) +
         " --encoder-layers 1 --decoder-layers 2 --d-model 32 --ffn-dim 32 --lite-encoder-kernel-sizes 7"
         " --lite-decoder-kernel-sizes 3,5 --max-tokens 400 --warmup-updates 2 --log-interval-updates 2"
         " --validate-interval-updates 2 --save-interval-updates 2";
}

TEST(LiteCli, TrainsResumesTranslatesAveragesAndScores) {
  ScopedTempDir tmp("ventris-lite-cli");
  auto r = run_ventris(lite_args(tmp / "m", 4));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("done (max_updates): 4 updates"), std::string::npos) << r.err;
  // Two updates, stop, resume to four: the same model file, byte for byte.
  ASSERT_EQ(run_ventris(lite_args(tmp / "r", 2)).exit_code, 0);
  auto resumed = run_ventris(lite_args(tmp / "r", 4));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(read_file(tmp / "r/checkpoint_last.safetensors"), read_file(tmp / "m/checkpoint_last.safetensors"));

  write_file(tmp / "in.txt", "a b c\nd e\nf g h i\n");
  const std::string model = tmp / "m/checkpoint_last.safetensors";
  auto t = run_ventris("translate -m " + model + " -i " + tmp / "in.txt" + " -o " + tmp / "out.txt" + " --beam 3");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  // Batch size 1 gives the same translations (batch composition never matters).
  auto t1 = run_ventris("translate -m " + model + " -i " + tmp / "in.txt" + " -o " + tmp / "out1.txt" +
                        " --beam 3 --batch-size 1");
  ASSERT_EQ(t1.exit_code, 0) << t1.err;
  EXPECT_EQ(read_file(tmp / "out.txt"), read_file(tmp / "out1.txt"));

  auto a = run_ventris("average -o " + tmp / "avg.safetensors" + " " + tmp / "m/checkpoint_2.safetensors" + " " +
                       tmp / "m/checkpoint_4.safetensors");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto s = run_ventris("score --model " + tmp / "avg.safetensors" + " --src " + tmp / "in.txt" + " --tgt " +
                       tmp / "out.txt");
  ASSERT_EQ(s.exit_code, 0) << s.err;
  // One "score<TAB>normalized" line per pair, log-probabilities (< 0).
  const std::regex line("-[0-9]+\\.[0-9]{6}\t-[0-9]+\\.[0-9]{6}");
  EXPECT_EQ(std::distance(std::sregex_iterator(s.out.begin(), s.out.end(), line), std::sregex_iterator()), 3) << s.out;

  auto info = run_ventris("info -m " + model);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("model: lite"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("decoder.layers.1"), std::string::npos) << info.out;

  auto bad = run_ventris(lite_args(tmp / "bad", 1) + " --lite-branches attn:1:16:4,dynamic:default:8:4");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("model.lite_branches"), std::string::npos) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
}

// The first number on the line starting with `label` (commas removed).
int64_t count_on(const std::string& out, const std::string& section, const std::string& label) {
  const size_t from = out.find(section);
  EXPECT_NE(from, std::string::npos) << out;
  std::smatch m;
  const std::string rest = out.substr(from);
  EXPECT_TRUE(std::regex_search(rest, m, std::regex("\\n  " + label + " +([0-9,]+)"))) << label << "\n" << out;
  std::string digits = m[1];
  digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  return std::stoll(digits);
}

// Hand counts for N = 3, one layer per side, D = 8 (every GEMM's M·N·K):
// Transformer (F 16, 2 heads): encoder 4·N·D² (projections) + 2·N²·D (scores
// and their application) + 2·N·D·F = 768 + 144 + 768 = 1680; decoder adds
// cross-attention 4·N·D² + 2·N²·D = 912: 1680 + 912 = 2592; output N·D·V = 240.
// Lite (attention 4 + lightweight 4, K 3, F 8): LSRA 4·N·4² + 2·N²·4 = 264
// plus W_1, W_2 2·N·4² = 96 and the convolution N·4·K = 36; FFN 2·N·8·8 = 384:
// encoder 780, decoder 780 + 912 = 1692.
TEST(InfoCli, CountsMultAddsAndParametersAsDerivedByHand) {
  const std::string small = " --vocab-size 10 --length 3 --encoder-layers 1 --decoder-layers 1 --d-model 8 --heads 2";
  auto t = run_ventris("info" + small + " --ffn-dim 16");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(count_on(t.out, "mult-adds", "encoder"), 1680) << t.out;
  EXPECT_EQ(count_on(t.out, "mult-adds", "decoder"), 2592) << t.out;
  EXPECT_EQ(count_on(t.out, "mult-adds", "output projection"), 240) << t.out;
  // Parameters: encoder layer 4(D² + D) + 2·2D + (2DF + F + D) = 288 + 32 + 280 = 600.
  EXPECT_EQ(count_on(t.out, "parameters", "encoder.layers.0"), 600) << t.out;
  auto l = run_ventris("info" + small + " --arch lite --ffn-dim 8 --lite-branches attn:1:4:2,lightweight:default:4:2"
                       " --lite-encoder-kernel-sizes 3 --lite-decoder-kernel-sizes 3");
  ASSERT_EQ(l.exit_code, 0) << l.err;
  EXPECT_EQ(count_on(l.out, "mult-adds", "encoder"), 780) << l.out;
  EXPECT_EQ(count_on(l.out, "mult-adds", "decoder"), 1692) << l.out;
  // Lite encoder layer: attention 4(16 + 4) = 80, W_1 and W_2 2(16 + 4) = 40, kernels 2·3 = 6,
  // norms 2·16 = 32, FFN 2·64 + 16 = 144 -> 302.
  EXPECT_EQ(count_on(l.out, "parameters", "encoder.layers.0"), 302) << l.out;
}

// The Lite paper's #Params / #Mult-Adds (N = 30, embeddings and the output
// projection excluded) for its WMT models and same-budget Transformers:
// 2.9M/90M vs 2.8M/87M, 11.7M/360M vs 11.1M/338M, 17.3M/527M vs 17.3M/527M.
// Our counts include the convolutions and attention products; the tolerance
// (3%) covers what the paper's profiler may have left out.
TEST(InfoCli, WmtPresetsMatchTheLitePapersTable) {
  struct Row {
    const char* preset;
    double params_m, mult_adds_m;
  };
  for (const Row& row : {Row{"lite-wmt-ende-200", 2.88, 90}, Row{"lite-wmt-ende-408", 11.74, 360},
                         Row{"lite-wmt-ende-496", 17.28, 527}, Row{"transformer-lite-budget-128", 2.78, 87},
                         Row{"transformer-lite-budget-256", 11.06, 338}, Row{"transformer-lite-budget-320", 17.26, 527}}) {
    auto r = run_ventris("--config " + std::string(VENTRIS_SOURCE_DIR) + "/configs/" + row.preset + ".yaml info");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NEAR(count_on(r.out, "parameters", "without embeddings") / 1e6, row.params_m, 0.006) << row.preset;
    EXPECT_NEAR(count_on(r.out, "mult-adds", "total") / 1e6, row.mult_adds_m, 0.03 * row.mult_adds_m) << row.preset;
  }
}

}  // namespace
}  // namespace ventris::test
