#include "metrics/tokenizer_char.h"

#include "metrics/python_text.h"
#include "text/utf8.h"

namespace ventris::metrics {

using text::utf8_length;

void tokenize_char(std::string_view line, std::string& out) {
  out.clear();
  for (size_t pos = 0; pos < line.size();) {
    size_t len = python_space_length(line, pos);
    if (len) {
      pos += len;
      continue;
    }
    len = utf8_length(static_cast<unsigned char>(line[pos]));
    if (!out.empty()) out.push_back(' ');
    out.append(line.data() + pos, len);
    pos += len;
  }
}

}  // namespace ventris::metrics
