// The Unicode character classes Moses' Perl scripts test, as bits per code
// point. Perl's definitions: \p{IsAlpha} is the Alphabetic property (letters,
// letter numbers and the combining marks flagged Other_Alphabetic),
// \p{IsAlnum} is Alphabetic or a decimal digit (Nd), \p{IsN} any number (Nd,
// Nl, No), \p{IsLower} the Lowercase property (Ll plus e.g. ª º ʰ), \p{Ll}
// the category alone, \s the White_Space property (NBSP, U+2000-U+200A,
// U+3000, ...; not U+200B), \p{IsSc} the currency symbols, \p{C} the
// "other" categories (Cc Cf Cs Co Cn).
//
// The values come from ICU 72 (Unicode 15.0); Perl 5.36 implements Unicode
// 14.0, older Perls older versions. Code points assigned in between are the
// only possible difference (docs/tokenize.md).
#pragma once

#include <cstdint>
#include <string_view>

namespace ventris::text::moses {

enum CharClass : uint8_t {
  kAlpha = 1,      // \p{IsAlpha}
  kDigit = 2,      // \p{Nd}
  kNumber = 4,     // \p{IsN}
  kLower = 8,      // \p{IsLower}
  kLl = 16,        // \p{Ll}
  kSpace = 32,     // \s
  kCurrency = 64,  // \p{IsSc}
  kOther = 128,    // \p{C}: control, format, surrogate, private use, unassigned
};

namespace detail {
// Code points from 128 up: blocks of 256 filled from ICU on first use (thread-safe).
uint8_t non_ascii_classes(char32_t c);

constexpr uint8_t ascii_classes(char32_t c) {
  if (c >= 'a' && c <= 'z') return kAlpha | kLower | kLl;
  if (c >= 'A' && c <= 'Z') return kAlpha;
  if (c >= '0' && c <= '9') return kDigit | kNumber;
  if (c >= '\t' && c <= '\r') return kSpace | kOther;
  if (c == ' ') return kSpace;
  if (c == '$') return kCurrency;
  if (c < 0x20 || c == 0x7F) return kOther;
  return 0;
}

inline constexpr auto kAsciiClasses = [] {
  struct Table {
    uint8_t bits[128];
  } t{};
  for (char32_t c = 0; c < 128; ++c) t.bits[c] = ascii_classes(c);
  return t;
}();
}  // namespace detail

// The classes of one code point (0 for values above U+10FFFF).
inline uint8_t char_classes(char32_t c) {
  return c < 128 ? detail::kAsciiClasses.bits[c] : detail::non_ascii_classes(c);
}

// Perl's /^\s*$/ on a line of valid UTF-8 (true for ""): the lines the
// Moses scripts print unchanged.
bool is_blank_line(std::string_view line);

inline bool is_alpha(char32_t c) { return char_classes(c) & kAlpha; }
inline bool is_alnum(char32_t c) { return char_classes(c) & (kAlpha | kDigit); }
inline bool is_number(char32_t c) { return char_classes(c) & kNumber; }
inline bool is_lower(char32_t c) { return char_classes(c) & kLower; }
inline bool is_ll(char32_t c) { return char_classes(c) & kLl; }
inline bool is_space(char32_t c) { return char_classes(c) & kSpace; }
inline bool is_currency(char32_t c) { return char_classes(c) & kCurrency; }
inline bool is_other(char32_t c) { return char_classes(c) & kOther; }

}  // namespace ventris::text::moses
