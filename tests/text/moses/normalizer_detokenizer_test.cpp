// normalize-punctuation.perl, lowercase.perl and detokenizer.perl rules, and
// tokenize -> detokenize round trips. Expected strings are the Perl
// scripts' output (mosesdecoder 34452895; 3a0631a for the 2017 case).
#include <gtest/gtest.h>

#include "text/moses/detokenizer.h"
#include "text/moses/lowercase.h"
#include "text/moses/pipeline.h"
#include "text/moses/punctuation_normalizer.h"
#include "text/moses/remove_non_printing.h"
#include "text/moses/tokenizer.h"

namespace ventris::test {
namespace {

using namespace text::moses;

std::string norm(std::string_view line, std::string language, MosesVersion version = MosesVersion::kCurrent) {
  return PunctuationNormalizer(std::move(language), version).normalize(line);
}

std::string detok(std::string_view line, std::string language = "en") {
  return Detokenizer(std::move(language)).detokenize(line);
}

TEST(MosesNormalizer, UnicodePunctuationToAscii) {
  const std::string line = "Er sagte \u201eHallo\u201c \u2013 dann\u2026 \u00abSalut\u00bb \u201aja\u2018 l\u2019homme 1\u00a0000 und 5 %";
  EXPECT_EQ(norm(line, "de"), "Er sagte \"Hallo\" - dann... \"Salut\" 'ja' l'homme 1,000 und 5%");
  EXPECT_EQ(norm(line, "en"), "Er sagte \"Hallo\" - dann... \"Salut\" 'ja' l'homme 1.000 und 5%");
  EXPECT_EQ(norm("x\r\ry ``q'' \u2014dash", "en"), "xy \" q \" - dash");
  // Only the first of two digit groups is joined: a match consumes the digit after the space.
  EXPECT_EQ(norm("1\u00a02\u00a03", "en"), "1.2\u00a03");
}

TEST(MosesNormalizer, SingleQuotesDependOnVersion) {
  // ASCII letters around ‘ or ’ make an apostrophe; elsewhere ’ is a double quote, ‘ and ‚ a
  // single quote (a double quote before Moses f6d7add, 2019-11).
  EXPECT_EQ(norm("\u201aja\u2018 l\u2019homme \u2018x\u2019 \u00e9\u2019a", "de"), "'ja' l'homme 'x\" \u00e9\"a");
  EXPECT_EQ(norm("\u201aja\u2018 l\u2019homme \u2018x\u2019 \u00e9\u2019a", "de", MosesVersion::k2017),
            "\"ja\" l'homme \"x\" \u00e9\"a");
}

TEST(MosesNormalizer, NoBreakSpacesBeforePunctuation) {
  EXPECT_EQ(norm("Il dit\u00a0: \u00ab\u00a0Bonjour\u00a0\u00bb ! 10\u00a0% n\u00ba\u00a05 20\u00a0\u00baC 3\u00a0cm\u00a0?", "fr"),
            "Il dit: \"Bonjour\" ! 10% n\u00ba 5 20 \u00baC 3 cm?");
}

TEST(MosesNormalizer, BracketsAndQuotePunctuationOrder) {
  EXPECT_EQ(norm("He said \"Hello\". Then (\"no\") , ok ( yes ) .", "en"), "He said \"Hello.\" Then (\"no\"), ok (yes).");
  EXPECT_EQ(norm("Er sagte \"Hallo\", dann \"Tsch\u00fcss.\"", "de"), "Er sagte \"Hallo\", dann \"Tsch\u00fcss\".");
  EXPECT_EQ(norm("a \"b.\" <c", "de"), "a \"b\". <c");  // a space before '<' still lets the period move
  EXPECT_EQ(norm("a \"b.\" c,\"d", "cs"), "a \"b.\" c,\"d");  // Czech: left alone
  EXPECT_EQ(norm("x)", "en"), "x) ");  // a closing bracket gets a space after it, even at the end
}

TEST(MosesRemoveNonPrinting, ControlFormatPrivateAndUnassignedBecomeSpaces) {
  std::string out;
  remove_non_printing("a\tb\u200bc\u00add\x01" "e\ue000f\u00a0g\u0378h", out);
  EXPECT_EQ(out, "a b c d e f\u00a0g h");  // NBSP is a space separator, not "other"
  // Without it the tokenizer pads the zero-width space, the soft hyphen and the private-use character.
  PipelineOptions options{.tokenizer = {.language = "en"}};
  EXPECT_EQ(Pipeline(options).process("a\tb\u200bc\u00add\x01" "e\ue000f\u00a0g"),
            "a b \u200b c \u00ad de \ue000 f g");
  options.remove_non_printing = true;
  EXPECT_EQ(Pipeline(options).process("a\tb\u200bc\u00add\x01" "e\ue000f\u00a0g"), "a b c d e f g");
}

TEST(MosesLowercase, PerlLcFullMappingNoFinalSigma) {
  EXPECT_EQ(lowercase("\u03a3\u0391\u03a3 \u0130stanbul \u01c5 \u00c4\u00d6\u00dc\u1e9e \u00c9COLE \u216b \u24b6"),
            "\u03c3\u03b1\u03c3 i\u0307stanbul \u01c6 \u00e4\u00f6\u00fc\u00df \u00e9cole \u217b \u24d0");
}

TEST(MosesDetokenizer, JoinsWhatTheTokenizerSplit) {
  EXPECT_EQ(detok("It &apos;s a &quot; test &quot; , isn &apos;t it ? ( yes ) $ 5 state @-@ of @-@ the @-@ art "
                  "the Jones &apos; house"),
            "It's a \"test\", isn't it? (yes) $5 state-of-the-art the Jones' house");
  EXPECT_EQ(detok("L&apos; homme a dit : &quot; Bonjour &quot; ! C&apos; est 10 % .", "fr"),
            "L'homme a dit : \"Bonjour\" ! C'est 10 %.");
  EXPECT_EQ(detok("Sie sagte , dass \u201e er \u201c kommt .", "de"), "Sie sagte, dass \u201eer\u201c kommt.");
  EXPECT_EQ(detok("\u00ab a \u00bb and \u201c b \u201d and ' c ' and '' d ''"),
            "\u00ab a \u00bb and \u201cb \u201d and 'c' and ''d''");
}

TEST(MosesDetokenizer, CjkCzechFinnishAndPassThrough) {
  EXPECT_EQ(detok("\u4e2d \u6587 \u5b57 and \ud55c \uad6d"), "\u4e2d\u6587\u5b57 and \ud55c\uad6d");
  EXPECT_EQ(detok("\ud55c \uad6d", "ko"), "\ud55c \uad6d");
  EXPECT_EQ(detok("Je to 3 , 14 a je - li to e - mail", "cs"), "Je to 3,14 a je-li to e - mail");
  EXPECT_EQ(detok("EU : n ja EU : ssa", "fi"), "EU:n ja EU:ssa");
  EXPECT_EQ(detok("<b>"), "<b>");  // XML tag lines are left alone
  EXPECT_EQ(detok(" a  b "), "a b");
  EXPECT_EQ(detok("   "), "   ");
}

TEST(MosesDetokenizer, RoundTripsTokenizedText) {
  struct Case {
    const char* language;
    const char* text;
  };
  for (const Case& c : {Case{"en", "It's 5 o'clock, isn't it? \"Yes\" (he said) for $5."},
                        Case{"en", "A state-of-the-art e-mail from the U.S. arrived."},
                        Case{"fr", "L'homme qu'il a vu aujourd'hui, c'est l'\u00e9t\u00e9."},
                        Case{"de", "Er sagte: \"Es kostet 5,50 Euro [inkl. MwSt.] & mehr...\""}}) {
    const Tokenizer tokenizer({.language = c.language, .aggressive = true});
    EXPECT_EQ(detok(tokenizer.tokenize(c.text), c.language), c.text) << c.language << ": " << c.text;
  }
}

TEST(MosesPipeline, StepOrderMatters) {
  // Lower-casing first hides the capital that splits off a period before the next sentence.
  PipelineOptions first{.tokenizer = {.language = "en"}, .normalize = true, .lowercase = Lowercase::kFirst};
  PipelineOptions last{.tokenizer = {.language = "en"}, .normalize = true, .lowercase = Lowercase::kLast};
  EXPECT_EQ(Pipeline(first).process("A dog runs. It \u201cbarks\u201d."), "a dog runs. it &quot; barks . &quot;");
  EXPECT_EQ(Pipeline(last).process("A dog runs. It \u201cbarks\u201d."), "a dog runs . it &quot; barks . &quot;");
}

}  // namespace
}  // namespace ventris::test
