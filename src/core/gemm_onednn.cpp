// oneDNN matmul primitives are expensive to create and cheap to run, so one
// is created per distinct (shape, strides, alpha, beta) and cached. Transposes
// are expressed as strides, so no data is copied.
//
// The cache is bounded (least recently used goes first). Each primitive holds
// its JIT code, about half a MiB, and decoding meets a new row count at almost
// every step as hypotheses finish: unbounded, 1000 newstest sentences with
// transformer-base beam 5 kept ~1000 primitives and ~400 MiB. A step reuses
// a handful of shapes (the layers share them), so a few dozen entries keep
// every hit that matters. oneDNN's own primitive cache is switched off (unless
// the user sets ONEDNN_PRIMITIVE_CACHE_CAPACITY): it would keep evicted
// primitives alive behind ours.
//
// core/gemm.cpp calls this from its own OpenMP loop over fixed-size blocks,
// one single-threaded call per block (inside a parallel region oneDNN runs
// on the calling thread), so each thread keeps its own stream and cache.
#include <cstdlib>
#include <list>
#include <map>
#include <tuple>

#include "core/error.h"
#include "core/gemm.h"
#include "core/gemm_onednn.h"

#if VENTRIS_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace ventris::gemm {

#if VENTRIS_HAVE_ONEDNN

bool onednn_available() { return true; }

std::string onednn_version() {
  const dnnl_version_t* v = dnnl_version();
  return fmt::format("oneDNN {}.{}.{}", v->major, v->minor, v->patch);
}

namespace {

using Key = std::tuple<bool, bool, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                       int64_t, int64_t, float, float>;

// A primitive with its memory objects: a cache hit only swaps data pointers,
// so a steady-state GEMM allocates nothing.
struct CachedMatmul {
  dnnl::matmul primitive;
  dnnl::memory a, b, c;
};

constexpr size_t kCachedPrimitives = 32;

const dnnl::engine& cpu_engine() {
  static const auto* e = [] {
    if (!std::getenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY") && !std::getenv("DNNL_PRIMITIVE_CACHE_CAPACITY"))
      dnnl::set_primitive_cache_capacity(0);
    return new dnnl::engine(dnnl::engine::kind::cpu, 0);
  }();
  return *e;
}

// One per thread. Keys in use order, most recent first; each entry knows its place in it.
struct Engine {
  const dnnl::engine& engine = cpu_engine();
  dnnl::stream stream{engine};
  std::list<Key> use_order;
  std::map<Key, std::pair<CachedMatmul, std::list<Key>::iterator>> cache;
};

Engine& engine() {
  thread_local auto* e = new Engine();  // leaked: primitives must outlive static tensors
  return *e;
}

dnnl::memory::desc matrix_desc(int64_t batch, int64_t rows, int64_t cols, bool transposed, int64_t ld,
                               int64_t stride) {
  using dt = dnnl::memory::data_type;
  // Logical [batch, rows, cols]; stored either row-major (ld between rows) or
  // transposed (ld between columns).
  dnnl::memory::dims strides = transposed ? dnnl::memory::dims{stride, 1, ld} : dnnl::memory::dims{stride, ld, 1};
  return dnnl::memory::desc({batch, rows, cols}, dt::f32, strides);
}

}  // namespace

void onednn_sgemm_batched(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                          const float* a, int64_t lda, int64_t stride_a, const float* b, int64_t ldb,
                          int64_t stride_b, float beta, float* c, int64_t ldc, int64_t stride_c, int64_t batch) {
  Engine& e = engine();
  // A zero stride broadcasts; oneDNN expresses that as a batch dim of size 1.
  const int64_t batch_a = stride_a == 0 ? 1 : batch, batch_b = stride_b == 0 ? 1 : batch;
  Key key{trans_a, trans_b, m, n, k, lda, ldb, ldc, stride_a, stride_b, stride_c, batch, alpha, beta};
  auto it = e.cache.find(key);
  if (it != e.cache.end()) {
    e.use_order.splice(e.use_order.begin(), e.use_order, it->second.second);
  } else {
    if (e.cache.size() == kCachedPrimitives) {
      e.cache.erase(e.use_order.back());
      e.use_order.pop_back();
    }
    auto a_md = matrix_desc(batch_a, m, k, trans_a, lda, stride_a == 0 ? m * k : stride_a);
    auto b_md = matrix_desc(batch_b, k, n, trans_b, ldb, stride_b == 0 ? k * n : stride_b);
    auto c_md = matrix_desc(batch, m, n, false, ldc, stride_c == 0 ? m * n : stride_c);
    dnnl::primitive_attr attr;
    if (alpha != 1.f) attr.set_output_scales(0, {alpha});
    if (beta != 0.f) {
      dnnl::post_ops ops;
      ops.append_sum(beta);
      attr.set_post_ops(ops);
    }
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), attr, e.engine);
    CachedMatmul entry{dnnl::matmul(pd), dnnl::memory(a_md, e.engine, nullptr), dnnl::memory(b_md, e.engine, nullptr),
                       dnnl::memory(c_md, e.engine, nullptr)};
    e.use_order.push_front(key);
    it = e.cache.emplace(key, std::make_pair(std::move(entry), e.use_order.begin())).first;
  }
  CachedMatmul& mm = it->second.first;
  mm.a.set_data_handle(const_cast<float*>(a));
  mm.b.set_data_handle(const_cast<float*>(b));
  mm.c.set_data_handle(c);
  // The C API takes a plain argument array (the C++ one builds an unordered_map per call).
  const dnnl_exec_arg_t args[3] = {
      {DNNL_ARG_SRC, mm.a.get()}, {DNNL_ARG_WEIGHTS, mm.b.get()}, {DNNL_ARG_DST, mm.c.get()}};
  if (dnnl_primitive_execute(mm.primitive.get(), e.stream.get(), 3, args) != dnnl_success)
    VENTRIS_FAIL("oneDNN matmul failed for m={} n={} k={} batch={}", m, n, k, batch);
  e.stream.wait();
}

#else

bool onednn_available() { return false; }
std::string onednn_version() { return "oneDNN (not compiled in)"; }
void onednn_sgemm_batched(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t, int64_t,
                          const float*, int64_t, int64_t, float, float*, int64_t, int64_t, int64_t) {
  VENTRIS_FAIL("oneDNN is not compiled into this build");
}

#endif

}  // namespace ventris::gemm
