// Translation benchmark: sentences/s, target tokens/s and peak RSS of
// decode::Translator (incremental decoding, batched beam search) for
// transformer-tiny / -base shapes, or any preset of configs/ by name
// (lite-wmt-ende-496, lazy-iwslt-3x2, ...), with random weights, and the
// decoder state's bytes for one 32-token sentence after 32 steps
// (cache_kib_32: where a LazyFormer's V-only caches show). Source lengths come
// from real sentences (whitespace words × 1.3 ≈ subword tokens, capped at
// 100); ids are synthetic. Random weights give arbitrary output lengths, so
// the output length is fixed to the source length (EOS masked until then,
// then forced), the same in scripts/bench/translate_torch.py.
//   bench_translate tiny|base|PRESET BEAM FILE [SENTENCES]   (VENTRIS_THREADS, default 2;
//   VENTRIS_DEVICE, default cpu: cuda:N decodes there, scripts/bench/gpu)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/allocator.h"
#include "core/threads.h"
#include "peak_rss.h"
#include "bench_preset.h"
#include "decode/translator.h"
#include "models/decoder_state.h"
#include "models/model_factory.h"
#include "models/model_summary.h"

namespace {

using namespace ventris;

// Bytes of every decoder-state slot (caches at their capacity) of one
// sentence of `length` source tokens after `length` greedy steps. Measured
// on the model's own state rather than by formula, so any family's slots
// (Transformer K/V, LazyFormer V-only, Lite convolution windows) count.
int64_t decoder_cache_bytes(const models::EncoderDecoder& model, int64_t length, Device device) {
  std::vector<int32_t> src(static_cast<size_t>(length), 5);
  src.back() = 2;
  models::DecoderState state = model.start_decoding(Tensor::from_vector(src, {1, length}).to(device));
  const Tensor token = Tensor::from_vector(std::vector<int32_t>{2}, {1}).to(device);
  for (int64_t t = 0; t < length; ++t) (void)model.decode_step(token, state);
  int64_t bytes = 0;
  for (const auto& layer : state.layers)
    for (const models::Slot& slot : layer) bytes += static_cast<int64_t>(slot.value.nbytes());
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_translate tiny|base|PRESET BEAM FILE [SENTENCES]\n");
    return 2;
  }
  const std::string which = argv[1];
  const int beam = std::atoi(argv[2]);
  const size_t wanted = argc > 4 ? static_cast<size_t>(std::atol(argv[4])) : 1000;
  set_num_threads(std::getenv("VENTRIS_THREADS") ? std::atoi(std::getenv("VENTRIS_THREADS")) : 2);
  const int64_t vocab = 8000;

  std::vector<std::vector<int32_t>> sources;
  std::ifstream in(argv[3]);
  std::string line;
  uint64_t h = 12345;
  while (sources.size() < wanted && std::getline(in, line)) {
    std::istringstream words(line);
    std::string w;
    size_t n = 0;
    while (words >> w) ++n;
    const size_t len = std::min<size_t>(100, std::max<size_t>(1, (n * 13 + 5) / 10));
    std::vector<int32_t> ids(len);
    for (auto& id : ids) {
      h = h * 6364136223846793005ull + 1442695040888963407ull;
      id = 4 + static_cast<int32_t>((h >> 33) % (vocab - 4));
    }
    sources.push_back(std::move(ids));
  }

  models::ModelConfig config;
  const bool base = which == "base";
  if (bench::is_preset(which)) {
    config = bench::load_preset_model(which);
  } else {
    config.encoder_layers = config.decoder_layers = base ? 6 : 3;
    config.d_model = base ? 512 : 256;
    config.ffn_dim = base ? 2048 : 1024;
    config.heads = base ? 8 : 4;
    config.share_embeddings = models::ShareEmbeddings::kAll;
  }
  const std::string name = bench::is_preset(which) ? which : "transformer-" + which;
  const auto owned = models::make_model(config, {vocab, vocab, 1}, 1);
  models::EncoderDecoder& model = *owned;
  // The Lite paper's cost: Mult-Adds to translate a 30 + 30-token sentence (`ventris info`).
  const int64_t mult_adds_30 = models::summarize(model, 30).mult_adds();
  const Device device = Device::parse(std::getenv("VENTRIS_DEVICE") ? std::getenv("VENTRIS_DEVICE") : "cpu");
  model.parameters().to(device);
  decode::TranslateOptions o;
  o.search.beam = beam;
  o.search.lenpen = 1.0;
  o.search.max_len_a = 1.0;  // exactly S tokens (EOS included in S) before the forced EOS
  o.search.max_len_b = 0;
  o.search.min_len = 1000;
  o.batch_size = 64;

  const auto t0 = std::chrono::steady_clock::now();
  const auto out = decode::Translator(model).translate(sources, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int64_t tokens = 0;
  for (const auto& hyp : out) tokens += static_cast<int64_t>(hyp.tokens.size()) + 1;
  // Peak bytes of live tensors next to peak RSS: the gap is what the system
  // allocator keeps (fragmentation, freed blocks not yet returned).
  const double tensor_peak_mib = static_cast<double>(allocator_for(device).stats().peak_bytes) / (1 << 20);
  // Read before the one-sentence cache measurement below allocates anything.
  const long rss_mib = peak_rss_mib();
  const double cache_kib_32 = static_cast<double>(decoder_cache_bytes(model, 32, device)) / 1024;
  std::printf("RESULT ventris %s beam=%d sentences=%zu sent_s=%.2f tok_s=%.1f rss_mib=%ld tensor_mib=%.0f "
              "mult_adds=%lld cache_kib_32=%.0f\n",
              name.c_str(), beam, sources.size(), static_cast<double>(sources.size()) / seconds,
              static_cast<double>(tokens) / seconds, rss_mib, tensor_peak_mib, static_cast<long long>(mult_adds_30),
              cache_kib_32);
  return 0;
}
