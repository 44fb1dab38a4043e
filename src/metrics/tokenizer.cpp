#include "metrics/tokenizer.h"

#include "core/error.h"
#include "metrics/python_text.h"
#include "metrics/tokenizer_13a.h"
#include "metrics/tokenizer_char.h"
#include "metrics/tokenizer_intl.h"
#include "metrics/tokenizer_zh.h"

namespace ventris::metrics {

TokenizerKind parse_tokenizer(std::string_view name) {
  if (name == "none") return TokenizerKind::kNone;
  if (name == "13a") return TokenizerKind::k13a;
  if (name == "intl") return TokenizerKind::kIntl;
  if (name == "zh") return TokenizerKind::kZh;
  if (name == "char") return TokenizerKind::kChar;
  throw Error(fmt::format("unknown BLEU tokenizer '{}' (choose none, 13a, intl, zh or char)", name));
}

std::string_view tokenizer_name(TokenizerKind kind) {
  switch (kind) {
    case TokenizerKind::kNone: return "none";
    case TokenizerKind::k13a: return "13a";
    case TokenizerKind::kIntl: return "intl";
    case TokenizerKind::kZh: return "zh";
    case TokenizerKind::kChar: return "char";
  }
  return "?";
}

void tokenize(TokenizerKind kind, std::string_view line, std::string& out) {
  switch (kind) {
    case TokenizerKind::kNone: python_split_join(line, out); return;
    case TokenizerKind::k13a: tokenize_13a(line, out); return;
    case TokenizerKind::kIntl: tokenize_intl(line, out); return;
    case TokenizerKind::kZh: tokenize_zh(line, out); return;
    case TokenizerKind::kChar: tokenize_char(line, out); return;
  }
}

std::string tokenize(TokenizerKind kind, std::string_view line) {
  std::string out;
  tokenize(kind, line, out);
  return out;
}

}  // namespace ventris::metrics
