#include "core/threads.h"

#include <omp.h>

#include <thread>

#include "core/error.h"
#include "core/openblas_library.h"

namespace ventris {

int set_num_threads(int n) {
  VENTRIS_CHECK(n >= 0, "threads must be >= 0, got {}", n);
  if (n == 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  omp_set_num_threads(n);
  // OpenBLAS runs single-threaded: core/gemm.cpp spreads fixed blocks over the threads.
  gemm::openblas_threads(1);
  return n;
}

int num_threads() { return omp_get_max_threads(); }

}  // namespace ventris
