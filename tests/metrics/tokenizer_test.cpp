// The BLEU tokenizers on the cases the issue lists (numbers with commas and
// periods, Unicode punctuation and symbols, NBSP, ...), plus a randomized
// comparison of the fast 13a rules with a literal four-pass implementation.
#include <gtest/gtest.h>

#include "core/error_types.h"

#include <random>

#include "metrics/compound_split.h"
#include "metrics/tokenizer.h"
#include "metrics/tokenizer_13a.h"
#include "metrics/tokenizer_zh.h"

namespace ventris::test {
namespace {

using metrics::TokenizerKind;
using metrics::tokenize;

TEST(Tokenizer13a, NumbersKeepInnerSeparators) {
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "It costs 1,234.56 euros."), "It costs 1,234.56 euros .");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "2.000,50 and .5 or 5."), "2.000,50 and . 5 or 5 .");
  // The padding space splits a period after a digit at the end of the line.
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "in 2014."), "in 2014 .");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "pages 10-20, a-b"), "pages 10 - 20 , a-b");
}

TEST(Tokenizer13a, PunctuationAndEntities) {
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "Hello, \"world\" (yes)!"), "Hello , \" world \" ( yes ) !");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "a &quot;b&quot; &amp; c &lt;d&gt;"), "a \" b \" & c < d >");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "x <skipped> y"), "x y");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "don't"), "don't");  // apostrophes stay
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "e.g. U.S."), "e . g . U . S .");  // any non-digit before a period
}

TEST(Tokenizer13a, UnicodeWhitespaceSeparatesUnicodePunctuationStays) {
  // NBSP and U+3000 split tokens (Python's str.split); the zero-width space does not.
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "a\u00a0b\u3000c\u200bd"), "a b c\u200bd");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "\u201eJa\u201c, sagte er\u2026"), "\u201eJa\u201c , sagte er\u2026");
  EXPECT_EQ(tokenize(TokenizerKind::k13a, "\ufeffBOM"), "\ufeffBOM");  // a BOM is an ordinary character
  EXPECT_EQ(tokenize(TokenizerKind::k13a, ""), "");
}

TEST(TokenizerIntl, SplitsUnicodePunctuationAndSymbols) {
  EXPECT_EQ(tokenize(TokenizerKind::kIntl, "\u201eJa\u201c, sagte er\u2026"), "\u201e Ja \u201c , sagte er \u2026");
  EXPECT_EQ(tokenize(TokenizerKind::kIntl, "5\u20ac or $5 \U0001F600!"), "5 \u20ac or $ 5 \U0001F600 !");
  // Punctuation between digits stays; a number keeps a final period (mteval-v14).
  EXPECT_EQ(tokenize(TokenizerKind::kIntl, "1,234.56 in 2014."), "1,234.56 in 2014.");
  EXPECT_EQ(tokenize(TokenizerKind::kIntl, "\u00abbonjour\u00bb"), "\u00ab bonjour \u00bb");
}

TEST(TokenizerZh, SplitsChineseCharactersAndSacrebleusExtraRange) {
  EXPECT_EQ(tokenize(TokenizerKind::kZh, "我爱北京 2014年"), "我 爱 北 京 2014 年");
  EXPECT_EQ(tokenize(TokenizerKind::kZh, "中文，English."), "中 文 ， English .");
  // No 13a padding: a number keeps a final period.
  EXPECT_EQ(tokenize(TokenizerKind::kZh, "在2014."), "在 2014.");
  // sacreBLEU's table covers U+2001..U+2A6D, so the euro sign and the
  // ellipsis become tokens of their own.
  EXPECT_EQ(tokenize(TokenizerKind::kZh, "5\u20ac wait\u2026"), "5 \u20ac wait \u2026");
  EXPECT_TRUE(metrics::is_zh_tokenizer_char(0x2026));
  EXPECT_FALSE(metrics::is_zh_tokenizer_char(0x20000));  // CJK Extension B itself is not covered
}

TEST(TokenizerChar, EveryCodePointIsAToken) {
  EXPECT_EQ(tokenize(TokenizerKind::kChar, "ab c\u00e9"), "a b c \u00e9");
  EXPECT_EQ(tokenize(TokenizerKind::kChar, "e\u0301"), "e \u0301");  // combining marks are separate
}

TEST(TokenizerNone, OnlyNormalisesWhitespace) {
  EXPECT_EQ(tokenize(TokenizerKind::kNone, "  a,b \t c\u00a0d "), "a,b c d");
}

TEST(TokenizerNames, ParseAndPrint) {
  for (auto name : {"none", "13a", "intl", "zh", "char"})
    EXPECT_EQ(metrics::tokenizer_name(metrics::parse_tokenizer(name)), name);
  EXPECT_THROW(metrics::parse_tokenizer("ja-mecab"), Error);
}

TEST(CompoundSplit, HyphensBetweenNonSpacesLikeThePerlOneLiner) {
  std::string out;
  metrics::compound_split("a well-known x-ray - ok", out);
  EXPECT_EQ(out, "a well ##AT##-##AT## known x ##AT##-##AT## ray - ok");
  metrics::compound_split("a-b-c", out);
  EXPECT_EQ(out, "a ##AT##-##AT## b-c");  // matches do not overlap, as in Perl
}

// sacreBLEU's TokenizerRegexp taken literally: four re.sub passes over
// strings, then ' '.join(split()) on ASCII whitespace (inputs here are ASCII).
std::string literal_mteval_rules(const std::string& text) {
  auto sub2 = [](const std::string& s, auto first, auto second, auto emit) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
      if (i + 1 < s.size() && first(s[i]) && second(s[i + 1])) {
        out += emit(s[i], s[i + 1]);
        i += 2;
      } else {
        out += s[i++];
      }
    }
    return out;
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto nondigit = [&](char c) { return !digit(c); };
  auto pc = [](char c) { return c == '.' || c == ','; };
  std::string s;
  for (char c : text) {
    bool p = (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26) ||
             (c >= 0x28 && c <= 0x2B) || (c >= 0x3A && c <= 0x40) || c == '/';
    s += p ? std::string(" ") + c + " " : std::string(1, c);
  }
  s = sub2(s, nondigit, pc, [](char a, char b) { return std::string(1, a) + " " + b + " "; });
  s = sub2(s, pc, nondigit, [](char a, char b) { return std::string(" ") + a + " " + b; });
  s = sub2(s, digit, [](char c) { return c == '-'; }, [](char a, char b) { return std::string(1, a) + " " + b + " "; });
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

TEST(Tokenizer13a, StreamingRulesEqualLiteralPassesOnRandomText) {
  const std::string alphabet = "ab1 2.,-.,--9$()'\t/x";
  std::mt19937 rng(7);
  for (int t = 0; t < 20000; ++t) {
    std::string s;
    const int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    std::string got;
    metrics::apply_mteval_rules(s, got);
    ASSERT_EQ(got, literal_mteval_rules(s)) << "input: '" << s << "'";
  }
}

}  // namespace
}  // namespace ventris::test
