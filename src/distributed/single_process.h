// The communicator of a run with one rank: every collective returns its input.
#pragma once

#include "distributed/communicator.h"

namespace ventris::distributed {

class SingleProcess final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void sum_in_rank_order(std::span<float>, bool) override {}
  void sum_in_rank_order(std::span<double>, bool) override {}
  std::vector<std::string> all_gather(const std::string& text) override { return {text}; }
  std::string broadcast_from_root(const std::string& text) override { return text; }
  void barrier() override {}
  [[noreturn]] void abort(int exit_code) override;
};

}  // namespace ventris::distributed
