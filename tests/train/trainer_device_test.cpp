// `ventris train --device cuda:0` through the CUDA backend's code paths:
// with host emulation, cuda:0 is a pretend device whose kernels are the CUDA
// sources run by the CPU emulator, so the trainer's device handling (model,
// Adam moments, batches, checkpoints copied back to the host) is exercised
// without a GPU, and must give the CPU's weights.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "core/allocator.h"
#include "core/cuda_api.h"
#include "io/safetensors.h"
#include "ops/cuda_kernels.h"
#include "ops/kernels_for.h"
#include "train/toy_data.h"
#include "train/trainer.h"

namespace ventris::train {
namespace {

// The emulator runs every GPU thread as a fiber: keep the batches tiny.
TrainConfig small_run(const std::string& dir, int64_t updates) {
  TrainConfig t = test::tiny_train_config(dir, updates);
  t.max_sentences = 4;
  t.no_validation = true;
  return t;
}

TEST(TrainerOnDevice, EmulatedCudaTrainingMatchesCpuAndResumes) {
  test::ScopedTempDir tmp("ventris-trainer-device");
  Trainer(small_run(tmp / "cpu", 3), test::tiny_model_config(), 5).run();

  cuda::set_host_emulation(true);
  ops::set_cuda_kernel_table(&emulated_kernels::kernel_table());
  TrainResult first = Trainer(small_run(tmp / "gpu", 2), test::tiny_model_config(), 5, {},
                              Device::cuda(0)).run();
  TrainResult resumed = Trainer(small_run(tmp / "gpu", 3), test::tiny_model_config(), 5, {},
                                Device::cuda(0)).run();
  allocator_for(Device::cuda(0)).release_cached();
  ops::set_cuda_kernel_table(nullptr);
  cuda::set_host_emulation(false);
  EXPECT_EQ(first.updates, 2);
  EXPECT_EQ(resumed.updates, 3);

  io::TensorFile cpu = io::read_safetensors(tmp / "cpu/checkpoint_last.safetensors");
  io::TensorFile gpu = io::read_safetensors(tmp / "gpu/checkpoint_last.safetensors");
  ASSERT_EQ(cpu.tensors.size(), gpu.tensors.size());
  double worst = 0;
  for (const auto& [name, t] : cpu.tensors) {
    // Key-projection biases have an exactly zero true gradient (softmax shift
    // invariance); Adam turns their rounding noise into lr-sized steps.
    if (name.find("k_proj.bias") != std::string::npos) continue;
    auto a = t.to_vector<float>(), b = gpu.at(name).to_vector<float>();
    ASSERT_EQ(a.size(), b.size()) << name;
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, static_cast<double>(std::abs(a[i] - b[i])));
  }
  // Weights move by ~1e-3 per update here; kernels differ from the CPU's only in rounding.
  EXPECT_LT(worst, 1e-5);
}

// The per-update training losses of a run's metrics.jsonl.
std::vector<double> train_losses(const std::string& model_dir) {
  std::ifstream in(model_dir + "/metrics.jsonl");
  std::vector<double> losses;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j.at("split") == "train") losses.push_back(j.at("loss").get<double>());
  }
  return losses;
}

// fp16 on the device: the GEMM autocast's cast kernel, the scaled backward and
// the unscaling on cuda:0, against the same run on the CPU. Losses only: a
// last-bit difference of a non-GEMM kernel can flip an f16 rounding, and
// Adam's first steps turn a flipped sign of a tiny gradient into 2 lr.
TEST(TrainerOnDevice, EmulatedCudaFp16TrainingFollowsCpuFp16) {
  test::ScopedTempDir tmp("ventris-trainer-device");
  TrainConfig cpu_run = small_run(tmp / "cpu", 3), gpu_run = small_run(tmp / "gpu", 3);
  cpu_run.precision = gpu_run.precision = PrecisionSetting::kFp16;
  Trainer(cpu_run, test::tiny_model_config(), 5).run();
  cuda::set_host_emulation(true);
  ops::set_cuda_kernel_table(&emulated_kernels::kernel_table());
  const TrainResult r = Trainer(gpu_run, test::tiny_model_config(), 5, {}, Device::cuda(0)).run();
  allocator_for(Device::cuda(0)).release_cached();
  ops::set_cuda_kernel_table(nullptr);
  cuda::set_host_emulation(false);
  EXPECT_EQ(r.updates, 3);
  const auto cpu = train_losses(tmp / "cpu"), gpu = train_losses(tmp / "gpu");
  ASSERT_EQ(cpu.size(), 3u);
  ASSERT_EQ(gpu.size(), 3u);
  for (size_t i = 0; i < cpu.size(); ++i) EXPECT_NEAR(gpu[i], cpu[i], 1e-3 * cpu[i]) << "update " << i + 1;
  EXPECT_EQ(io::read_safetensors_metadata(tmp / "gpu/checkpoint_last.state.safetensors").at("precision"), "fp16");
}

}  // namespace
}  // namespace ventris::train
