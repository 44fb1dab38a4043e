// cuDNN's grouped convolution as the lightweight convolution (cudnn_conv.h).
//
// Layout: u [B, T, C] is an NHWC tensor (N = B, H = T, W = 1, C); the filter
// is KRSC [C, K, 1, 1] with groups = C (one input channel per group), i.e.
// filter[c][k] = w[h(c)][k], expanded by a small kernel. cuDNN pads both
// sides alike, so it pads max(P, K - 1 - P) and the T outputs we want start
// at row pad - P of its longer output (copied out with one 2-D memcpy when
// the padding is not centred). Cross-correlation mode is our formula; fp32
// math without TF32 (CUDNN_FMA_MATH), so results agree with the CPU to
// rounding. The algorithm is cuDNN's first deterministic suggestion.
#include "runtime/cudnn_conv.h"

#include <cstdlib>
#include <string>

#include "runtime/check.h"

#if VENTRIS_HAVE_CUDNN
#include <cudnn.h>
#include <dlfcn.h>

#include <mutex>
#endif

namespace ventris::cuda {

namespace {

bool& cudnn_switch() {
  static bool on = [] {
    const char* env = std::getenv("VENTRIS_LITE_CONV");
    const std::string value = env ? env : "kernel";
    if (value != "cudnn" && value != "kernel")
      throw Error("VENTRIS_LITE_CONV must be cudnn or kernel, got '" + value + "'");
    return value == "cudnn";
  }();
  return on;
}

}  // namespace

bool lite_conv_uses_cudnn() { return cudnn_switch(); }

#if VENTRIS_HAVE_CUDNN

void set_lite_conv_uses_cudnn(bool on) { cudnn_switch() = on; }

namespace {

// Loaded with dlopen on first use, as cuBLAS (runtime/cublas_gemm.cu): a
// process that never runs the cuDNN path never pays cuDNN's start-up.
struct CudnnLibrary {
  decltype(&cudnnCreate) create = nullptr;
  decltype(&cudnnSetStream) set_stream = nullptr;
  decltype(&cudnnGetErrorString) error_string = nullptr;
  decltype(&cudnnCreateTensorDescriptor) create_tensor = nullptr;
  decltype(&cudnnSetTensor4dDescriptor) set_tensor = nullptr;
  decltype(&cudnnDestroyTensorDescriptor) destroy_tensor = nullptr;
  decltype(&cudnnCreateFilterDescriptor) create_filter = nullptr;
  decltype(&cudnnSetFilter4dDescriptor) set_filter = nullptr;
  decltype(&cudnnDestroyFilterDescriptor) destroy_filter = nullptr;
  decltype(&cudnnCreateConvolutionDescriptor) create_conv = nullptr;
  decltype(&cudnnSetConvolution2dDescriptor) set_conv = nullptr;
  decltype(&cudnnSetConvolutionGroupCount) set_groups = nullptr;
  decltype(&cudnnSetConvolutionMathType) set_math = nullptr;
  decltype(&cudnnDestroyConvolutionDescriptor) destroy_conv = nullptr;
  decltype(&cudnnGetConvolutionForwardAlgorithm_v7) forward_algorithms = nullptr;
  decltype(&cudnnGetConvolutionForwardWorkspaceSize) workspace_size = nullptr;
  decltype(&cudnnConvolutionForward) forward = nullptr;
};

const CudnnLibrary& cudnn() {
  static CudnnLibrary lib;
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    const std::string soname = "libcudnn.so." + std::to_string(CUDNN_MAJOR);
    void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      failure = "cannot load cuDNN (" + soname + "): " + dlerror();
      return;
    }
    auto resolve = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
      if (!fn && failure.empty()) failure = soname + " lacks " + name;
    };
    resolve(lib.create, "cudnnCreate");
    resolve(lib.set_stream, "cudnnSetStream");
    resolve(lib.error_string, "cudnnGetErrorString");
    resolve(lib.create_tensor, "cudnnCreateTensorDescriptor");
    resolve(lib.set_tensor, "cudnnSetTensor4dDescriptor");
    resolve(lib.destroy_tensor, "cudnnDestroyTensorDescriptor");
    resolve(lib.create_filter, "cudnnCreateFilterDescriptor");
    resolve(lib.set_filter, "cudnnSetFilter4dDescriptor");
    resolve(lib.destroy_filter, "cudnnDestroyFilterDescriptor");
    resolve(lib.create_conv, "cudnnCreateConvolutionDescriptor");
    resolve(lib.set_conv, "cudnnSetConvolution2dDescriptor");
    resolve(lib.set_groups, "cudnnSetConvolutionGroupCount");
    resolve(lib.set_math, "cudnnSetConvolutionMathType");
    resolve(lib.destroy_conv, "cudnnDestroyConvolutionDescriptor");
    resolve(lib.forward_algorithms, "cudnnGetConvolutionForwardAlgorithm_v7");
    resolve(lib.workspace_size, "cudnnGetConvolutionForwardWorkspaceSize");
    resolve(lib.forward, "cudnnConvolutionForward");
  });
  if (!failure.empty()) throw Error(failure);
  return lib;
}

