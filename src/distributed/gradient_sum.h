// Summing the ranks' gradients of one update (data-parallel training).
#pragma once

#include "autograd/parameters.h"
#include "distributed/communicator.h"

namespace ventris::distributed {

// Replaces every parameter's gradient by its sum over the ranks that ran
// micro-batches this update (`contributes`), added in rank order, so the
// result is bit-identical on every rank and to one process that accumulates
// the same micro-batches in the same order (train/update_step.h). A gradient
// defined on some rank but not here counts as zeros here; one defined on no
// rank stays undefined. Gradients must be on the CPU.
void sum_gradients(Communicator& comm, ag::ParameterSet& params, bool contributes);

}  // namespace ventris::distributed
