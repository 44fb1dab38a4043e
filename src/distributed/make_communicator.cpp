#include <cstdlib>
#include <string>

#include "core/error.h"
#include "distributed/communicator.h"
#include "distributed/single_process.h"
#if VENTRIS_HAVE_MPI
#include "distributed/mpi_communicator.h"
#endif

namespace ventris::distributed {

int launched_world_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"})
    if (const char* value = std::getenv(name)) {
      const int n = std::atoi(value);
      if (n > 0) return n;
    }
  return 1;
}

bool built_with_mpi() { return VENTRIS_HAVE_MPI != 0; }

std::unique_ptr<Communicator> make_communicator() {
  const int world = launched_world_size();
  if (world <= 1) return std::make_unique<SingleProcess>();
#if VENTRIS_HAVE_MPI
  return make_mpi_communicator();
#else
  VENTRIS_FAIL("launched as one of {} ranks, but this ventris was built without MPI: a multi-rank run needs "
                          "libopenmpi-dev at build time (scripts/setup.sh installs it; then rebuild), or run one process",
                          world);
#endif
}

}  // namespace ventris::distributed
