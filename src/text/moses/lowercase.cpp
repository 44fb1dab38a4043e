#include "text/moses/lowercase.h"

#include <unicode/uchar.h>

#include "text/utf8.h"

namespace ventris::text::moses {

void lowercase(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + ('a' - 'A')) : static_cast<char>(byte));
      ++pos;
      continue;
    }
    const char32_t c = decode_utf8(text, pos);
    if (c == U'\u0130') {
      out += "i\u0307";
    } else {
      append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
  }
}

std::string lowercase(std::string_view text) {
  std::string out;
  lowercase(text, out);
  return out;
}

}  // namespace ventris::text::moses
