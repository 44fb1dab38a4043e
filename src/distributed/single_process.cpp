#include "distributed/single_process.h"

#include <cstdlib>

namespace ventris::distributed {

void SingleProcess::abort(int exit_code) { std::exit(exit_code); }

}  // namespace ventris::distributed
