#include "metrics/unicode_categories.h"

#include <unicode/uchar.h>

#include <array>

namespace ventris::metrics {

namespace {

UnicodeClass class_from_icu(char32_t c) {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return kPunctuation;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return kSymbol;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return kNumber;
    default:
      return kOtherClass;
  }
}

// Latin-1 is looked up in a table: most text is mostly ASCII.
const std::array<UnicodeClass, 256>& latin1_table() {
  static const std::array<UnicodeClass, 256> table = [] {
    std::array<UnicodeClass, 256> t{};
    for (char32_t c = 0; c < 256; ++c) t[c] = class_from_icu(c);
    return t;
  }();
  return table;
}

}  // namespace

UnicodeClass unicode_class(char32_t c) {
  if (c < 256) return latin1_table()[c];
  return class_from_icu(c);
}

}  // namespace ventris::metrics
