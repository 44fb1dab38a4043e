// CPU emulation of the CUDA execution model, for testing kernel sources
// without a GPU. The threads of a block run as cooperative fibers (ucontext)
// on the calling thread: a fiber runs until it reaches __syncthreads(), a warp
// shuffle/vote or its end, so barriers and shuffles behave as on a GPU.
// Blocks run one after another, in order, which makes emulated runs
// deterministic. Misuse a GPU would not report (a barrier that some threads
// of the block never reach, a shuffle that not every lane of the mask calls)
// raises ventris::Error instead of hanging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>

namespace ventris::emu {

struct Dim3 {
  unsigned x = 1, y = 1, z = 1;
  constexpr Dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
  constexpr unsigned count() const { return x * y * z; }
};

// Order in which fibers of a block first run; Reverse exposes missing barriers
// that forward order can hide.
enum class Schedule { Forward, Reverse };
void set_schedule(Schedule s);
Schedule schedule();

// Runs `body` once per thread of every block. `shared_bytes` of dynamic shared
// memory are filled with 0xFF bytes (NaN for floats) at the start of each block,
// so reading it before writing gives garbage rather than plausible zeros.
void launch(Dim3 grid, Dim3 block, size_t shared_bytes, const std::function<void()>& body);

// Per-thread coordinates of the running fiber.
struct ThreadCoords {
  Dim3 thread_idx, block_idx, block_dim, grid_dim;
};
const ThreadCoords& coords();

void syncthreads();
void* dynamic_shared();

// Warp exchange: every lane in `mask` contributes `value`; returns the value of
// lane `source_lane(lane)` (raw 8-byte payload). Used by the shuffle templates.
uint64_t warp_exchange(unsigned mask, uint64_t value, int src_lane);
// Warp vote: returns the ballot of `predicate` over the lanes in `mask`.
unsigned warp_ballot(unsigned mask, int predicate);
// Lane of the running fiber within its warp.
int lane_id();

// Statistics of the last launch (for tests).
struct LaunchStats {
  uint64_t fibers_run = 0, barriers = 0, warp_ops = 0;
};
LaunchStats last_launch_stats();

}  // namespace ventris::emu
