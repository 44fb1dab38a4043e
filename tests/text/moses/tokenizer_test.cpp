// Moses tokenizer rules, one test per rule. Every expected string is what
// tokenizer.perl (mosesdecoder 34452895, or 3a0631a for the 2017 cases)
// prints for the input under Perl 5.36.
#include <gtest/gtest.h>

#include "text/moses/tokenizer.h"

namespace ventris::test {
namespace {

using text::moses::MosesVersion;
using text::moses::Tokenizer;
using text::moses::TokenizerOptions;

std::string tok(std::string_view line, std::string language = "en", bool aggressive = false, bool escape = true,
                MosesVersion version = MosesVersion::kCurrent) {
  return Tokenizer(TokenizerOptions{std::move(language), aggressive, escape, version}).tokenize(line);
}

TEST(MosesTokenizer, EscapesXmlAndMosesSpecialCharacters) {
  EXPECT_EQ(tok("Mr. Smith paid $5,300.50 for A&B <tags> [x] | \"quoted\""),
            "Mr. Smith paid $ 5,300.50 for A &amp; B &lt; tags &gt; &#91; x &#93; &#124; &quot; quoted &quot;");
  EXPECT_EQ(tok("Mr. Smith paid $5,300.50 for A&B <tags> [x] | \"quoted\"", "en", false, false),
            "Mr. Smith paid $ 5,300.50 for A & B < tags > [ x ] | \" quoted \"");
}

TEST(MosesTokenizer, WhitespaceAndControlCharacters) {
  // Tabs, NBSP, thin space separate; the zero-width space is a character; control characters vanish.
  EXPECT_EQ(tok("a\tb\x01" "c\u00a0d\u2009e\u200b" "f"), "a bc d e \u200b f");
  EXPECT_EQ(tok("  \t  "), "  \t  ");  // a line of whitespace comes back unchanged
  EXPECT_EQ(tok(""), "");
  EXPECT_EQ(tok("\x01"), "");
}

TEST(MosesTokenizer, AggressiveHyphenSplitting) {
  EXPECT_EQ(tok("A state-of-the-art, well-known e-mail.", "en", true),
            "A state @-@ of @-@ the @-@ art , well @-@ known e @-@ mail .");
  EXPECT_EQ(tok("A state-of-the-art, well-known e-mail."), "A state-of-the-art , well-known e-mail .");
  // Only a hyphen between two letters or digits; Unicode letters count.
  EXPECT_EQ(tok("a--b -x- 3-4 \u00e9-\u00fc", "en", true), "a--b -x- 3 @-@ 4 \u00e9 @-@ \u00fc");
}

TEST(MosesTokenizer, NonbreakingPrefixes) {
  EXPECT_EQ(tok("Hello world. This is Mr. X."), "Hello world . This is Mr. X .");
  EXPECT_EQ(tok("He went to the U.S. Then he left."), "He went to the U.S. Then he left .");  // period and letter
  EXPECT_EQ(tok("He arrived at 5 p.m. Then he left."), "He arrived at 5 p.m. Then he left .");
  EXPECT_EQ(tok("etc. etc."), "etc. etc .");  // before a lower-case word any period stays
  EXPECT_EQ(tok("Das ist's. Er sagt: 'Hallo' z.B. am 3. Mai.", "de"),
            "Das ist &apos; s. Er sagt : &apos; Hallo &apos; z.B. am 3. Mai .");  // "s" is a German prefix
  EXPECT_EQ(tok("\u00bfQu\u00e9? \u00a1S\u00ed! Sr. L\u00f3pez y Fil. Juan.", "es"),
            "\u00bf Qu\u00e9 ? \u00a1 S\u00ed ! Sr. L\u00f3pez y Fil . Juan .");  // "Fil " is listed with a space
}

TEST(MosesTokenizer, NumericOnlyPrefixes) {
  EXPECT_EQ(tok("No. 5 is here. No. five is not. See Nos. 12 and Art. 3."),
            "No. 5 is here . No. five is not . See Nos. 12 and Art. 3 .");
  EXPECT_EQ(tok("No. Five"), "No . Five");  // neither a number nor lower case next
  EXPECT_EQ(tok("Um 9.30 Uhr kam Nr. 5 mit 2,5 kg.", "de"), "Um 9.30 Uhr kam Nr. 5 mit 2,5 kg .");
}

TEST(MosesTokenizer, FinalPeriodDependsOnVersion) {
  // Since 2018-11 the last word's period is always split off.
  EXPECT_EQ(tok("I live in the U.S."), "I live in the U.S .");
  EXPECT_EQ(tok("I live in the U.S.", "en", false, true, MosesVersion::k2017), "I live in the U.S.");
  EXPECT_EQ(tok("une \u0153uvre d'art.", "fr", false, true, MosesVersion::k2017), "une \u0153uvre d&apos; art.");
  // "Rs" (rupees) is an English prefix only since 2019-11.
  EXPECT_EQ(tok("The price is 5 Rs. Then more."), "The price is 5 Rs. Then more .");
  EXPECT_EQ(tok("The price is 5 Rs. Then more.", "en", false, true, MosesVersion::k2017),
            "The price is 5 Rs . Then more .");
}

TEST(MosesTokenizer, EnglishApostrophesSplitToTheRight) {
  EXPECT_EQ(tok("It's 5 o'clock, isn't it? The 1990's were 'great'."),
            "It &apos;s 5 o &apos;clock , isn &apos;t it ? The 1990 &apos;s were &apos; great &apos; .");
  EXPECT_EQ(tok("'Tis the season.'"), "&apos;Tis the season . &apos; ");  // ".'" at the end: trailing space
  EXPECT_EQ(tok("Is it?'"), "Is it ? &apos;");
}

TEST(MosesTokenizer, RomanceApostrophesSplitToTheLeft) {
  EXPECT_EQ(tok("L'homme qu'il a vu aujourd'hui, c'est l'\u00e9t\u00e9.", "fr"),
            "L&apos; homme qu&apos; il a vu aujourd&apos; hui , c&apos; est l&apos; \u00e9t\u00e9 .");
  EXPECT_EQ(tok("L'uomo dell'anno.", "it"), "L&apos; uomo dell&apos; anno .");
}

TEST(MosesTokenizer, OtherLanguagesApostrophes) {
  EXPECT_EQ(tok("Mr. Smith's dog. It's.", "xx"), "Mr. Smith &apos; s dog . It &apos; s .");  // split both sides
  EXPECT_EQ(tok("ka'a 'a' a'", "so"), "ka&apos;a &apos; a &apos; a&apos;");  // glottal stops stay
}

TEST(MosesTokenizer, LanguageSpecificWordCharacters) {
  EXPECT_EQ(tok("USA:n EU:ssa kello 12:30: valmis.", "fi"), "USA:n EU:ssa kello 12 : 30 : valmis .");
  // Catalan keeps the middle dot in words (Moses' rule to split it off never matches a lone '·').
  EXPECT_EQ(tok("l'il\u00b7lusi\u00f3 i\u00b7a", "ca"), "l&apos; il\u00b7lusi\u00f3 i\u00b7a");
}

TEST(MosesTokenizer, QuotesAndUnicodePunctuation) {
  EXPECT_EQ(tok("Er sagte: \u201eHallo\u201c \u2026 und ging.", "de"),
            "Er sagte : \u201e Hallo \u201c \u2026 und ging .");
  EXPECT_EQ(tok("$5 5\u20ac \u00bfQu\u00e9? \u00a1S\u00ed!"), "$ 5 5 \u20ac \u00bf Qu\u00e9 ? \u00a1 S\u00ed !");
}

TEST(MosesTokenizer, EllipsisAndPeriodRuns) {
  EXPECT_EQ(tok("Wait... what?! And.... so on.."), "Wait ... what ? ! And .... so on ..");
  EXPECT_EQ(tok("x..'"), "x .. &apos;");
}

TEST(MosesTokenizer, CommasAroundNumbers) {
  EXPECT_EQ(tok("A,B,C,D and 1,000,000 and 5, 6 and end 2014,"),
            "A , B , C , D and 1,000,000 and 5 , 6 and end 2014 ,");
  // Any Unicode number (Arabic-Indic digits, Roman numeral Twelve, superscript two) keeps a comma before it.
  EXPECT_EQ(tok("\u0663,\u0664 and \u216b,x and \u00b2,y"), "\u0663,\u0664 and \u216b , x and \u00b2 , y");
}

TEST(MosesTokenizer, Urls) {
  EXPECT_EQ(tok("see http://example.com/a?b=c&d=e now"),
            "see http : / / example.com / a ? b = c &amp; d = e now");
}

TEST(MosesTokenizer, UnknownLanguageUsesEnglishPrefixes) {
  EXPECT_EQ(tok("Dr. Smith arrived.", "xx"), "Dr. Smith arrived .");
}

}  // namespace
}  // namespace ventris::test
