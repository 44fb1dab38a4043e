// The nonbreaking-prefix files as Moses parses them, the embedded lists, and
// the Perl character classes.
#include <gtest/gtest.h>

#include "text/moses/char_classes.h"
#include "text/moses/nonbreaking_prefixes.h"

namespace ventris::test {
namespace {

using namespace text::moses;

TEST(MosesPrefixes, ParsesLikeTokenizerPerl) {
  const NonbreakingPrefixes p(
      "# a comment\n"
      "\n"
      "Mr\n"
      "0\n"            // Perl's false: skipped
      "Fil \n"         // kept with its trailing space, so it never matches a word
      "No #NUMERIC_ONLY# \n"
      "Art  #NUMERIC_ONLY#\n"  // the greedy (.*) keeps one of the two spaces
      "pp\t#NUMERIC_ONLY#\n"
      "Mr #NUMERIC_ONLY#\n"    // a later entry replaces an earlier one
      "x#NUMERIC_ONLY#");       // no whitespace before the marker: an ordinary entry
  EXPECT_EQ(p.lookup("Mr"), PrefixKind::kNumericOnly);
  EXPECT_EQ(p.lookup("0"), PrefixKind::kNone);
  EXPECT_EQ(p.lookup("Fil"), PrefixKind::kNone);
  EXPECT_EQ(p.lookup("Fil "), PrefixKind::kAlways);
  EXPECT_EQ(p.lookup("No"), PrefixKind::kNumericOnly);
  EXPECT_EQ(p.lookup("Art"), PrefixKind::kNone);
  EXPECT_EQ(p.lookup("Art "), PrefixKind::kNumericOnly);
  EXPECT_EQ(p.lookup("pp"), PrefixKind::kNumericOnly);
  EXPECT_EQ(p.lookup("x#NUMERIC_ONLY#"), PrefixKind::kAlways);
  EXPECT_EQ(p.size(), 6u);
}

TEST(MosesPrefixes, EmbeddedListsForEveryMosesLanguage) {
  const std::vector<std::string_view> languages = prefix_list_languages();
  EXPECT_EQ(languages.size(), 38u);  // scripts/share/nonbreaking_prefixes at 34452895
  for (std::string_view l : {"en", "de", "fr", "cs", "es", "it", "ru", "zh"}) EXPECT_TRUE(has_prefix_list(l)) << l;
  EXPECT_FALSE(has_prefix_list("xx"));

  const NonbreakingPrefixes& en = NonbreakingPrefixes::for_language("en", MosesVersion::kCurrent);
  EXPECT_EQ(en.lookup("Mr"), PrefixKind::kAlways);
  EXPECT_EQ(en.lookup("e.g"), PrefixKind::kAlways);
  EXPECT_EQ(en.lookup("No"), PrefixKind::kNumericOnly);
  EXPECT_EQ(en.lookup("Rs"), PrefixKind::kAlways);
  EXPECT_EQ(NonbreakingPrefixes::for_language("en", MosesVersion::k2017).lookup("Rs"), PrefixKind::kNone);
  EXPECT_EQ(&NonbreakingPrefixes::for_language("xx", MosesVersion::kCurrent), &en);  // English fallback

  const NonbreakingPrefixes& de = NonbreakingPrefixes::for_language("de", MosesVersion::kCurrent);
  EXPECT_EQ(de.lookup("z.B"), PrefixKind::kAlways);
  EXPECT_EQ(de.lookup("Nr"), PrefixKind::kAlways);  // the German list has no numeric-only entries
  const NonbreakingPrefixes& fr = NonbreakingPrefixes::for_language("fr", MosesVersion::kCurrent);
  EXPECT_EQ(fr.lookup("M"), PrefixKind::kAlways);
  EXPECT_EQ(fr.lookup("Mr"), PrefixKind::kNone);
}

TEST(MosesCharClasses, AsciiTableAgreesWithIcu) {
  for (char32_t c = 0; c < 128; ++c) EXPECT_EQ(char_classes(c), text::moses::detail::non_ascii_classes(c)) << int(c);
}

TEST(MosesCharClasses, PerlPropertiesOnSamples) {
  EXPECT_TRUE(is_alpha(U'\u00e9') && is_alpha(U'\u4e2d') && is_alpha(U'\u216b'));  // letter number Ⅻ is alphabetic
  EXPECT_TRUE(is_alpha(U'\u0903'));    // a spacing mark with Other_Alphabetic
  EXPECT_FALSE(is_alpha(U'\u0301'));   // combining acute: not alphabetic
  EXPECT_TRUE(is_alnum(U'\u0663'));    // Arabic-Indic three (Nd)
  EXPECT_FALSE(is_alnum(U'\u00b2'));   // superscript two is No: a number, not alnum
  EXPECT_TRUE(is_number(U'\u00b2') && is_number(U'\u216b') && is_number(U'\u0663'));
  EXPECT_TRUE(is_lower(U'\u00aa') && is_lower(U'\u02b0'));  // ª and ʰ: Lowercase but not Ll
  EXPECT_FALSE(is_ll(U'\u00aa') || is_ll(U'\u02b0'));
  EXPECT_TRUE(is_ll(U'\u00df'));
  EXPECT_TRUE(is_space(U'\u00a0') && is_space(U'\u3000') && is_space(U'\u2028') && is_space(U'\u0085'));
  EXPECT_FALSE(is_space(U'\u200b') || is_space(U'\x1c'));
  EXPECT_TRUE(is_currency(U'$') && is_currency(U'\u20ac') && is_currency(U'\u00a3'));
  EXPECT_EQ(char_classes(0x110000), 0);
}

}  // namespace
}  // namespace ventris::test
