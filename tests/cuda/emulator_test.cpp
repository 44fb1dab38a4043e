// Tests of the CUDA emulator itself, with small kernels written the way real
// ones are: warp-shuffle reductions, shared-memory tiles with barriers, votes,
// atomics — and kernels with bugs the emulator must expose.
#include "emulate/cuda_emulation.h"
#include "runtime/launch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/error_types.h"

namespace {

// ---- kernels ---------------------------------------------------------------

__device__ float warp_sum(float v) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

// One block sums a whole array: grid-stride partials, warp shuffles, then the
// warp leaders' partials through shared memory.
__global__ void block_sum_kernel(const float* x, int n, float* out) {
  __shared__ float warp_partials[32];
  float v = 0.f;
  for (int i = threadIdx.x; i < n; i += blockDim.x) v += x[i];
  v = warp_sum(v);
  const int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  if (lane == 0) warp_partials[warp] = v;
  __syncthreads();
  if (warp == 0) {
    const int warps = (blockDim.x + warpSize - 1) / warpSize;
    v = lane < warps ? warp_partials[lane] : 0.f;
    v = warp_sum(v);
    if (lane == 0) *out = v;
  }
}

constexpr int kTile = 32;
// Classic tiled transpose: 32x8 threads move a 32x32 tile through shared memory.
__global__ void transpose_kernel(const float* in, float* out, int rows, int cols) {
  __shared__ float tile[kTile][kTile + 1];
  int x = blockIdx.x * kTile + threadIdx.x;
  int y = blockIdx.y * kTile + threadIdx.y;
  for (int j = 0; j < kTile; j += 8)
    if (x < cols && y + j < rows) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * cols + x];
  __syncthreads();
  x = blockIdx.y * kTile + threadIdx.x;
  y = blockIdx.x * kTile + threadIdx.y;
  for (int j = 0; j < kTile; j += 8)
    if (x < rows && y + j < cols) out[(y + j) * rows + x] = tile[threadIdx.x][threadIdx.y + j];
}

// Reverses each block's slice through shared memory; `with_barrier` = false is the bug.
__global__ void reverse_kernel(const float* in, float* out, bool with_barrier) {
  VENTRIS_DYNAMIC_SHARED(float, buffer);
  const int t = threadIdx.x, base = blockIdx.x * blockDim.x;
  buffer[t] = in[base + t];
  if (with_barrier) __syncthreads();
  out[base + t] = buffer[blockDim.x - 1 - t];
}

__global__ void divergent_barrier_kernel(int* out) {
  if (threadIdx.x < 5) __syncthreads();  // not every thread reaches it: a bug
  out[threadIdx.x] = 1;
}

__global__ void vote_kernel(const int* flags, unsigned* ballots, int* any, int* all) {
  const int t = threadIdx.x;
  unsigned b = __ballot_sync(0xffffffffu, flags[t]);
  int a = __any_sync(0xffffffffu, flags[t]);
  int l = __all_sync(0xffffffffu, flags[t]);
  if (t % warpSize == 0) {
    ballots[t / warpSize] = b;
    any[t / warpSize] = a;
    all[t / warpSize] = l;
  }
}

__global__ void histogram_kernel(const int* values, int n, int* bins) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&bins[values[i]], 1);
}

// ---- tests -----------------------------------------------------------------

std::vector<float> random_floats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

TEST(CudaEmulator, ShuffleReductionMatchesCpuSumAtAwkwardSizes) {
  for (int n : {1, 7, 33, 513, 4096}) {
    for (int threads : {32, 96, 256}) {
      auto x = random_floats(n, n);
      float out = NAN;
      VENTRIS_LAUNCH(block_sum_kernel, dim3(1), dim3(threads), 0, nullptr, x.data(), n, &out);
      double ref = 0;
      for (float v : x) ref += v;
      EXPECT_NEAR(out, ref, 1e-4) << "n=" << n << " threads=" << threads;
    }
  }
  EXPECT_GT(ventris::emu::last_launch_stats().warp_ops, 0u);
  EXPECT_EQ(ventris::emu::last_launch_stats().barriers, 1u);
}