void check_cudnn(cudnnStatus_t status, const char* what) {
  if (status != CUDNN_STATUS_SUCCESS)
    throw Error(std::string("cuDNN error ") + cudnn().error_string(status) + " in " + what);
}

cudnnHandle_t handle() {
  thread_local cudnnHandle_t h = nullptr;  // one per host thread, created lazily
  if (!h) check_cudnn(cudnn().create(&h), "cudnnCreate");
  return h;
}

// A device buffer that only grows (cudaFree synchronises, so the old one is idle).
struct DeviceBuffer {
  void* ptr = nullptr;
  size_t bytes = 0;
  void* at_least(size_t n) {
    if (n > bytes) {
      if (ptr) VENTRIS_CUDA_CHECK(cudaFree(ptr));
      ptr = nullptr;
      VENTRIS_CUDA_CHECK(cudaMalloc(&ptr, n));
      bytes = n;
    }
    return ptr;
  }
};

// filter[c][k] = w[c / (C / H)][k]
__global__ void expand_heads_kernel(const float* w, float* filter, int64_t channels, int64_t heads, int64_t taps) {
  const int64_t n = channels * taps;
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    filter[i] = w[(i / taps) / (channels / heads) * taps + i % taps];
}

// Descriptors destroyed on every exit path.
struct Descriptors {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;
  cudnnFilterDescriptor_t filter = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  Descriptors() {
    check_cudnn(cudnn().create_tensor(&x), "cudnnCreateTensorDescriptor");
    check_cudnn(cudnn().create_tensor(&y), "cudnnCreateTensorDescriptor");
    check_cudnn(cudnn().create_filter(&filter), "cudnnCreateFilterDescriptor");
    check_cudnn(cudnn().create_conv(&conv), "cudnnCreateConvolutionDescriptor");
  }
  ~Descriptors() {
    cudnn().destroy_tensor(x);
    cudnn().destroy_tensor(y);
    cudnn().destroy_filter(filter);
    cudnn().destroy_conv(conv);
  }
};

int narrow(int64_t v, const char* what) {
  if (v > 2147483647) throw Error(std::string("cuDNN lightweight convolution: ") + what + " too large");
  return static_cast<int>(v);
}

}  // namespace

