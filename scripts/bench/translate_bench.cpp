// Translation benchmark: sentences/s, target tokens/s and peak RSS of
// decode::Translator (incremental decoding, batched beam search) for
// transformer-tiny / -base / -iwslt shapes and LazyFormer 3x2 (iwslt shape)
// with random weights; the decoder state's bytes for one 32-token sentence
// after 32 steps (cache_kib_32). Source lengths come
// from real sentences (whitespace words × 1.3 ≈ subword tokens, capped at
// 100); ids are synthetic. Random weights give arbitrary output lengths, so
// the output length is fixed to the source length (EOS masked until then,
// then forced), the same in scripts/bench/translate_torch.py.
//   bench_translate tiny|base|iwslt|lazy-iwslt-3x2|lazy-iwslt-3x2-dec BEAM FILE [SENTENCES]   (VENTRIS_THREADS, default 2;
//   VENTRIS_DEVICE, default cpu: cuda:N decodes there, scripts/bench/gpu)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/allocator.h"
#include "core/threads.h"
#include "peak_rss.h"
#include "decode/translator.h"
#include "models/model_factory.h"

namespace {

using namespace ventris;

// tiny, base, iwslt (transformer-* shapes), lazy-iwslt-3x2 (encoder blocks
// [2,2,2]), lazy-iwslt-3x2-dec (and decoder self and cross): docs/models.md.
models::ModelConfig config_of(const std::string& which) {
  models::ModelConfig config;
  const bool six = which != "tiny";
  config.encoder_layers = config.decoder_layers = six ? 6 : 3;
  config.d_model = six ? 512 : 256;
  config.ffn_dim = which == "base" ? 2048 : 1024;
  config.heads = which == "base" ? 8 : 4;
  config.share_embeddings = models::ShareEmbeddings::kAll;
  if (which.starts_with("lazy-")) {
    config.arch = "lazyformer";
    config.lazy.blocks_enc = {2, 2, 2};
    if (which.ends_with("-dec")) config.lazy.blocks_dec_self = config.lazy.blocks_dec_cross = {2, 2, 2};
  }
  return config;
}

// Bytes of every decoder-state slot (caches at their capacity) of one
// sentence of `length` source tokens after `length` greedy steps.
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
    std::fprintf(stderr, "usage: bench_translate tiny|base|iwslt|lazy-iwslt-3x2|lazy-iwslt-3x2-dec BEAM FILE [SENTENCES]\n");
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

  const models::ModelConfig config = config_of(which);
  const auto owned = models::make_model(config, {vocab, vocab, 1}, 1);
  models::EncoderDecoder& model = *owned;
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
  const std::string name = which.starts_with("lazy-") ? which : "transformer-" + which;
  std::printf("RESULT ventris %s beam=%d sentences=%zu sent_s=%.2f tok_s=%.1f rss_mib=%ld tensor_mib=%.0f "
              "cache_kib_32=%.0f\n",
              name.c_str(), beam, sources.size(), static_cast<double>(sources.size()) / seconds,
              static_cast<double>(tokens) / seconds, peak_rss_mib(), tensor_peak_mib,
              static_cast<double>(decoder_cache_bytes(model, 32, device)) / 1024);
  return 0;
}
