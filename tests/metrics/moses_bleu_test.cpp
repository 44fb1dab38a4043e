// `-tok moses`: BLEU on Moses-tokenized text, the "tokenized BLEU" of
// multi-bleu.perl. Scoring raw text with -tok moses must equal scoring text
// tokenized by `ventris tokenize` with -tok none, cased and lower-cased.
#include <gtest/gtest.h>

#include "cli/run_binary.h"
#include "metrics/bleu.h"
#include "metrics/signature.h"

namespace ventris::test {
namespace {

using metrics::BleuOptions;
using metrics::BleuScorer;
using metrics::TokenizerKind;

TEST(MosesBleu, PreprocessTokenizesForTheTargetLanguage) {
  BleuOptions en;
  en.tokenize = TokenizerKind::kMoses;
  EXPECT_EQ(BleuScorer(en).preprocess("It's Mr. Smith's \"car\" & more.'  "), "It 's Mr. Smith 's \" car \" & more . '");
  BleuOptions fr = en;
  fr.lowercase = true;
  fr.language = "fr";
  EXPECT_EQ(BleuScorer(fr).preprocess("L'\u00c9T\u00c9, Mr. X."), "l' \u00e9t\u00e9 , mr . x .");
  EXPECT_EQ(metrics::tokenize(TokenizerKind::kMoses, "It's 5."), "It 's 5 .");  // English by default
  EXPECT_EQ(metrics::bleu_tokenizer_signature(fr), "moses-fr");
}

TEST(MosesBleu, ScoreEqualsPreTokenizedNone) {
  ScopedTempDir dir("ventris-moses-bleu");
  write_file(dir / "ref.txt",
             "L'homme a dit : \"Bonjour, c'est l'\u00e9t\u00e9 !\"\nIl co\u00fbte 5,50 euros.\nM. Dupont arrive.\n");
  write_file(dir / "hyp.txt", "L'homme dit : \"Bonjour, c'est l'\u00e9t\u00e9!\"\nIl co\u00fbte 5 euros.\nM. Dupont vient.\n");
  for (const char* lc : {"", " -lc"}) {
    const std::string tok_flags = *lc ? " --lowercase" : "";
    for (const char* name : {"ref", "hyp"}) {
      auto t = run_ventris("tokenize -l fr --no-escape" + tok_flags + " -i " + (dir / name) + ".txt -o " + (dir / name) +
                           ".tok");
      ASSERT_EQ(t.exit_code, 0) << t.err;
    }
    auto moses = run_ventris("score " + (dir / "ref.txt") + " -i " + (dir / "hyp.txt") + " -tok moses -l en-fr -b" + lc);
    auto none = run_ventris("score " + (dir / "ref.tok") + " -i " + (dir / "hyp.tok") + " -tok none -b --force");
    ASSERT_EQ(moses.exit_code, 0) << moses.err;
    ASSERT_EQ(none.exit_code, 0) << none.err;
    EXPECT_EQ(moses.out, none.out) << lc;
    EXPECT_NE(moses.out, "0.00\n");
  }
  auto full = run_ventris("score " + (dir / "ref.txt") + " -i " + (dir / "hyp.txt") + " -tok moses -l en-fr -lc");
  EXPECT_NE(full.out.find("|case:lc|eff:no|tok:moses-fr|smooth:exp|"), std::string::npos) << full.out;
}

TEST(MosesBleu, LanguagePairErrors) {
  ScopedTempDir dir("ventris-moses-bleu");
  write_file(dir / "ref.txt", "a b c\n");
  auto bad = run_ventris("score " + (dir / "ref.txt") + " -tok moses -l fr", "a b c\n");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "error: --language-pair must be SRC-TGT (e.g. de-en), got 'fr'\n");
  auto zh = run_ventris("score " + (dir / "ref.txt") + " -l en-zh", "a b c\n");
  EXPECT_EQ(zh.exit_code, 0);
  EXPECT_NE(zh.err.find("sacreBLEU would pick its zh tokenizer"), std::string::npos) << zh.err;
}

}  // namespace
}  // namespace ventris::test
