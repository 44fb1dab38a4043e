// Options shared by every subcommand (top-level YAML keys and global flags).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/schema.h"

namespace ventris::config {

struct GlobalOptions {
  int threads = 0;                 // CPU threads for BLAS and op kernels; 0 = all cores (more: lowered to them)
  std::string device = "cpu";      // cpu, cuda or cuda:N
  int64_t seed = 1;                // seed for every random stream (init, dropout, batch order)
  std::string log_level = "info";  // trace, debug, info, warn, error, off
  std::string log_file;            // also append log lines to this file when set

  void describe(Schema& s) {
    s.field("threads", &threads, "CPU threads for BLAS and op kernels; 0 = all cores, more than the cores is lowered "
                                 "to their number (with a warning)")
        .range = config::between(0, 1024);
    s.field("device", &device, "cpu, cuda or cuda:N");
    s.field("seed", &seed, "seed for every random stream (init, dropout, batch order)").range = config::at_least(0);
    s.field("log_level", &log_level, "log verbosity")
        .choices = {"trace", "debug", "info", "warn", "error", "off"};
    s.field("log_file", &log_file, "also append log lines to this file when set");
  }
};

}  // namespace ventris::config
