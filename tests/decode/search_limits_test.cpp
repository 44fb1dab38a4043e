// Searches are checked before they start (decode/search_limits.h): a beam
// wider than the target vocabulary is refused, and the memory estimate of a
// batch is compared with a limit, refused with one line naming both.
#include "decode/search_limits.h"

#include <gtest/gtest.h>

#include "decode/tiny_translation_model.h"
#include "decode/translator.h"
#include "error_message.h"

namespace ventris::decode {
namespace {

using ventris::test::error_of;

// transformer-big's shape: 6 + 6 layers, D 1024, F 4096, 32k target vocabulary.
models::ModelConfig big_model() {
  models::ModelConfig c;
  c.d_model = 1024;
  c.ffn_dim = 4096;
  c.heads = 16;
  return c;
}

SearchOptions with_beam(int beam) {
  SearchOptions o;
  o.beam = beam;
  return o;
}

TEST(SearchLimits, EstimateCountsScoresAndCachesOfEveryRow) {
  const models::ModelConfig c = big_model();
  const SearchBatchShape batch{64, 50};
  // Beam 5: 320 rows. Output at most 0 * 50 + 200 tokens + EOS = 201 (max_len_b default).
  const double rows = 320, vocab = 32000, out = 201, source = 50, d = 1024, f = 4096, layers = 6;
  const double expected = 4 * (3 * rows * vocab + 2 * layers * 2 * rows * out * d + layers * 2 * rows * source * d +
                               rows * (f + 4 * d) + 64 * source * (f + 4 * d));
  EXPECT_EQ(search_memory_bytes(c, 32000, batch, with_beam(5)), static_cast<int64_t>(expected));
  // About 7.3 GB for beam 5 and 64 sentences (the self-attention caches
  // dominate); linear in the beam: beam 10000 would need 14.5 TB.
  EXPECT_GT(search_memory_bytes(c, 32000, batch, with_beam(5)), int64_t{7'000'000'000});
  EXPECT_LT(search_memory_bytes(c, 32000, batch, with_beam(5)), int64_t{8'000'000'000});
  EXPECT_GT(search_memory_bytes(c, 32000, batch, with_beam(10000)), int64_t{14'000'000'000'000});
}

TEST(SearchLimits, RefusesABeamWiderThanTheVocabularyOrOverTheMemoryLimit) {
  const models::ModelConfig c = big_model();
  const int64_t gb128 = 128'000'000'000;
  EXPECT_EQ(error_of([&] { require_search_fits(c, 32000, {1, 20}, with_beam(5), gb128); }), "");
  const std::string wide = error_of([&] { require_search_fits(c, 100, {1, 20}, with_beam(101), gb128); });
  EXPECT_NE(wide.find("beam 101 is larger than the target vocabulary (100 tokens)"), std::string::npos) << wide;
  const std::string big = error_of([&] { require_search_fits(c, 32000, {64, 50}, with_beam(10000), gb128); });
  EXPECT_NE(big.find("with beam 10000 needs about"), std::string::npos) << big;
  EXPECT_NE(big.find("more than the 128.0 GB memory limit"), std::string::npos) << big;
  EXPECT_NE(big.find("lower --beam, --batch-size or --max-tokens"), std::string::npos) << big;
}

TEST(SearchLimits, DeviceMemoryOfTheCpuIsThePhysicalMemory) {
  const int64_t bytes = device_memory_bytes(Device::cpu());
  EXPECT_GT(bytes, int64_t{100'000'000});  // any machine that runs this suite
  EXPECT_LT(bytes, int64_t{1} << 50);
}

// The translator checks each batch before its search starts.
TEST(SearchLimits, TranslatorRefusesBeforeSearching) {
  const auto& setup = test::tiny_translation_setup();
  const Translator translator(*setup.model);
  TranslateOptions options;
  options.memory_limit = 1000;  // bytes: no search fits
  const std::string small = error_of([&] { translator.translate(setup.source_ids(), options); });
  EXPECT_NE(small.find(", more than the 1.0 kB memory limit"), std::string::npos) << small;
  options.memory_limit = 0;
  options.search.beam = static_cast<int>(setup.model->vocab().tgt_size) + 1;
  options.search.nbest = 1;
  const std::string wide = error_of([&] { translator.translate(setup.source_ids(), options); });
  EXPECT_NE(wide.find("is larger than the target vocabulary"), std::string::npos) << wide;
}

}  // namespace
}  // namespace ventris::decode
