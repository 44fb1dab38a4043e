#include "metrics/number_format.h"

#include <algorithm>
#include <cstdio>

namespace ventris::metrics {

std::string format_fixed(double value, int decimals) {
  // glibc's printf is exact: it rounds the binary value's full decimal
  // expansion, as CPython's float formatting does.
  decimals = std::clamp(decimals, 0, 60);
  char buffer[400];
  int n = std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  if (n < 0) return "nan";
  if (static_cast<size_t>(n) < sizeof buffer) return std::string(buffer, static_cast<size_t>(n));
  std::string big(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(big.data(), big.size(), "%.*f", decimals, value);
  big.resize(static_cast<size_t>(n));
  return big;
}

}  // namespace ventris::metrics
