// Unicode general-category classes used by the `intl` tokenizer: the `regex`
// module's \p{P}, \p{S} and \p{N}. They come from ICU; ICU 72 implements
// Unicode 15.0, as does the regex release sacreBLEU 2.6.0's figures were made
// with (every code point was checked against it).
#pragma once

#include <cstdint>

namespace ventris::metrics {

enum UnicodeClass : uint8_t {
  kOtherClass = 0,
  kPunctuation = 1,  // Pc Pd Ps Pe Pi Pf Po
  kSymbol = 2,       // Sm Sc Sk So
  kNumber = 4,       // Nd Nl No
};

UnicodeClass unicode_class(char32_t c);

}  // namespace ventris::metrics
