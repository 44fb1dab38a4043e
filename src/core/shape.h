// Tensor shapes: up to 5 dimensions, row-major, stored inline (no heap).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace ventris {

class Shape {
 public:
  static constexpr int kMaxDims = 5;

  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(const std::vector<int64_t>& dims);

  int rank() const { return rank_; }
  int64_t operator[](int i) const { return dims_[normalize(i)]; }
  int64_t& operator[](int i) { return dims_[normalize(i)]; }
  int64_t numel() const;
  // Product of dims [begin, end).
  int64_t count(int begin, int end) const;
  std::vector<int64_t> vec() const { return {dims_.begin(), dims_.begin() + rank_}; }
  std::string str() const;  // "[2, 3, 4]"

  // A negative index counts from the end, as in Python; throws when out of range.
  int normalize(int i) const;

  // Derived shapes, built in place (no heap): ops create shapes on every call.
  Shape with_dim(int i, int64_t size) const;  // dim i replaced
  Shape without_dim(int i) const;             // dim i removed
  Shape appended(int64_t size) const;         // one more trailing dim

  bool operator==(const Shape& o) const;
  bool operator!=(const Shape& o) const { return !(*this == o); }

 private:
  std::array<int64_t, kMaxDims> dims_{};
  int rank_ = 0;
};

}  // namespace ventris
