#include "ops/mult_add_counter.h"

namespace ventris::ops {

namespace {
thread_local MultAddCounter* innermost = nullptr;
}

MultAddCounter::MultAddCounter() : outer_(innermost) { innermost = this; }

MultAddCounter::~MultAddCounter() { innermost = outer_; }

void count_mult_adds(int64_t n) {
  for (MultAddCounter* c = innermost; c != nullptr; c = c->outer_) c->total_ += n;
}

}  // namespace ventris::ops
