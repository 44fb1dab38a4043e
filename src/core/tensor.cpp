#include "core/tensor.h"

#include <cstring>

#include "core/allocator.h"
#include "core/block_pool.h"
#include "core/cuda_api.h"
#include "core/half.h"

namespace ventris {

Storage::Storage(size_t bytes, Device device) : bytes_(bytes), device_(device) {
  data_ = allocator_for(device).allocate(bytes);
}

Storage::~Storage() { allocator_for(device_).deallocate(data_); }

Tensor Tensor::empty(const Shape& shape, DType dtype, Device device) {
  Tensor t;
  t.shape_ = shape;
  t.dtype_ = dtype;
  // The control block comes from a pool: creating a tensor does not touch the heap.
  t.storage_ = std::allocate_shared<Storage>(PoolAllocator<Storage>(),
                                             static_cast<size_t>(shape.numel()) * dtype_size(dtype), device);
  return t;
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Device device) {
  Tensor t = empty(shape, dtype, device);
  t.zero();
  return t;
}

Tensor Tensor::full(const Shape& shape, float value, Device device) {
  Tensor t = empty(shape, DType::F32, Device::cpu());
  t.fill(value);
  return t.to(device);
}

template <class T>
Tensor Tensor::from_vector(const std::vector<T>& values, const Shape& shape) {
  VENTRIS_CHECK(static_cast<int64_t>(values.size()) == shape.numel(), "{} values do not fill shape {}",
                values.size(), shape.str());
  Tensor t = empty(shape, dtype_of<T>());
  if (!values.empty()) std::memcpy(t.raw_data(), values.data(), values.size() * sizeof(T));
  return t;
}
template Tensor Tensor::from_vector(const std::vector<float>&, const Shape&);
template Tensor Tensor::from_vector(const std::vector<int32_t>&, const Shape&);
template Tensor Tensor::from_vector(const std::vector<int64_t>&, const Shape&);

void* Tensor::raw_data() const {
  VENTRIS_CHECK(defined(), "access to an undefined tensor");
  return static_cast<char*>(storage_->data()) + offset_bytes_;
}

float Tensor::item() const {
  VENTRIS_CHECK(numel() == 1, "item() needs a one-element tensor, got shape {}", shape_.str());
  return to(Device::cpu()).to(DType::F32).data<float>()[0];
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  Tensor host = to(Device::cpu());
  const T* p = host.data<T>();
  return std::vector<T>(p, p + numel());
}
template std::vector<float> Tensor::to_vector() const;
template std::vector<int32_t> Tensor::to_vector() const;
template std::vector<int64_t> Tensor::to_vector() const;

Tensor Tensor::reshape(const std::vector<int64_t>& dims) const {
  std::vector<int64_t> resolved = dims;
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      VENTRIS_CHECK(infer < 0, "reshape allows only one -1 dimension");
      infer = static_cast<int>(i);
    } else {
      known *= dims[i];
    }
  }
  if (infer >= 0) {
    VENTRIS_CHECK(known > 0 && numel() % known == 0, "cannot reshape {} to a shape with -1", shape_.str());
    resolved[infer] = numel() / known;
  }
  return reshape(Shape(resolved));
}

Tensor Tensor::reshape(const Shape& shape) const {
  VENTRIS_CHECK(shape.numel() == numel(), "cannot reshape {} ({} elements) to {}", shape_.str(), numel(),
                shape.str());
  Tensor t = *this;
  t.shape_ = shape;
  return t;
}

Tensor Tensor::slice(int64_t begin, int64_t end) const {
  VENTRIS_CHECK(rank() >= 1, "slice needs at least one dimension");
  VENTRIS_CHECK(0 <= begin && begin <= end && end <= shape_[0], "slice [{}, {}) out of range for {}", begin,
                end, shape_.str());
  Tensor t = *this;
  int64_t row = shape_.count(1, rank());
  t.offset_bytes_ += static_cast<size_t>(begin * row) * dtype_size(dtype_);
  t.shape_[0] = end - begin;
  return t;
}

Tensor Tensor::clone() const {
  Tensor t = empty(shape_, dtype_, device());
  t.copy_from(*this);
  return t;
}

