#include "metrics/tokenizer_zh.h"

#include "metrics/python_text.h"
#include "metrics/tokenizer_13a.h"
#include "text/utf8.h"

namespace ventris::metrics {

using text::decode_utf8;

namespace {

struct Range {
  char32_t first, last;
};

// sacreBLEU's _UCODE_RANGES as Python evaluates them (see the header).
constexpr Range kChineseRanges[] = {
    {0x3400, 0x4DB5},  // CJK Unified Ideographs Extension A
    {0x4E00, 0x9FA5},  // CJK Unified Ideographs
    {0x9FA6, 0x9FBB},  // CJK Unified Ideographs, release 4.1
    {0xF900, 0xFA2D},  // CJK Compatibility Ideographs
    {0xFA30, 0xFA6A},  // CJK Compatibility Ideographs, release 3.2
    {0xFA70, 0xFAD9},  // CJK Compatibility Ideographs, release 4.1
    {0x2001, 0x2A6D},  // written '\u20000'..'\u2a6d6' (meant: CJK Extension B)
    {0x2F81, 0x2FA1},  // written '\u2f800'..'\u2fa1d' (meant: CJK Compatibility Supplement)
    {0xFF00, 0xFFEF},  // full-width ASCII and punctuation, half-width kana, Hangul
    {0x2E80, 0x2EFF},  // CJK Radicals Supplement
    {0x3000, 0x303F},  // CJK punctuation
    {0x31C0, 0x31EF},  // CJK strokes
    {0x2F00, 0x2FDF},  // Kangxi Radicals
    {0x2FF0, 0x2FFF},  // ideographic description characters
    {0x3100, 0x312F},  // Bopomofo
    {0x31A0, 0x31BF},  // Bopomofo Extended
    {0xFE10, 0xFE1F},  // vertical forms
    {0xFE30, 0xFE4F},  // CJK compatibility forms
    {0x2600, 0x26FF},  // miscellaneous symbols
    {0x2700, 0x27BF},  // dingbats
    {0x3200, 0x32FF},  // enclosed CJK letters and months
    {0x3300, 0x33FF},  // CJK compatibility
};

}  // namespace

bool is_zh_tokenizer_char(char32_t c) {
  if (c < 0x2001) return false;  // below every range: the common case
  for (const Range& r : kChineseRanges)
    if (c >= r.first && c <= r.last) return true;
  return false;
}

void tokenize_zh(std::string_view line, std::string& out) {
  thread_local std::string spaced;
  std::string_view text = python_strip(line);
  spaced.clear();
  for (size_t pos = 0; pos < text.size();) {
    size_t start = pos;
    char32_t c = decode_utf8(text, pos);
    if (is_zh_tokenizer_char(c)) spaced.push_back(' ');
    spaced.append(text.data() + start, pos - start);
    if (is_zh_tokenizer_char(c)) spaced.push_back(' ');
  }
  apply_mteval_rules(spaced, out);
}

}  // namespace ventris::metrics