TEST(CudaEmulator, SharedMemoryTransposeWithBarriers) {
  for (auto [rows, cols] : {std::pair{1, 1}, {7, 33}, {33, 513}, {64, 64}}) {
    auto in = random_floats(static_cast<size_t>(rows) * cols, rows + cols);
    std::vector<float> out(in.size(), NAN);
    dim3 grid((cols + kTile - 1) / kTile, (rows + kTile - 1) / kTile);
    VENTRIS_LAUNCH(transpose_kernel, grid, dim3(kTile, 8), 0, nullptr, in.data(), out.data(), rows, cols);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) ASSERT_EQ(out[c * rows + r], in[r * cols + c]) << rows << "x" << cols;
  }
}

TEST(CudaEmulator, MissingBarrierMakesRacyKernelFailInBothSchedules) {
  const int block = 64, blocks = 3;
  auto in = random_floats(block * blocks, 5);
  auto expected = [&](int i) { return in[(i / block) * block + block - 1 - i % block]; };
  for (auto schedule : {ventris::emu::Schedule::Forward, ventris::emu::Schedule::Reverse}) {
    ventris::emu::set_schedule(schedule);
    std::vector<float> good(in.size()), racy(in.size());
    VENTRIS_LAUNCH(reverse_kernel, dim3(blocks), dim3(block), block * sizeof(float), nullptr, in.data(), good.data(),
                   true);
    VENTRIS_LAUNCH(reverse_kernel, dim3(blocks), dim3(block), block * sizeof(float), nullptr, in.data(), racy.data(),
                   false);
    int wrong = 0;
    for (int i = 0; i < block * blocks; ++i) {
      ASSERT_EQ(good[i], expected(i));
      wrong += !(racy[i] == expected(i));
    }
    // Without the barrier, at least half of every block reads unwritten (poisoned) memory.
    EXPECT_GE(wrong, block * blocks / 2);
  }
  ventris::emu::set_schedule(ventris::emu::Schedule::Forward);
}

TEST(CudaEmulator, BarrierNotReachedByAllThreadsIsAnError) {
  std::vector<int> out(64, 0);
  EXPECT_THROW(VENTRIS_LAUNCH(divergent_barrier_kernel, dim3(1), dim3(64), 0, nullptr, out.data()), ventris::Error);
}

TEST(CudaEmulator, BallotAnyAll) {
  std::vector<int> flags(64, 0);
  flags[3] = flags[31] = 1;                                // warp 0: two lanes set
  for (int i = 32; i < 64; ++i) flags[i] = 1;              // warp 1: all set
  std::vector<unsigned> ballots(2);
  std::vector<int> any(2), all(2);
  VENTRIS_LAUNCH(vote_kernel, dim3(1), dim3(64), 0, nullptr, flags.data(), ballots.data(), any.data(), all.data());
  EXPECT_EQ(ballots[0], (1u << 3) | (1u << 31));
  EXPECT_EQ(ballots[1], 0xffffffffu);
  EXPECT_EQ(any[0], 1);
  EXPECT_EQ(all[0], 0);
  EXPECT_EQ(all[1], 1);
}

TEST(CudaEmulator, AtomicHistogramAcrossBlocks) {
  const int n = 4096;
  std::vector<int> values(n), bins(7, 0), ref(7, 0);
  for (int i = 0; i < n; ++i) ref[values[i] = (i * 31) % 7]++;
  VENTRIS_LAUNCH(histogram_kernel, dim3((n + 255) / 256), dim3(256), 0, nullptr, values.data(), n, bins.data());
  EXPECT_EQ(bins, ref);
}

TEST(CudaEmulator, InvalidBlockSizeIsAnError) {
  int out = 0;
  EXPECT_THROW(VENTRIS_LAUNCH(histogram_kernel, dim3(1), dim3(2048), 0, nullptr, &out, 0, &out), ventris::Error);
}

}  // namespace
