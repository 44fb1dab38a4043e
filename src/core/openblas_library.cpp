#include "core/openblas_library.h"

#include <dlfcn.h>

#include <atomic>
#include <mutex>
#include <string>
#include <type_traits>

#include "core/error.h"

namespace ventris::gemm {

namespace {

std::atomic<int> wanted_threads{1};  // single-threaded: core/gemm.cpp threads the blocks
std::atomic<bool> loaded{false};

}  // namespace

const OpenBlasLibrary& openblas() {
  static OpenBlasLibrary lib;
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    const char* soname = "libopenblas.so.0";
    void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      failure = std::string("cannot load OpenBLAS (") + soname + "): " + dlerror() + " (apt-get install libopenblas0)";
      return;
    }
    auto resolve = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
      if (!fn && failure.empty()) failure = std::string(soname) + " lacks " + name;
    };
    resolve(lib.sgemm, "cblas_sgemm");
    resolve(lib.set_num_threads, "openblas_set_num_threads");
    if (!failure.empty()) return;
    if (const int n = wanted_threads.load(); n > 0) lib.set_num_threads(n);
    loaded = true;
  });
  if (!failure.empty()) throw Error(failure);
  return lib;
}

void openblas_threads(int n) {
  wanted_threads = n;
  if (loaded) openblas().set_num_threads(n);
}

}  // namespace ventris::gemm
