// sacreBLEU's `char` tokenizer: " ".join(line), i.e. every code point is a
// token; whitespace characters disappear when the result is split.
#pragma once

#include <string>
#include <string_view>

namespace ventris::metrics {

void tokenize_char(std::string_view line, std::string& out);

}  // namespace ventris::metrics
