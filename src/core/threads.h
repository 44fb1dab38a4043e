// One thread setting for the whole process: OpenMP (our op kernels and
// oneDNN) and OpenBLAS's own pool follow it, so --threads is honoured everywhere.
#pragma once

namespace ventris {

// n = 0 means all cores. Returns the number now in use.
int set_num_threads(int n);
int num_threads();

}  // namespace ventris
