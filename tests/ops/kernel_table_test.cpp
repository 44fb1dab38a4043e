// The rule of src/ops/kernel_table.h: every table the build ships sets every
// entry. The tables use designated initializers, so a member left out fails to
// compile; this test catches the rest (an explicit nullptr, a wrapper table that
// copies a null) for the CPU table, the emulated CUDA table and, in a CUDA
// build, the nvcc one. It walks the struct as pointer-sized words, so a member
// added later is checked without touching this file.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "ops/cuda_kernels.h"  // emulated_kernels::kernel_table() (VENTRIS_KERNEL_NS in tests)
#include "ops/kernel_table.h"
#include "ops/kernels_for.h"

#if VENTRIS_WITH_CUDA
namespace ventris::cuda_kernels {
const ops::KernelTable& kernel_table();  // cuda/ops/kernel_table.cu, nvcc-built
}
#endif

namespace ventris {
namespace {

using AnyFn = void (*)();
// KernelTable is `name` followed by function pointers only, all of one size.
static_assert(std::is_standard_layout_v<ops::KernelTable>);
static_assert(sizeof(AnyFn) == sizeof(uintptr_t) && sizeof(const char*) == sizeof(uintptr_t));
static_assert(sizeof(ops::KernelTable) % sizeof(uintptr_t) == 0);
constexpr size_t kWords = sizeof(ops::KernelTable) / sizeof(uintptr_t);

// Positions (1 = the first entry after `name`, in kernel_table.h's order) of the null entries.
std::vector<size_t> null_entries(const ops::KernelTable& table) {
  std::array<uintptr_t, kWords> words{};
  std::memcpy(words.data(), &table, sizeof table);
  std::vector<size_t> nulls;
  for (size_t i = 1; i < kWords; ++i)
    if (words[i] == 0) nulls.push_back(i);
  return nulls;
}

void expect_complete(const ops::KernelTable& table, const char* name) {
  ASSERT_NE(table.name, nullptr);
  EXPECT_EQ(std::string(table.name), name);
  for (size_t i : null_entries(table))
    ADD_FAILURE() << "kernel table \"" << name << "\": entry " << i << " of " << kWords - 1
                  << " (counting after `name`, in src/ops/kernel_table.h's order) is null";
}

TEST(KernelTable, CpuTableSetsEveryEntry) { expect_complete(ops::cpu_kernel_table(), "cpu"); }

TEST(KernelTable, EmulatedCudaTableSetsEveryEntry) {
  expect_complete(emulated_kernels::kernel_table(), "cuda (emulated)");
}

#if VENTRIS_WITH_CUDA
// Only the table's addresses are read: no device is needed.
TEST(KernelTable, NvccCudaTableSetsEveryEntry) { expect_complete(cuda_kernels::kernel_table(), "cuda"); }
#endif

// The walk itself sees a null anywhere in the struct: first, middle and last entries.
TEST(KernelTable, WalkFindsANullEntry) {
  EXPECT_GT(kWords, 30u);  // the check below is not vacuous
  ops::KernelTable t = ops::cpu_kernel_table();
  t.binary = nullptr;
  t.softmax = nullptr;
  t.gemm_autocast_scratch_bytes = nullptr;
  auto nulls = null_entries(t);
  ASSERT_EQ(nulls.size(), 3u);
  EXPECT_EQ(nulls.front(), 1u);
  EXPECT_EQ(nulls.back(), kWords - 1);
}

}  // namespace
}  // namespace ventris
