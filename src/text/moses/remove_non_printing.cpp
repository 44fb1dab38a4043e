#include "text/moses/remove_non_printing.h"

#include "text/utf8.h"
#include "text/moses/char_classes.h"

namespace ventris::text::moses {

void remove_non_printing(std::string_view line, std::string& out) {
  out.clear();
  for (size_t pos = 0; pos < line.size();) {
    const size_t start = pos;
    if (is_other(decode_utf8(line, pos))) {
      out.push_back(' ');
    } else {
      out.append(line, start, pos - start);
    }
  }
}

}  // namespace ventris::text::moses
