// `ventris tokenize` / `ventris detokenize` through the real binary: filters
// on stdin/stdout and on files, the options, the threads, and the error
// paths (one `error:` line, exit code 1 for bad input, 2 for bad usage).
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/in_process_cli.h"
#include "cli/run_binary.h"

namespace ventris::test {
namespace {

class TokenizeCli : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return dir_ / name; }
  ScopedTempDir dir_{"ventris-tokenize-cli"};
};

TEST_F(TokenizeCli, FiltersStandardInput) {
  const std::string text = "Er sagte: \u201eDas kostet 5,50 Euro.\u201c\nDie E-Mail kam um 9.30 Uhr an.\n";
  auto plain = run_ventris("tokenize -l de", text);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, "Er sagte : \u201e Das kostet 5,50 Euro . \u201c\nDie E-Mail kam um 9.30 Uhr an .\n");
  auto all = run_ventris("tokenize -l de --normalize --lowercase -a", text);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  // German punctuation order: the period moves behind the closing quote.
  EXPECT_EQ(all.out, "er sagte : &quot; das kostet 5,50 euro &quot; .\ndie e @-@ mail kam um 9.30 uhr an .\n");
  EXPECT_EQ(all.err, "");
}

TEST_F(TokenizeCli, EscapingAndMosesSpellings) {
  auto escaped = run_ventris("tokenize", "It's <b> & \"c\"\n");
  EXPECT_EQ(escaped.out, "It &apos;s &lt; b &gt; &amp; &quot; c &quot;\n");
  auto raw = run_ventris("tokenize --no-escape", "It's <b> & \"c\"\n");
  EXPECT_EQ(raw.out, "It 's < b > & \" c \"\n");
  auto moses_spelling = run_ventris("tokenize -l en -no-escape -a", "It's a-b\n");  // tokenizer.perl's flags
  EXPECT_EQ(moses_spelling.out, "It 's a @-@ b\n");
  // fairseq's WMT training pipeline: normalize, remove non-printing characters, tokenize -a.
  auto wmt = run_ventris("tokenize -l en --normalize --remove-non-printing -a", "A\u200bB \u2014 a-b\n");
  EXPECT_EQ(wmt.out, "A B - a @-@ b\n");
}

TEST_F(TokenizeCli, LowercaseFirstIsMulti30ksOrder) {
  const std::string text = "Two dogs play. A man \u00abwatches\u00bb.\n";
  auto first = run_ventris("tokenize -l fr --lowercase-first --normalize --moses-version 2017", text);
  auto last = run_ventris("tokenize -l fr --normalize --lowercase", text);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "two dogs play. a man &quot; watches &quot; .\n");
  EXPECT_EQ(last.out, "two dogs play . a man &quot; watches &quot; .\n");
}

TEST_F(TokenizeCli, FilesInAndOutAndThreadsAgree) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "Line " + std::to_string(i) + ": it's Mr. Smith's (\"test\"), e.g. U.S.A.\n";
  text += "\n   \nlast line without newline";
  write_file(path("in.txt"), text);
  auto one = run_ventris("--threads 1 tokenize -i " + path("in.txt") + " -o " + path("one.txt"));
  auto two = run_ventris("--threads 2 tokenize -i " + path("in.txt") + " -o " + path("two.txt"));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(one.out, "");
  const std::vector<std::string> lines = lines_of(read_file(path("one.txt")));
  ASSERT_EQ(lines.size(), 5003u);
  EXPECT_EQ(lines[7], "Line 7 : it &apos;s Mr. Smith &apos;s ( &quot; test &quot; ) , e.g. U.S.A .");
  EXPECT_EQ(lines[5000], "");
  EXPECT_EQ(lines[5001], "   ");  // whitespace-only lines pass unchanged, as in Moses
  EXPECT_EQ(lines[5002], "last line without newline");
  EXPECT_EQ(read_file(path("one.txt")), read_file(path("two.txt")));
}

TEST_F(TokenizeCli, DetokenizeUndoesTokenize) {
  const std::string text = "L'homme a dit : \"Bonjour, c'est l'\u00e9t\u00e9 !\" (10 %)\n";
  auto tokenized = run_ventris("tokenize -l fr -a", text);
  ASSERT_EQ(tokenized.exit_code, 0) << tokenized.err;
  EXPECT_EQ(tokenized.out,
            "L&apos; homme a dit : &quot; Bonjour , c&apos; est l&apos; \u00e9t\u00e9 ! &quot; ( 10 % )\n");
  auto back = run_ventris("detokenize -l fr", tokenized.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.out, text);
}

TEST_F(TokenizeCli, LanguagesWithoutRulesWarn) {
  auto tok = run_ventris("tokenize -l xx", "Dr. Who's here.\n");
  EXPECT_EQ(tok.exit_code, 0);
  EXPECT_EQ(tok.out, "Dr. Who &apos; s here .\n");
  EXPECT_NE(tok.err.find("no nonbreaking prefixes for language 'xx'"), std::string::npos) << tok.err;
  auto detok = run_ventris("detokenize -l de", "a , b\n");
  EXPECT_EQ(detok.out, "a, b\n");
  EXPECT_NE(detok.err.find("no rules of its own for language 'de'"), std::string::npos) << detok.err;
}

TEST_F(TokenizeCli, InvalidUtf8NamesTheLine) {
  auto r = run_ventris("tokenize", "fine\nab\xff\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: standard input: line 2 is not valid UTF-8 (byte 3)\n");

  write_file(path("bad.txt"), "ok\nok\n\xc3\x28 bad\n");
  auto f = run_ventris("detokenize -i " + path("bad.txt") + " -o " + path("out.txt"));
  EXPECT_EQ(f.exit_code, 1);
  EXPECT_EQ(f.err, "error: " + path("bad.txt") + ": line 3 is not valid UTF-8 (byte 1)\n");
  EXPECT_FALSE(std::filesystem::exists(path("out.txt")));  // nothing half-written
}

TEST_F(TokenizeCli, UsageErrors) {
  auto missing = run_ventris("tokenize -i " + path("nope.txt"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open input file '" + path("nope.txt") + "'"), std::string::npos) << missing.err;

  auto version = run_ventris("tokenize --moses-version 2019", "x\n");
  EXPECT_EQ(version.exit_code, 2);
  EXPECT_EQ(version.err, "error: unknown --moses-version '2019' (choose current, 2017)\n");

  auto both = run_ventris("tokenize --lowercase --lowercase-first", "x\n");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("--lowercase"), std::string::npos) << both.err;
  EXPECT_EQ(both.out, "");
}

}  // namespace
}  // namespace ventris::test
