// One thread setting for the whole process: OpenMP (our op kernels and
// oneDNN) and OpenBLAS's own pool follow it, so --threads is honoured everywhere.
#pragma once

namespace ventris {

// n = 0 means all available cores. Returns the number now in use.
int set_num_threads(int n);
int num_threads();

// The cores this process may run on (its CPU affinity mask, which containers
// and taskset narrow), at least 1.
int available_cores();

// The thread count a --threads request gets: 0 means every available core,
// and more threads than cores are lowered to the core count — CPU-bound
// kernels gain nothing from more, and thousands of OpenMP threads crawl or
// crash the runtime (--threads 5000 made a whole machine crawl, 100000 segfaulted).
int threads_for_request(int requested);

}  // namespace ventris
