// Minimal UTF-8 helpers (metrics, the Moses tokenizer, line readers): strict validation (the same
// rules as Python's "utf-8" codec, since sacreBLEU decodes its input with it),
// decoding to code points and encoding back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ventris::text {

// Byte offset of the first invalid UTF-8 sequence in `text`, or npos when the
// whole text is valid. Rejects overlong forms, surrogates and values above
// U+10FFFF, like Python's strict decoder.
size_t find_invalid_utf8(std::string_view text);

// Decodes the code point starting at text[pos] and advances pos past it.
// `text` must be valid UTF-8 (see find_invalid_utf8).
inline char32_t decode_utf8(std::string_view text, size_t& pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  unsigned char b = s[pos];
  if (b < 0x80) {
    ++pos;
    return b;
  }
  if (b < 0xE0) {
    char32_t c = (char32_t(b & 0x1F) << 6) | (s[pos + 1] & 0x3F);
    pos += 2;
    return c;
  }
  if (b < 0xF0) {
    char32_t c = (char32_t(b & 0x0F) << 12) | (char32_t(s[pos + 1] & 0x3F) << 6) | (s[pos + 2] & 0x3F);
    pos += 3;
    return c;
  }
  char32_t c = (char32_t(b & 0x07) << 18) | (char32_t(s[pos + 1] & 0x3F) << 12) |
               (char32_t(s[pos + 2] & 0x3F) << 6) | (s[pos + 3] & 0x3F);
  pos += 4;
  return c;
}

// Appends the UTF-8 encoding of `c` to `out`.
void append_utf8(std::string& out, char32_t c);

// The code points of valid UTF-8 text (replaces the contents of `out`).
void to_code_points(std::string_view text, std::vector<char32_t>& out);

// Number of bytes of the UTF-8 sequence that starts with byte `lead`.
inline int utf8_length(unsigned char lead) { return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4; }

}  // namespace ventris::text
