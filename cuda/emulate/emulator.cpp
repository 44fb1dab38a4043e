// Fiber scheduler behind emulator.h. One block at a time: every thread of the
// block is a ucontext fiber with its own stack; the scheduler resumes runnable
// fibers in order until each one finishes or parks at a barrier / warp op, then
// releases barriers whose participants have all arrived.
#include "emulate/emulator.h"

#include <ucontext.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "core/error_types.h"

namespace ventris::emu {

namespace {

constexpr int kWarp = 32;
constexpr size_t kStackBytes = 128 * 1024;

enum class State { Runnable, AtBarrier, AtWarpOp, Finished };

struct Fiber {
  ucontext_t context{};
  char* stack = nullptr;  // from g_stack_pool
  State state = State::Runnable;
  ThreadCoords coords;
  // Warp-op request and result.
  unsigned mask = 0;
  uint64_t value = 0;
  int src_lane = 0;
  bool is_ballot = false;
  uint64_t result = 0;
};

struct BlockRun {
  std::vector<Fiber> fibers;
  int current = -1;
  ucontext_t scheduler{};
  const std::function<void()>* body = nullptr;
  std::exception_ptr error;
  std::vector<unsigned char> shared;
  LaunchStats stats;
};

thread_local BlockRun* g_run = nullptr;
// Fiber stacks are reused across launches and never zeroed: allocating and
// clearing 256 x 128 KiB per launch dominated emulated run time.
thread_local std::vector<std::unique_ptr<char[]>> g_stack_pool;
thread_local Schedule g_schedule = Schedule::Forward;
thread_local LaunchStats g_last_stats;
thread_local ThreadCoords g_host_coords;  // what coords() returns outside a launch

Fiber& current_fiber() {
  if (!g_run || g_run->current < 0) throw Error("CUDA emulation: device function called outside a kernel launch");
  return g_run->fibers[g_run->current];
}

void fiber_entry() {
  BlockRun* run = g_run;
  try {
    (*run->body)();
  } catch (...) {
    if (!run->error) run->error = std::current_exception();
  }
  run->fibers[run->current].state = State::Finished;
  // uc_link returns to the scheduler.
}

// Parks the running fiber in `state` and switches to the scheduler.
void park(State state) {
  BlockRun* run = g_run;
  Fiber& f = run->fibers[run->current];
  f.state = state;
  swapcontext(&f.context, &run->scheduler);
}

std::string where(const Fiber& f) {
  return "block (" + std::to_string(f.coords.block_idx.x) + "," + std::to_string(f.coords.block_idx.y) + "," +
         std::to_string(f.coords.block_idx.z) + ") thread (" + std::to_string(f.coords.thread_idx.x) + "," +
         std::to_string(f.coords.thread_idx.y) + "," + std::to_string(f.coords.thread_idx.z) + ")";
}

// Completes warp ops whose participating lanes have all arrived. Returns true
// if any fiber became runnable.
bool release_warps(BlockRun& run) {
  bool released = false;
  const int n = static_cast<int>(run.fibers.size());
  for (int base = 0; base < n; base += kWarp) {
    const int lanes = std::min(kWarp, n - base);
    unsigned mask = 0;
    bool any = false, all_arrived = true;
    for (int l = 0; l < lanes; ++l) {
      const Fiber& f = run.fibers[base + l];
      if (f.state == State::AtWarpOp) {
        mask = f.mask;
        any = true;
      }
    }
    if (!any) continue;
    for (int l = 0; l < lanes; ++l) {
      if (!(mask & (1u << l))) continue;
      const Fiber& f = run.fibers[base + l];
      if (f.state != State::AtWarpOp) all_arrived = false;
      if (f.state == State::Finished)
        throw Error("CUDA emulation: lane " + std::to_string(l) + " named in a warp-op mask exited first (" +
                    where(f) + ")");
    }
    if (!all_arrived) continue;
    unsigned ballot = 0;
    for (int l = 0; l < lanes; ++l) {
      const Fiber& f = run.fibers[base + l];
      if ((mask & (1u << l)) && f.is_ballot && f.value) ballot |= 1u << l;
    }
    for (int l = 0; l < lanes; ++l) {
      if (!(mask & (1u << l))) continue;
      Fiber& f = run.fibers[base + l];
      if (f.mask != mask)
        throw Error("CUDA emulation: lanes of one warp op disagree on the mask (" + where(f) + ")");
      if (f.is_ballot) {
        f.result = ballot;
      } else {
        const int src = f.src_lane;
        // Reading a lane outside the mask is undefined on a GPU: return own value.
        const bool valid = src >= 0 && src < lanes && (mask & (1u << src));
        f.result = valid ? run.fibers[base + src].value : f.value;
      }
      f.state = State::Runnable;
      released = true;
    }
    ++run.stats.warp_ops;
  }
  return released;
}

void run_block(BlockRun& run, Dim3 grid, Dim3 block, Dim3 block_idx) {
  const int n = static_cast<int>(block.count());
  for (int i = 0; i < n; ++i) {
    Fiber& f = run.fibers[i];
    f.state = State::Runnable;
    f.coords = {Dim3(i % block.x, (i / block.x) % block.y, i / (block.x * block.y)), block_idx, block, grid};
    getcontext(&f.context);
    f.context.uc_stack.ss_sp = f.stack;
    f.context.uc_stack.ss_size = kStackBytes;
    f.context.uc_link = &run.scheduler;
    makecontext(&f.context, fiber_entry, 0);
  }
  std::fill(run.shared.begin(), run.shared.end(), 0xFF);
  int finished = 0;
  while (finished < n) {
    bool progressed = false;
    for (int k = 0; k < n; ++k) {
      const int i = g_schedule == Schedule::Forward ? k : n - 1 - k;
      Fiber& f = run.fibers[i];
      if (f.state != State::Runnable) continue;
      run.current = i;
      swapcontext(&run.scheduler, &f.context);
      run.current = -1;
      progressed = true;
      if (f.state == State::Finished) ++finished;
      if (run.error) std::rethrow_exception(run.error);
    }
    if (release_warps(run)) continue;
    // Block barrier: release when every fiber still alive has arrived.
    int at_barrier = 0;
    for (const Fiber& f : run.fibers)
      if (f.state == State::AtBarrier) ++at_barrier;
    if (at_barrier > 0) {
      if (at_barrier + finished != n) {
        if (!progressed) throw Error("CUDA emulation: deadlock between __syncthreads() and a warp op");
        continue;
      }
      if (finished > 0) {
        for (const Fiber& f : run.fibers)
          if (f.state == State::Finished)
            throw Error("CUDA emulation: __syncthreads() not reached by every thread of the block (" + where(f) +
                        " exited first)");
      }
      for (Fiber& f : run.fibers) f.state = State::Runnable;
      ++run.stats.barriers;
      continue;
    }
    if (!progressed && finished < n) throw Error("CUDA emulation: warp op waiting for lanes that never arrive");
  }
  run.stats.fibers_run += static_cast<uint64_t>(n);
}

}  // namespace

void set_schedule(Schedule s) { g_schedule = s; }
Schedule schedule() { return g_schedule; }

void launch(Dim3 grid, Dim3 block, size_t shared_bytes, const std::function<void()>& body) {
  if (g_run) throw Error("CUDA emulation: nested kernel launch");
  if (block.count() == 0 || block.count() > 1024)
    throw Error("CUDA emulation: invalid block size " + std::to_string(block.count()) + " (1..1024)");
  if (grid.count() == 0) return;
  BlockRun run;
  run.body = &body;
  run.shared.assign(shared_bytes, 0xFF);
  run.fibers.resize(block.count());
  while (g_stack_pool.size() < run.fibers.size()) g_stack_pool.emplace_back(new char[kStackBytes]);
  for (size_t i = 0; i < run.fibers.size(); ++i) run.fibers[i].stack = g_stack_pool[i].get();
  g_run = &run;
  try {
    for (unsigned z = 0; z < grid.z; ++z)
      for (unsigned y = 0; y < grid.y; ++y)
        for (unsigned x = 0; x < grid.x; ++x) run_block(run, grid, block, Dim3(x, y, z));
  } catch (...) {
    g_run = nullptr;
    throw;
  }
  g_run = nullptr;
  g_last_stats = run.stats;
}

const ThreadCoords& coords() {
  if (!g_run || g_run->current < 0) return g_host_coords;
  return g_run->fibers[g_run->current].coords;
}

void syncthreads() {
  current_fiber();
  park(State::AtBarrier);
}

void* dynamic_shared() {
  current_fiber();
  return g_run->shared.data();
}

int lane_id() {
  Fiber& f = current_fiber();
  const ThreadCoords& c = f.coords;
  const unsigned linear = c.thread_idx.x + c.block_dim.x * (c.thread_idx.y + c.block_dim.y * c.thread_idx.z);
  return static_cast<int>(linear % kWarp);
}

uint64_t warp_exchange(unsigned mask, uint64_t value, int src_lane) {
  Fiber& f = current_fiber();
  if (!(mask & (1u << lane_id())))
    throw Error("CUDA emulation: a lane called a warp op with a mask that excludes itself (" + where(f) + ")");
  f.mask = mask;
  f.value = value;
  f.src_lane = src_lane;
  f.is_ballot = false;
  park(State::AtWarpOp);
  return g_run->fibers[g_run->current].result;
}

unsigned warp_ballot(unsigned mask, int predicate) {
  Fiber& f = current_fiber();
  f.mask = mask;
  f.value = predicate ? 1 : 0;
  f.is_ballot = true;
  park(State::AtWarpOp);
  return static_cast<unsigned>(g_run->fibers[g_run->current].result);
}

LaunchStats last_launch_stats() { return g_last_stats; }

}  // namespace ventris::emu
