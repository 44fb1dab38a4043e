// scripts/convert_fairseq.py on fairseq-layout checkpoints that
// tests/reference/fairseq_checkpoint.py builds with PyTorch (Transformer with
// fused and separate projections, tied and untied embeddings; Lite Transformer
// with lightweight and dynamic+GLU branches): the converted model's
// forced-decoding scores equal the PyTorch reference's on the same pairs,
// `translate` reads and writes the fairseq dictionary's symbols, and bad input
// is a one-line error naming it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_binary.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;

bool torch_available() { return std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0; }

std::string script(const std::string& path) { return "/usr/bin/python3 " + std::string(VENTRIS_SOURCE_DIR) + "/" + path; }

std::vector<double> numbers(const std::string& text, size_t column) {
  std::vector<double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string field;
    for (size_t c = 0; c <= column; ++c) std::getline(fields, field, '\t');
    out.push_back(std::stod(field));
  }
  return out;
}

std::string convert_args(const std::string& dir, const std::string& out) {
  return script("scripts/convert_fairseq.py") + " " + dir + "/checkpoint.pt --src-dict " + dir +
         "/dict.src.txt --tgt-dict " + dir + "/dict.tgt.txt -o " + out;
}

// The generated checkpoints, made once for the whole suite (PyTorch starts slowly).
class ConvertFairseq : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!torch_available()) return;
    dir_ = new ScopedTempDir("ventris-fairseq");
    generated_ = run_command(script("tests/reference/fairseq_checkpoint.py") + " " + dir_->path());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!torch_available()) GTEST_SKIP() << "python3-torch not installed (scripts/setup.sh installs it): skipped";
    ASSERT_EQ(generated_.exit_code, 0) << generated_.err;
  }
  static std::string case_dir(const std::string& name) { return *dir_ / name; }
  static ScopedTempDir* dir_;
  static CommandResult generated_;
};
ScopedTempDir* ConvertFairseq::dir_ = nullptr;
CommandResult ConvertFairseq::generated_;

TEST_F(ConvertFairseq, ConvertedModelsScoreLikeThePyTorchReference) {
  for (const char* name : {"transformer_iwslt_de_en", "transformer_wmt_en_de", "multibranch_lightweight",
                           "multibranch_dynamic_glu"}) {
    SCOPED_TRACE(name);
    const std::string dir = case_dir(name), model = dir + "/model.safetensors";
    const CommandResult c = run_command(convert_args(dir, model));
    ASSERT_EQ(c.exit_code, 0) << c.err;
    EXPECT_NE(c.err.find("converted"), std::string::npos) << c.err;
    const CommandResult s =
        run_ventris("--threads 1 score --model " + model + " --src " + dir + "/src.txt --tgt " + dir + "/tgt.txt");
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::vector<double> ours = numbers(s.out, 0), reference = numbers(read_file(dir + "/expected.txt"), 0);
    ASSERT_EQ(ours.size(), 3u);
    ASSERT_EQ(ours.size(), reference.size());
    for (size_t i = 0; i < ours.size(); ++i)
      EXPECT_NEAR(ours[i], reference[i], 1e-4 * std::max(1.0, std::abs(reference[i]))) << "pair " << i;
  }
}

TEST_F(ConvertFairseq, TranslateReadsAndWritesTheDictionarySymbols) {
  const std::string dir = case_dir("transformer_iwslt_de_en"), model = dir + "/conv.safetensors";
  ASSERT_EQ(run_command(convert_args(dir, model)).exit_code, 0);
  // Unknown words map to <unk>; every output token is a target dictionary symbol.
  const CommandResult t = run_ventris("--threads 1 translate -m " + model + " --beam 2 --max-len-b 6",
                                      "q1 q2 und@@ der\nq3 notinthedictionary\n");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string dict = read_file(dir + "/dict.tgt.txt");
  std::istringstream lines(t.out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    std::istringstream words(line);
    for (std::string w; words >> w;) {
      // fairseq's padding rows are symbols too, never in dict.txt; SentencePiece writes <unk> as ⁇.
      if (w.starts_with("madeupword") || w == "\u2047") continue;
      EXPECT_NE(dict.find(w + " "), std::string::npos) << w << " in: " << line;
    }
  }
  EXPECT_EQ(count, 2);
  const CommandResult ids = run_ventris("--threads 1 translate -m " + model + " --input-format ids --beam 1 "
                                        "--max-len-b 3 --output-format ids",
                                        "4 5 6\n");
  EXPECT_EQ(ids.exit_code, 0) << ids.err;
}

TEST_F(ConvertFairseq, BadInputIsOneLineErrorNamingIt) {
  const std::string dir = case_dir("transformer_wmt_en_de"), out = dir + "/bad.safetensors";
  auto last_line = [](const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    return t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
  };
  CommandResult r = run_command(script("scripts/convert_fairseq.py") + " " + dir + "/missing.pt --src-dict " + dir +
                                "/dict.src.txt --tgt-dict " + dir + "/dict.tgt.txt -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err), "error: checkpoint not found: " + dir + "/missing.pt");

  r = run_command(script("scripts/convert_fairseq.py") + " " + dir + "/checkpoint.pt --src-dict " + dir +
                  "/nodict.txt --tgt-dict " + dir + "/dict.tgt.txt -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err), "error: dictionary not found: " + dir + "/nodict.txt");

  // The joined model with a different target dictionary.
  r = run_command(script("scripts/convert_fairseq.py") + " " + dir + "/checkpoint.pt --src-dict " + dir +
                  "/dict.src.txt --tgt-dict " + case_dir("transformer_iwslt_de_en") + "/dict.tgt.txt -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err),
            "error: share_all_embeddings needs one joined dictionary, but --src-dict and --tgt-dict differ");

  std::ofstream(dir + "/broken.txt") << "hallo\n";
  r = run_command(script("scripts/convert_fairseq.py") + " " + dir + "/checkpoint.pt --src-dict " + dir +
                  "/broken.txt --tgt-dict " + dir + "/dict.tgt.txt -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err), "error: " + dir + "/broken.txt:1: not a fairseq dictionary line (SYMBOL COUNT): 'hallo'");

  // A tensor Ventris has no place for, and an unsupported option.
  r = run_command("/usr/bin/python3 -c \"import torch; c = torch.load('" + dir +
                  "/checkpoint.pt'); c['model']['encoder.layers.0.adapter.weight'] = torch.zeros(2); "
                  "c['args'].arch = 'transformer_wmt_en_de'; torch.save(c, '" + dir + "/extra.pt')\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(script("scripts/convert_fairseq.py") + " " + dir + "/extra.pt --src-dict " + dir +
                  "/dict.src.txt --tgt-dict " + dir + "/dict.tgt.txt -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err),
            "error: checkpoint tensor 'encoder.layers.0.adapter.weight' has no place in a Ventris transformer model");
  r = run_command("/usr/bin/python3 -c \"import torch; c = torch.load('" + dir +
                  "/checkpoint.pt'); c['args'].layernorm_embedding = True; torch.save(c, '" + dir + "/lne.pt')\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(script("scripts/convert_fairseq.py") + " " + dir + "/lne.pt --src-dict " + dir +
                  "/dict.src.txt --tgt-dict " + dir + "/dict.tgt.txt -o " + out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err), "error: fairseq option 'layernorm_embedding' is set; Ventris has no such layer");
  EXPECT_FALSE(fs::exists(out)) << "nothing is written on an error";
}

}  // namespace
}  // namespace ventris::test
