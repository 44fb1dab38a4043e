#include "core/version.h"

#include <fmt/format.h>

#include "core/cuda_api.h"
#include "core/gemm.h"
#include "core/threads.h"

namespace ventris {

std::string version_string() { return VENTRIS_VERSION; }

std::string version_report() {
  std::string cuda_line;
  if (!cuda::compiled_in()) {
    cuda_line = "not compiled in";
  } else {
    std::string why;
    auto devices = cuda::list_devices(&why);
    cuda_line = fmt::format("compiled in (archs {})", VENTRIS_CUDA_ARCHS);
    if (devices.empty()) cuda_line += fmt::format("; no usable device ({})", why);
    for (const auto& d : devices)
      cuda_line += fmt::format("\n  cuda:{}  {}  sm_{}{}  {:.1f} GiB", d.index, d.name, d.compute_major,
                               d.compute_minor, d.total_memory / 1073741824.0);
  }
  return fmt::format(
      "ventris {}\n"
      "commit:     {}\n"
      "build type: {}\n"
      "BLAS:       {}\n"
      "CUDA:       {}\n"
      "threads:    {}\n",
      VENTRIS_VERSION, VENTRIS_GIT_COMMIT, VENTRIS_BUILD_TYPE, gemm::backend_description(), cuda_line,
      num_threads());
}

}  // namespace ventris
