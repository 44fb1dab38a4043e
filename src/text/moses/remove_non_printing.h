// Moses' remove-non-printing-char.perl (s/\p{C}/ /g): every control, format,
// private-use or unassigned character becomes a space (tabs included). The
// WMT pipelines of fairseq run it between normalize-punctuation.perl and
// tokenizer.perl on training data.
#pragma once

#include <string>
#include <string_view>

namespace ventris::text::moses {

// `line` must be valid UTF-8. Replaces the contents of `out`.
void remove_non_printing(std::string_view line, std::string& out);

}  // namespace ventris::text::moses
