// The BLEU tokenizers of sacreBLEU 2.6.0 (`none`, `13a`, `intl`, `zh`,
// `char`), reproduced behaviour for behaviour. Each returns the string
// sacreBLEU's tokenizer returns: tokens separated by single spaces. Plus
// `moses`, which sacreBLEU does not have: Moses' tokenizer.perl -no-escape
// (text/moses/tokenizer.h), the tokenization of "tokenized BLEU"
// (multi-bleu.perl); BleuScorer runs it with BleuOptions::language.
#pragma once

#include <string>
#include <string_view>

#include "config/enum_names.h"

namespace ventris::metrics {

enum class TokenizerKind { kNone, k13a, kIntl, kZh, kChar, kMoses };

constexpr auto enum_names(TokenizerKind) {
  using enum TokenizerKind;
  return config::enum_table<TokenizerKind>(
      {{kNone, "none"}, {k13a, "13a"}, {kIntl, "intl"}, {kZh, "zh"}, {kChar, "char"}, {kMoses, "moses"}});
}

// "none", "13a", "intl", "zh", "char", "moses"; throws Error naming the choices otherwise.
TokenizerKind parse_tokenizer(std::string_view name);
std::string_view tokenizer_name(TokenizerKind kind);

// Tokenizes one segment. `line` must be valid UTF-8. `moses` tokenizes as
// English here (tokenizer.perl's default language).
void tokenize(TokenizerKind kind, std::string_view line, std::string& out);
std::string tokenize(TokenizerKind kind, std::string_view line);

}  // namespace ventris::metrics
