// Moses' lowercase.perl: Perl's lc() on UTF-8 text. Every code point maps
// to its Unicode lower case (ICU 72, Unicode 15.0); U+0130 İ becomes "i̇"
// (i + U+0307), the one full mapping; unlike Python's str.lower() there is
// no final-sigma rule (ΣΑΣ -> σασ).
#pragma once

#include <string>
#include <string_view>

namespace ventris::text::moses {

// `text` must be valid UTF-8. Replaces the contents of `out`.
void lowercase(std::string_view text, std::string& out);
std::string lowercase(std::string_view text);

}  // namespace ventris::text::moses
