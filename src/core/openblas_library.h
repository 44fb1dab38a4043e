// OpenBLAS, the fallback GEMM backend, loaded with dlopen on first use rather
// than linked: a linked OpenBLAS starts its worker threads when the process
// loads, and they spin (sched_yield) for a while — CPU taken from every
// command, including those that never multiply a matrix (`score`,
// `preprocess`) and runs on the default oneDNN backend.
#pragma once

#include <cblas.h>

namespace ventris::gemm {

struct OpenBlasLibrary {
  decltype(&cblas_sgemm) sgemm = nullptr;
  void (*set_num_threads)(int) = nullptr;
};

// Loads libopenblas.so.0 once (throws naming the library when it cannot) and
// applies the thread count last given to openblas_threads.
const OpenBlasLibrary& openblas();

// Sets OpenBLAS's thread count now when it is loaded, else when it loads.
void openblas_threads(int n);

}  // namespace ventris::gemm
