// sacreBLEU's `zh` tokenizer: strips the line, puts spaces around every
// character it counts as Chinese, then applies the 13a regular-expression
// rules (without 13a's unescaping and padding).
#pragma once

#include <string>
#include <string_view>

namespace ventris::metrics {

// sacreBLEU's test for a "Chinese character". Its table writes two ranges
// with five hex digits inside '\u' escapes ('\u20000', '\u2f800'), which
// Python reads as a four-digit escape plus a digit; compared as strings,
// those ranges become U+2001..U+2A6D and U+2F81..U+2FA1. The first of them
// covers general punctuation, currency signs, letterlike symbols, arrows and
// math operators, which sacreBLEU therefore splits off as single tokens;
// CJK Extension B itself is not covered. We reproduce that.
bool is_zh_tokenizer_char(char32_t c);

void tokenize_zh(std::string_view line, std::string& out);

}  // namespace ventris::metrics
