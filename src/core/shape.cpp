#include "core/shape.h"

#include "core/error.h"

namespace ventris {

// Built in place (no temporary vector): shapes are created on every op.
Shape::Shape(std::initializer_list<int64_t> dims) {
  VENTRIS_CHECK(dims.size() <= static_cast<size_t>(kMaxDims), "shapes have at most {} dims, got {}", kMaxDims,
                dims.size());
  for (int64_t d : dims) {
    VENTRIS_CHECK(d >= 0, "negative dimension {} in shape", d);
    dims_[rank_++] = d;
  }
}

Shape::Shape(const std::vector<int64_t>& dims) {
  VENTRIS_CHECK(dims.size() <= static_cast<size_t>(kMaxDims), "shapes have at most {} dims, got {}",
                kMaxDims, dims.size());
  rank_ = static_cast<int>(dims.size());
  for (int i = 0; i < rank_; ++i) {
    VENTRIS_CHECK(dims[i] >= 0, "negative dimension {} in shape", dims[i]);
    dims_[i] = dims[i];
  }
}

int64_t Shape::numel() const { return count(0, rank_); }

int64_t Shape::count(int begin, int end) const {
  int64_t n = 1;
  for (int i = begin; i < end; ++i) n *= dims_[i];
  return n;
}

int Shape::normalize(int i) const {
  int j = i < 0 ? i + rank_ : i;
  VENTRIS_CHECK(j >= 0 && j < rank_, "dimension {} out of range for a rank-{} shape", i, rank_);
  return j;
}

Shape Shape::with_dim(int i, int64_t size) const {
  Shape s = *this;
  s.dims_[normalize(i)] = size;
  return s;
}

Shape Shape::without_dim(int i) const {
  const int d = normalize(i);
  Shape s;
  for (int k = 0; k < rank_; ++k)
    if (k != d) s.dims_[s.rank_++] = dims_[k];
  return s;
}

Shape Shape::appended(int64_t size) const {
  VENTRIS_CHECK(rank_ < kMaxDims, "shapes have at most {} dims", kMaxDims);
  Shape s = *this;
  s.dims_[s.rank_++] = size;
  return s;
}

std::string Shape::str() const {
  std::string s = "[";
  for (int i = 0; i < rank_; ++i) s += (i ? ", " : "") + std::to_string(dims_[i]);
  return s + "]";
}

bool Shape::operator==(const Shape& o) const {
  if (rank_ != o.rank_) return false;
  for (int i = 0; i < rank_; ++i)
    if (dims_[i] != o.dims_[i]) return false;
  return true;
}

}  // namespace ventris
