// Elementwise binary operations, named once for the CPU and CUDA kernels.
#pragma once

namespace ventris::math {

enum class BinaryOp { Add, Sub, Mul };

}  // namespace ventris::math
