#include "core/threads.h"

#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <thread>

#include "core/error.h"
#include "core/openblas_library.h"

namespace ventris {

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int threads_for_request(int requested) {
  VENTRIS_CHECK(requested >= 0, "threads must be >= 0, got {}", requested);
  const int cores = available_cores();
  return requested == 0 ? cores : std::min(requested, cores);
}

int set_num_threads(int n) {
  VENTRIS_CHECK(n >= 0, "threads must be >= 0, got {}", n);
  if (n == 0) n = available_cores();
  omp_set_num_threads(n);
  // OpenBLAS runs single-threaded: core/gemm.cpp spreads fixed blocks over the threads.
  gemm::openblas_threads(1);
  return n;
}

int num_threads() { return omp_get_max_threads(); }

}  // namespace ventris
