#include "metrics/tokenizer.h"

#include "core/error.h"
#include "metrics/python_text.h"
#include "metrics/tokenizer_13a.h"
#include "metrics/tokenizer_char.h"
#include "metrics/tokenizer_intl.h"
#include "metrics/tokenizer_zh.h"
#include "text/moses/tokenizer.h"

namespace ventris::metrics {

TokenizerKind parse_tokenizer(std::string_view name) {
  return config::parse_enum<TokenizerKind>(name, "BLEU tokenizer");
}

std::string_view tokenizer_name(TokenizerKind kind) { return config::enum_name(kind); }

void tokenize(TokenizerKind kind, std::string_view line, std::string& out) {
  switch (kind) {
    case TokenizerKind::kNone: python_split_join(line, out); return;
    case TokenizerKind::k13a: tokenize_13a(line, out); return;
    case TokenizerKind::kIntl: tokenize_intl(line, out); return;
    case TokenizerKind::kZh: tokenize_zh(line, out); return;
    case TokenizerKind::kChar: tokenize_char(line, out); return;
    case TokenizerKind::kMoses: {
      static const text::moses::Tokenizer english({.language = "en", .escape = false});
      thread_local std::string tokens;
      english.tokenize(line, tokens);
      python_split_join(tokens, out);  // ".'" at the end leaves a double and a trailing space
      return;
    }
  }
}

std::string tokenize(TokenizerKind kind, std::string_view line) {
  std::string out;
  tokenize(kind, line, out);
  return out;
}

}  // namespace ventris::metrics
