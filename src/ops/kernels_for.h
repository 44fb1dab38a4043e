// Which kernel table serves a device.
#pragma once

#include "core/device.h"
#include "ops/kernel_table.h"

namespace ventris::ops {

const KernelTable& cpu_kernel_table();
// The CUDA table: the nvcc-built one when CUDA is compiled in, unless a test
// installed another (the emulated kernels). Throws when there is none.
const KernelTable& kernels_for(Device device);
// Installs `table` for CUDA devices (nullptr restores the default).
void set_cuda_kernel_table(const KernelTable* table);

}  // namespace ventris::ops
