#include "metrics/python_text.h"

#include <unicode/uchar.h>

#include "text/utf8.h"

namespace ventris::metrics {

using text::append_utf8;
using text::to_code_points;
using text::utf8_length;

bool is_python_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

namespace {

// Start of the UTF-8 character that ends just before byte `end`.
size_t previous_char_start(std::string_view text, size_t end) {
  size_t pos = end - 1;
  while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

}  // namespace

std::string_view python_rstrip(std::string_view text) {
  size_t end = text.size();
  while (end > 0) {
    size_t start = previous_char_start(text, end);
    if (python_space_length(text, start) != end - start) break;
    end = start;
  }
  return text.substr(0, end);
}

std::string_view python_strip(std::string_view text) {
  text = python_rstrip(text);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t len = python_space_length(text, pos);
    if (len == 0) break;
    pos += len;
  }
  return text.substr(pos);
}

void python_split(std::string_view text, std::vector<std::string_view>& out) {
  const size_t n = text.size();
  size_t pos = 0;
  while (pos < n) {
    size_t len;
    while (pos < n && (len = python_space_length(text, pos)) != 0) pos += len;
    if (pos >= n) break;
    size_t start = pos;
    while (pos < n && python_space_length(text, pos) == 0) pos += utf8_length(static_cast<unsigned char>(text[pos]));
    out.push_back(text.substr(start, pos - start));
  }
}

void remove_python_space(std::string_view text, std::string& out) {
  out.clear();
  size_t pos = 0;
  while (pos < text.size()) {
    size_t len = python_space_length(text, pos);
    if (len) {
      pos += len;
      continue;
    }
    len = utf8_length(static_cast<unsigned char>(text[pos]));
    out.append(text.data() + pos, len);
    pos += len;
  }
}

namespace {

// CPython 3.11 uses Unicode 14 data; ICU 72 has Unicode 15. The simple
// lower-case mappings agree on every code point (checked), but Unicode 15
// added case-ignorable marks, which only matter for the Final_Sigma rule:
// treat characters assigned in 15.0 or later as unassigned, as Python does.
bool assigned_before_unicode15(char32_t c) {
  UVersionInfo age;
  u_charAge(static_cast<UChar32>(c), age);
  return age[0] < 15;
}

bool is_case_ignorable(char32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CASE_IGNORABLE) && assigned_before_unicode15(c);
}

bool is_cased(char32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CASED) && assigned_before_unicode15(c);
}

// Python's rule for U+03A3 at index i: final sigma when preceded by a cased
// letter and not followed by one, skipping case-ignorable characters.
bool is_final_sigma(const std::vector<char32_t>& cps, size_t i) {
  size_t j = i;
  char32_t c = 0;
  bool found = false;
  while (j > 0) {
    c = cps[--j];
    if (!is_case_ignorable(c)) {
      found = true;
      break;
    }
  }
  if (!found || !is_cased(c)) return false;
  for (size_t k = i + 1; k < cps.size(); ++k) {
    if (!is_case_ignorable(cps[k])) return !is_cased(cps[k]);
  }
  return true;
}

}  // namespace

void python_lower(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() + 8);
  bool ascii = true;
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    for (char ch : text) out.push_back((ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch);
    return;
  }
  std::vector<char32_t> cps;
  to_code_points(text, cps);
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (c < 0x80) {
      out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c));
    } else if (c == 0x130) {
      // The one unconditional multi-character lower-case mapping (SpecialCasing.txt).
      out.push_back('i');
      append_utf8(out, 0x307);
    } else if (c == 0x3A3) {
      append_utf8(out, is_final_sigma(cps, i) ? 0x3C2 : 0x3C3);
    } else {
      append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
  }
}

std::string python_lower(std::string_view text) {
  std::string out;
  python_lower(text, out);
  return out;
}

}  // namespace ventris::metrics

namespace ventris::metrics {

void python_split_join(std::string_view text, std::string& out) {
  out.clear();
  const size_t n = text.size();
  size_t pos = 0;
  while (pos < n) {
    size_t len;
    while (pos < n && (len = python_space_length(text, pos)) != 0) pos += len;
    if (pos >= n) break;
    if (!out.empty()) out.push_back(' ');
    size_t start = pos;
    while (pos < n && python_space_length(text, pos) == 0) pos += utf8_length(static_cast<unsigned char>(text[pos]));
    out.append(text.data() + start, pos - start);
  }
}

}  // namespace ventris::metrics
