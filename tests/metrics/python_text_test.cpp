// Python str semantics the scores depend on, and UTF-8 validation.
#include <gtest/gtest.h>

#include "core/error_types.h"

#include "metrics/python_text.h"
#include "text/utf8.h"

namespace ventris::test {

using text::find_invalid_utf8;
namespace {

using namespace metrics;

TEST(MetricsPythonText, WhitespaceSetIsPythons) {
  for (char32_t c : {U'\t', U'\n', U'\v', U'\f', U'\r', U'\x1c', U'\x1f', U' ', U'\x85', U'\xa0', U'\u1680', U'\u2000',
                     U'\u200a', U'\u2028', U'\u2029', U'\u202f', U'\u205f', U'\u3000'})
    EXPECT_TRUE(is_python_space(c)) << std::hex << static_cast<uint32_t>(c);
  for (char32_t c : {U'a', U'\u200b', U'\ufeff', U'\u180e', U'\x1b'})
    EXPECT_FALSE(is_python_space(c)) << std::hex << static_cast<uint32_t>(c);
}

TEST(MetricsPythonText, RstripSplitStrip) {
  EXPECT_EQ(python_rstrip("abc \r\u00a0\u3000"), "abc");
  EXPECT_EQ(python_rstrip("\ufeffabc"), "\ufeffabc");
  EXPECT_EQ(python_strip(" \u2003x y\t"), "x y");
  std::vector<std::string_view> parts;
  python_split("  a\u00a0b\u200bc  d ", parts);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[1], "b\u200bc");
  EXPECT_EQ(parts[2], "d");
}

TEST(MetricsPythonText, LowerMatchesPythonIncludingSpecialCases) {
  EXPECT_EQ(python_lower("ABC Äö"), "abc äö");
  EXPECT_EQ(python_lower("\u0130"), "i\u0307");          // 'İ'.lower() has two code points
  EXPECT_EQ(python_lower("\u1e9e"), "\u00df");           // ẞ -> ß
  EXPECT_EQ(python_lower("ΟΔΟΣ ΟΔΟΣ."), "οδος οδος.");  // final sigma before space and punctuation
  EXPECT_EQ(python_lower("ΣΑ"), "σα");                    // not final
  EXPECT_EQ(python_lower("Σ"), "σ");                      // alone: not preceded by a cased letter
  EXPECT_EQ(python_lower("ΠΡΙΒΕΤ МИР"), "πριβετ мир");
}

TEST(MetricsUtf8, ValidationFollowsPythonsStrictDecoder) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("\u00e9\u4e2d\U0001F600"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xc0\xaf"), 0u);          // overlong
  EXPECT_EQ(find_invalid_utf8("x\xed\xa0\x80"), 1u);     // surrogate
  EXPECT_EQ(find_invalid_utf8("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xe4\xb8"), 0u);          // truncated
}

}  // namespace
}  // namespace ventris::test
