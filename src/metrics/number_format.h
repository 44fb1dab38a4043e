// Fixed-point formatting that matches Python's f'{x:.{n}f}' (correctly
// rounded from the binary value, ties to even), which sacreBLEU uses for
// every number it prints.
#pragma once

#include <string>

namespace ventris::metrics {

std::string format_fixed(double value, int decimals);

}  // namespace ventris::metrics