void Tensor::copy_from(const Tensor& src) {
  VENTRIS_CHECK(src.shape() == shape_ && src.dtype() == dtype_, "copy_from: {} {} into {} {}",
                src.shape().str(), dtype_name(src.dtype()), shape_.str(), dtype_name(dtype_));
  size_t bytes = nbytes();
  if (bytes == 0) return;
  Device from = src.device(), to = device();
  if (from.is_cpu() && to.is_cpu()) {
    std::memmove(raw_data(), src.raw_data(), bytes);
  } else if (from.is_cpu()) {
    cuda::copy_host_to_device(to.index, raw_data(), src.raw_data(), bytes);
  } else if (to.is_cpu()) {
    cuda::copy_device_to_host(from.index, raw_data(), src.raw_data(), bytes);
  } else {
    VENTRIS_CHECK(from == to, "copies between CUDA devices are not supported");
    cuda::copy_device_to_device(to.index, raw_data(), src.raw_data(), bytes);
  }
}

Tensor Tensor::to(Device device) const {
  if (device == this->device()) return *this;
  Tensor t = empty(shape_, dtype_, device);
  t.copy_from(*this);
  return t;
}

namespace {
float load_as_f32(const void* p, DType t, int64_t i) {
  switch (t) {
    case DType::F32: return static_cast<const float*>(p)[i];
    case DType::BF16: return bf16_bits_to_f32(static_cast<const uint16_t*>(p)[i]);
    case DType::F16: return f16_bits_to_f32(static_cast<const uint16_t*>(p)[i]);
    case DType::I32: return static_cast<float>(static_cast<const int32_t*>(p)[i]);
    case DType::I64: return static_cast<float>(static_cast<const int64_t*>(p)[i]);
  }
  return 0.f;
}
void store_from_f32(void* p, DType t, int64_t i, float v) {
  switch (t) {
    case DType::F32: static_cast<float*>(p)[i] = v; break;
    case DType::BF16: static_cast<uint16_t*>(p)[i] = f32_to_bf16_bits(v); break;
    case DType::F16: static_cast<uint16_t*>(p)[i] = f32_to_f16_bits(v); break;
    case DType::I32: static_cast<int32_t*>(p)[i] = static_cast<int32_t>(v); break;
    case DType::I64: static_cast<int64_t*>(p)[i] = static_cast<int64_t>(v); break;
  }
}
}  // namespace

Tensor Tensor::to(DType dtype) const {
  if (dtype == dtype_) return *this;
  VENTRIS_CHECK(device().is_cpu(), "dtype conversion of {} tensors needs the CUDA backend's cast kernel",
                device().str());
  Tensor t = empty(shape_, dtype, device());
  const bool int_to_int = (dtype_ == DType::I32 || dtype_ == DType::I64) && (dtype == DType::I32 || dtype == DType::I64);
  const void* src = raw_data();
  void* dst = t.raw_data();
  const int64_t n = numel();
  if (int_to_int) {
    for (int64_t i = 0; i < n; ++i) {
      int64_t v = dtype_ == DType::I32 ? static_cast<const int32_t*>(src)[i] : static_cast<const int64_t*>(src)[i];
      if (dtype == DType::I32) static_cast<int32_t*>(dst)[i] = static_cast<int32_t>(v);
      else static_cast<int64_t*>(dst)[i] = v;
    }
  } else {
    for (int64_t i = 0; i < n; ++i) store_from_f32(dst, dtype, i, load_as_f32(src, dtype_, i));
  }
  return t;
}

void Tensor::fill(float value) {
  VENTRIS_CHECK(dtype_ == DType::F32, "fill() needs an F32 tensor");
  Tensor host = device().is_cpu() ? *this : empty(shape_, dtype_);
  float* p = host.data<float>();
  for (int64_t i = 0, n = numel(); i < n; ++i) p[i] = value;
  if (!device().is_cpu()) copy_from(host);
}

void Tensor::zero() {
  if (nbytes() == 0) return;
  if (device().is_cpu()) {
    std::memset(raw_data(), 0, nbytes());
  } else {
    Tensor host = zeros(shape_, dtype_);
    copy_from(host);
  }
}

}  // namespace ventris
