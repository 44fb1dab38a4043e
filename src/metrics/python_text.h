// Python `str` semantics that sacreBLEU's results depend on, on UTF-8 text:
// the whitespace set of str.split()/str.rstrip() (which includes NBSP, U+3000
// and the information separators 0x1C-0x1F, but not the zero-width space)
// and str.lower() (full lower-casing with the Final_Sigma rule, Unicode 14 as
// in CPython 3.11).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ventris::metrics {

// True for the code points Python's str.isspace() accepts.
bool is_python_space(char32_t c);

// Byte length of the Python whitespace character at text[pos], 0 if the
// character there is not whitespace. `text` must be valid UTF-8.
inline size_t python_space_length(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  unsigned char b = s[0];
  if (b < 0x80) return (b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)) ? 1 : 0;
  if (b == 0xC2) return (left >= 2 && (s[1] == 0x85 || s[1] == 0xA0)) ? 2 : 0;
  if (b == 0xE1) return (left >= 3 && s[1] == 0x9A && s[2] == 0x80) ? 3 : 0;
  if (b == 0xE2 && left >= 3) {
    if (s[1] == 0x80) return (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF) ? 3 : 0;
    if (s[1] == 0x81) return s[2] == 0x9F ? 3 : 0;
    return 0;
  }
  if (b == 0xE3) return (left >= 3 && s[1] == 0x80 && s[2] == 0x80) ? 3 : 0;
  return 0;
}

// str.rstrip() / str.strip() without arguments.
std::string_view python_rstrip(std::string_view text);
std::string_view python_strip(std::string_view text);

// str.split() without arguments: appends the whitespace-separated pieces of
// `text` to `out` (views into `text`).
void python_split(std::string_view text, std::vector<std::string_view>& out);

// ''.join(text.split()): `text` with every whitespace character removed.
void remove_python_space(std::string_view text, std::string& out);

// str.lower(): writes the lower-cased `text` to `out`.
void python_lower(std::string_view text, std::string& out);
std::string python_lower(std::string_view text);

}  // namespace ventris::metrics

namespace ventris::metrics {

// ' '.join(text.split()): whitespace runs become one space, ends trimmed.
void python_split_join(std::string_view text, std::string& out);

}  // namespace ventris::metrics
