// The MPI communicator (MPI_COMM_WORLD). Only built when CMake finds MPI.
#pragma once

#include <memory>

#include "distributed/communicator.h"

namespace ventris::distributed {

// Initialises MPI (MPI_Init_thread, funneled: only the main thread calls MPI);
// the returned object finalises it when destroyed.
std::unique_ptr<Communicator> make_mpi_communicator();

}  // namespace ventris::distributed
