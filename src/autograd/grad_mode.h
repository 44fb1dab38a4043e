// Gradient recording on/off for the current thread. `translate` and `score`
// run the very same layer code under a NoGradGuard: no nodes, no saved tensors.
#pragma once

namespace ventris::ag {

bool grad_enabled();

class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace ventris::ag
