// A Tensor is a contiguous, row-major block of one dtype on one device, shared
// by reference: copies of a Tensor alias the same memory. Views (reshape,
// slice along dim 0) are free; everything else allocates a new tensor through
// the device's caching allocator.
#pragma once

#include <memory>
#include <vector>

#include "core/device.h"
#include "core/dtype.h"
#include "core/error.h"
#include "core/shape.h"

namespace ventris {

// Owns one allocation; returns it to the caching allocator when the last
// tensor viewing it goes away.
class Storage {
 public:
  Storage(size_t bytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device device() const { return device_; }

 private:
  void* data_ = nullptr;
  size_t bytes_ = 0;
  Device device_;
};

class Tensor {
 public:
  Tensor() = default;  // undefined (no storage); defined() is false

  static Tensor empty(const Shape& shape, DType dtype = DType::F32, Device device = Device::cpu());
  static Tensor zeros(const Shape& shape, DType dtype = DType::F32, Device device = Device::cpu());
  static Tensor full(const Shape& shape, float value, Device device = Device::cpu());
  static Tensor scalar(float value) { return full(Shape{}, value); }
  template <class T>
  static Tensor from_vector(const std::vector<T>& values, const Shape& shape);

  bool defined() const { return storage_ != nullptr; }
  const Shape& shape() const { return shape_; }
  int rank() const { return shape_.rank(); }
  int64_t size(int dim) const { return shape_[dim]; }
  int64_t numel() const { return shape_.numel(); }
  DType dtype() const { return dtype_; }
  Device device() const { return storage_ ? storage_->device() : Device::cpu(); }
  size_t nbytes() const { return static_cast<size_t>(numel()) * dtype_size(dtype_); }

  void* raw_data() const;
  // Typed pointer; checks that T matches the dtype.
  template <class T>
  T* data() const {
    VENTRIS_CHECK(dtype_ == dtype_of<T>(), "tensor has dtype {}, accessed as {}", dtype_name(dtype_),
                  dtype_name(dtype_of<T>()));
    return static_cast<T*>(raw_data());
  }
  // The value of a one-element f32 tensor (copied to the host if needed).
  float item() const;
  template <class T>
  std::vector<T> to_vector() const;

  // Views sharing storage. reshape accepts one -1 dimension.
  Tensor reshape(const std::vector<int64_t>& dims) const;
  Tensor reshape(std::initializer_list<int64_t> dims) const { return reshape(std::vector<int64_t>(dims)); }
  Tensor reshape(const Shape& shape) const;
  // Rows [begin, end) of dim 0.
  Tensor slice(int64_t begin, int64_t end) const;

  Tensor clone() const;
  Tensor to(Device device) const;  // same tensor when already there
  Tensor to(DType dtype) const;    // converts; same tensor when already that dtype
  void fill(float value);          // f32 only
  void zero();
  // Copies `src` (same shape, dtype) into this tensor's memory.
  void copy_from(const Tensor& src);
  // True when both share storage (aliasing check for in-place updates).
  bool shares_storage(const Tensor& other) const { return storage_ == other.storage_; }
  long storage_use_count() const { return storage_.use_count(); }

 private:
  std::shared_ptr<Storage> storage_;
  size_t offset_bytes_ = 0;
  Shape shape_;
  DType dtype_ = DType::F32;
};

}  // namespace ventris
