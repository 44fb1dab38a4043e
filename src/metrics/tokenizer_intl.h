// sacreBLEU's `intl` tokenizer (mteval-v14 international tokenization):
//   1. (\P{N})(\p{P}) -> '\1 \2 '   punctuation after a non-number
//   2. (\p{P})(\P{N}) -> ' \1 \2'   punctuation before a non-number
//   3. (\p{S})        -> ' \1 '     every symbol
// then ' '.join(line.split()). Unlike 13a the line is not padded, so a
// number followed by a final '.' keeps it ("2014."), as mteval-v14 does.
#pragma once

#include <string>
#include <string_view>

namespace ventris::metrics {

void tokenize_intl(std::string_view line, std::string& out);

}  // namespace ventris::metrics
