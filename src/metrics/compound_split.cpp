#include "metrics/compound_split.h"

namespace ventris::metrics {

namespace {
// Perl's \s on a byte string: ASCII whitespace only.
bool is_perl_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

void compound_split(std::string_view text, std::string& out) {
  out.clear();
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    if (i + 2 < n && text[i + 1] == '-' && !is_perl_space(text[i]) && !is_perl_space(text[i + 2])) {
      out.push_back(text[i]);
      out.append(" ##AT##-##AT## ");
      out.push_back(text[i + 2]);
      i += 3;
    } else {
      out.push_back(text[i++]);
    }
  }
}

}  // namespace ventris::metrics