void cudnn_lightweight_conv(const float* u, const float* w, float* y, int64_t batch, int64_t time, int64_t channels,
                            int64_t heads, int64_t taps, int64_t pad_left, void* stream) {
  if (batch * time * channels == 0) return;
  const CudnnLibrary& lib = cudnn();
  const cudaStream_t st = static_cast<cudaStream_t>(stream);
  const int64_t pad = pad_left > taps - 1 - pad_left ? pad_left : taps - 1 - pad_left;
  const int64_t out_time = time + 2 * pad - taps + 1, offset = pad - pad_left;
  const int B = narrow(batch, "batch"), T = narrow(time, "time"), C = narrow(channels, "channels");
  const int K = narrow(taps, "kernel size"), T_out = narrow(out_time, "padded time");

  thread_local DeviceBuffer filter_buffer, output_buffer, workspace_buffer;
  float* filter = static_cast<float*>(filter_buffer.at_least(channels * taps * sizeof(float)));
  const int64_t n = channels * taps;
  expand_heads_kernel<<<static_cast<unsigned>((n + 255) / 256 < 4096 ? (n + 255) / 256 : 4096), 256, 0, st>>>(
      w, filter, channels, heads, taps);
  VENTRIS_CUDA_CHECK_LAUNCH();

  Descriptors d;
  check_cudnn(lib.set_tensor(d.x, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, B, C, T, 1), "cudnnSetTensor4dDescriptor");
  check_cudnn(lib.set_tensor(d.y, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT, B, C, T_out, 1), "cudnnSetTensor4dDescriptor");
  check_cudnn(lib.set_filter(d.filter, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NHWC, C, 1, K, 1), "cudnnSetFilter4dDescriptor");
  check_cudnn(lib.set_conv(d.conv, narrow(pad, "padding"), 0, 1, 1, 1, 1, CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
              "cudnnSetConvolution2dDescriptor");
  check_cudnn(lib.set_groups(d.conv, C), "cudnnSetConvolutionGroupCount");
  check_cudnn(lib.set_math(d.conv, CUDNN_FMA_MATH), "cudnnSetConvolutionMathType");

  cudnnConvolutionFwdAlgoPerf_t perf[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
  int returned = 0;
  check_cudnn(lib.forward_algorithms(handle(), d.x, d.filter, d.conv, d.y, CUDNN_CONVOLUTION_FWD_ALGO_COUNT,
                                     &returned, perf),
              "cudnnGetConvolutionForwardAlgorithm_v7");
  int chosen = -1;
  for (int i = 0; i < returned && chosen < 0; ++i)
    if (perf[i].status == CUDNN_STATUS_SUCCESS && perf[i].determinism == CUDNN_DETERMINISTIC) chosen = i;
  if (chosen < 0) throw Error("cuDNN offers no deterministic algorithm for this lightweight convolution");
  size_t workspace_bytes = 0;
  check_cudnn(lib.workspace_size(handle(), d.x, d.filter, d.conv, d.y, perf[chosen].algo, &workspace_bytes),
              "cudnnGetConvolutionForwardWorkspaceSize");
  void* workspace = workspace_bytes ? workspace_buffer.at_least(workspace_bytes) : nullptr;

  // Centred padding: cuDNN's output is ours. Otherwise it is longer; copy rows [offset, offset + T).
  float* out = offset == 0 && out_time == time
                   ? y
                   : static_cast<float*>(output_buffer.at_least(batch * out_time * channels * sizeof(float)));
  const float one = 1.f, zero = 0.f;
  check_cudnn(lib.set_stream(handle(), st), "cudnnSetStream");
  check_cudnn(lib.forward(handle(), &one, d.x, u, d.filter, filter, d.conv, perf[chosen].algo, workspace,
                          workspace_bytes, &zero, d.y, out),
              "cudnnConvolutionForward");
  if (out != y)
    VENTRIS_CUDA_CHECK(cudaMemcpy2DAsync(y, time * channels * sizeof(float), out + offset * channels,
                                         out_time * channels * sizeof(float), time * channels * sizeof(float), batch,
                                         cudaMemcpyDeviceToDevice, st));
}

#else  // no cuDNN headers at build time

void set_lite_conv_uses_cudnn(bool on) {
  if (on) throw Error("this build has no cuDNN (its headers were not found when it was configured)");
}

void cudnn_lightweight_conv(const float*, const float*, float*, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                            void*) {
  throw Error("this build has no cuDNN (its headers were not found when it was configured)");
}

#endif

}  // namespace ventris::cuda
