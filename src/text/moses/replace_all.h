// Perl's s/FROM/TO/g for literal strings, as the Moses scripts use it:
// left to right, non-overlapping, the text after a replacement is not
// searched again.
#pragma once

#include <string>
#include <string_view>

namespace ventris::text::moses {

// `tmp` is scratch space (kept by the caller so its capacity is reused).
inline void replace_all(std::string& text, std::string_view from, std::string_view to, std::string& tmp) {
  size_t hit = text.find(from);
  if (hit == std::string::npos) return;
  tmp.clear();
  size_t pos = 0;
  for (; hit != std::string::npos; hit = text.find(from, pos)) {
    tmp.append(text, pos, hit - pos);
    tmp.append(to);
    pos = hit + from.size();
  }
  tmp.append(text, pos);
  text.swap(tmp);
}

}  // namespace ventris::text::moses
