#include "decode/search_limits.h"

#include <unistd.h>

#include <algorithm>

#include "core/cuda_api.h"
#include "core/error.h"

namespace ventris::decode {

namespace {

std::string readable_bytes(int64_t bytes) {
  const auto b = static_cast<double>(bytes);
  if (b >= 1e9) return fmt::format("{:.1f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.1f} kB", b / 1e3);
}

}  // namespace

int64_t search_memory_bytes(const models::ModelConfig& model, int64_t target_vocab, const SearchBatchShape& batch,
                            const SearchOptions& options) {
  // Doubles: a hostile beam times a large batch overflows 64-bit integers long
  // before it is refused.
  const double rows = static_cast<double>(batch.sentences) * options.beam;
  const double source = static_cast<double>(batch.source_tokens);
  const double output = static_cast<double>(max_output_tokens(batch.source_tokens, model.max_positions, options) + 1);
  const double width = model.d_model, layers = model.decoder_layers;
  const double scores = 3.0 * rows * static_cast<double>(target_vocab);
  const double self_caches = 2.0 * layers * 2.0 * rows * output * width;
  const double cross_caches = layers * 2.0 * rows * source * width;
  const double step_activations = rows * (model.ffn_dim + 4.0 * width);
  const double encoder = static_cast<double>(batch.sentences) * source * (model.ffn_dim + 4.0 * width);
  const double bytes = 4.0 * (scores + self_caches + cross_caches + step_activations + encoder);
  return static_cast<int64_t>(std::min(bytes, 9e18));
}

int64_t device_memory_bytes(Device device) {
  if (device.is_cuda()) {
    // 0 = not reported (the host emulation's pretend device): then the host's memory is the limit.
    for (const cuda::DeviceInfo& d : cuda::list_devices())
      if (d.index == device.index && d.total_memory > 0) return static_cast<int64_t>(d.total_memory);
  }
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<int64_t>(pages) * page_size : INT64_MAX;
}

void require_search_fits(const models::ModelConfig& model, int64_t target_vocab, const SearchBatchShape& batch,
                         const SearchOptions& options, int64_t limit_bytes) {
  VENTRIS_CHECK(options.beam <= target_vocab,
                "beam {} is larger than the target vocabulary ({} tokens); choose a beam of at most {}", options.beam,
                target_vocab, target_vocab);
  const int64_t needed = search_memory_bytes(model, target_vocab, batch, options);
  VENTRIS_CHECK(needed <= limit_bytes,
                "a search of {} sentences (up to {} source tokens) with beam {} needs about {}, more than the {} "
                "memory limit of this device; lower --beam, --batch-size or --max-tokens",
                batch.sentences, batch.source_tokens, options.beam, readable_bytes(needed), readable_bytes(limit_bytes));
}

}  // namespace ventris::decode
