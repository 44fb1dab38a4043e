#include "ops/autocast.h"

#include "core/error.h"

namespace ventris::ops {

namespace {
// Per thread: the dispatcher runs on the thread that called the op (kernels
// spawn their own workers), and concurrent callers must not see each other's scopes.
thread_local GemmPrecision t_precision = GemmPrecision::F32;
}  // namespace

GemmPrecision gemm_precision() { return t_precision; }

AutocastScope::AutocastScope(GemmPrecision p) : previous_(t_precision) { t_precision = p; }
AutocastScope::~AutocastScope() { t_precision = previous_; }

const char* precision_name(GemmPrecision p) {
  switch (p) {
    case GemmPrecision::F32: return "fp32";
    case GemmPrecision::BF16: return "bf16";
    case GemmPrecision::F16: return "fp16";
  }
  return "?";
}

GemmPrecision parse_precision(const std::string& name) {
  if (name == "fp32") return GemmPrecision::F32;
  if (name == "bf16") return GemmPrecision::BF16;
  if (name == "fp16") return GemmPrecision::F16;
  throw Error("precision must be fp32, bf16 or fp16, got '" + name + "'");
}

}  // namespace ventris::ops
