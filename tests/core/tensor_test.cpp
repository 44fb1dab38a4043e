#include "core/tensor.h"

#include <gtest/gtest.h>

#include "core/cuda_api.h"

namespace ventris {
namespace {

TEST(Tensor, ReshapeAndSliceAreViews) {
  Tensor t = Tensor::from_vector<float>({0, 1, 2, 3, 4, 5}, {3, 2});
  Tensor r = t.reshape({-1});
  EXPECT_EQ(r.shape(), (Shape{6}));
  EXPECT_TRUE(r.shares_storage(t));
  Tensor s = t.slice(1, 3);
  EXPECT_EQ(s.shape(), (Shape{2, 2}));
  EXPECT_EQ(s.to_vector<float>(), (std::vector<float>{2, 3, 4, 5}));
  s.data<float>()[0] = 42.f;
  EXPECT_EQ(t.to_vector<float>()[2], 42.f);
  EXPECT_THROW(t.reshape({4, -1}), Error);
  EXPECT_THROW(t.slice(2, 4), Error);
  EXPECT_THROW(t.reshape({-1, -1}), Error);
}

TEST(Tensor, ShapesUpToFiveDimsAndEmptyDims) {
  Tensor t = Tensor::zeros({2, 1, 3, 1, 2});
  EXPECT_EQ(t.numel(), 12);
  EXPECT_THROW(Shape({1, 1, 1, 1, 1, 1}), Error);
  Tensor e = Tensor::zeros({0, 5});
  EXPECT_EQ(e.numel(), 0);
  EXPECT_EQ(e.reshape({5, 0}).shape(), (Shape{5, 0}));
  EXPECT_EQ(Shape({2, 3}).str(), "[2, 3]");
}

TEST(Tensor, DtypeConversionsRoundTrip) {
  Tensor f = Tensor::from_vector<float>({1.5f, -2.25f, 1024.f}, {3});
  EXPECT_EQ(f.to(DType::BF16).to(DType::F32).to_vector<float>(), f.to_vector<float>());
  EXPECT_EQ(f.to(DType::F16).to(DType::F32).to_vector<float>(), f.to_vector<float>());
  EXPECT_EQ(f.to(DType::I64).to_vector<int64_t>(), (std::vector<int64_t>{1, -2, 1024}));
  Tensor big = Tensor::from_vector<int64_t>({1ll << 40}, {1});
  EXPECT_EQ(big.to(DType::I32).to(DType::I64).to_vector<int64_t>()[0], static_cast<int32_t>(1ll << 40));
  EXPECT_EQ(dtype_from_name("BF16"), DType::BF16);
  EXPECT_THROW(dtype_from_name("F8"), Error);
  EXPECT_THROW(f.data<int32_t>(), Error);
}

TEST(Tensor, CudaDevicesAreTypedAndFailClearlyWithoutAGpu) {
  EXPECT_EQ(Device::parse("cuda:1"), Device::cuda(1));
  EXPECT_EQ(Device::parse("cpu").str(), "cpu");
  EXPECT_THROW(Device::parse("gpu"), Error);
  EXPECT_THROW(Device::parse("cuda:x"), Error);
  if (!cuda::list_devices().empty()) GTEST_SKIP() << "a CUDA device is present; the no-device path is not testable";
  try {
    Tensor::zeros({2}, DType::F32, Device::cuda(0));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cuda"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ventris
