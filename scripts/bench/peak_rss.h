// Peak resident memory of this process, for the benchmark tables.
#pragma once

#include <sys/resource.h>

inline long peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;  // Linux reports KiB
}
