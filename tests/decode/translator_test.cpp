// The Translator: a trained tiny model translates its training sentences;
// output is bit for bit the same for any batch size, token budget, thread
// count and input order, and after save -> load; length batching rules.
#include "decode/translator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cli/run_binary.h"
#include "core/threads.h"
#include "decode/length_batches.h"
#include "decode/tiny_translation_model.h"
#include "models/model_file.h"

namespace ventris::decode {
namespace {

using test::tiny_translation_setup;

std::vector<std::vector<int32_t>> random_sources(int count, int64_t vocab, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<int32_t>> out;
  for (int i = 0; i < count; ++i) {
    std::vector<int32_t> s(1 + rng() % 4);
    for (auto& id : s) id = 4 + static_cast<int32_t>(rng() % (vocab - 4));
    out.push_back(s);
  }
  return out;
}

void expect_identical(const std::vector<std::vector<Hypothesis>>& a, const std::vector<std::vector<Hypothesis>>& b,
                      const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].size(), b[i].size()) << what << " sentence " << i;
    for (size_t k = 0; k < a[i].size(); ++k) {
      EXPECT_EQ(a[i][k].tokens, b[i][k].tokens) << what << " sentence " << i << " rank " << k;
      EXPECT_EQ(a[i][k].score, b[i][k].score) << what << " sentence " << i << " rank " << k << " (bits)";
      EXPECT_EQ(a[i][k].normalized, b[i][k].normalized) << what;
    }
  }
}

TEST(Translator, TrainedTinyModelTranslatesItsTrainingSentences) {
  const auto& setup = tiny_translation_setup();
  const Translator translator(*setup.model);
  for (int beam : {1, 4}) {
    TranslateOptions o;
    o.search.beam = beam;
    o.search.stopping = Stopping::kExhaustive;
    const std::vector<Hypothesis> out = translator.translate(setup.source_ids(), o);
    ASSERT_EQ(out.size(), setup.sources.size());
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(setup.vocab->decode(out[i].tokens), setup.targets[i]) << "beam " << beam << ": " << setup.sources[i];
      EXPECT_LT(out[i].score, 0.0);
      EXPECT_GT(out[i].score, -1.0) << "an overfit model is confident";
    }
    // fairseq's rule follows the same search and stops no later, so its best
    // is never better. (On this overfit model, with a tiny vocabulary, junk
    // hypotheses' EOS ranks among the best `beam` candidates: for "four one
    // six" four of them finish before the right one does.)
    o.search.stopping = Stopping::kBeam;
    const std::vector<Hypothesis> fairseq = translator.translate(setup.source_ids(), o);
    for (size_t i = 0; i < out.size(); ++i) EXPECT_LE(fairseq[i].normalized, out[i].normalized) << setup.sources[i];
  }
}

// Two encoder and two decoder layers of 4 heads: random-weight models for the
// batching tests.
models::ModelConfig two_layer_config(int d_model, int ffn_dim) {
  models::ModelConfig c;
  c.encoder_layers = 2;
  c.decoder_layers = 2;
  c.d_model = d_model;
  c.ffn_dim = ffn_dim;
  c.heads = 4;
  return c;
}

TEST(Translator, BatchedEqualsOneSentenceAtATimeBitForBit) {
  // A random-weight model: long, varied hypotheses; many sentences of equal length.
  const models::Transformer model(two_layer_config(32, 48), {37, 37, 1}, 5);
  const Translator translator(model);
  const auto sources = random_sources(24, 37, 1);
  for (int beam : {1, 3}) {
    TranslateOptions o;
    o.search.beam = beam;
    o.search.nbest = beam;
    o.search.max_len_b = 6;
    o.batch_size = 1;
    const auto one_at_a_time = translator.translate_nbest(sources, o);
    o.batch_size = 64;
    expect_identical(one_at_a_time, translator.translate_nbest(sources, o), "batch 64");
    o.batch_size = 3;
    expect_identical(one_at_a_time, translator.translate_nbest(sources, o), "batch 3");
    o.batch_size = 0;
    o.max_tokens = 9;
    expect_identical(one_at_a_time, translator.translate_nbest(sources, o), "max_tokens 9");

    const int threads = num_threads();
    set_num_threads(threads == 1 ? 2 : 1);
    const auto other_threads = translator.translate_nbest(sources, o);
    set_num_threads(threads);
    expect_identical(one_at_a_time, other_threads, "other thread count");

    std::vector<size_t> perm(sources.size());
    for (size_t i = 0; i < perm.size(); ++i) perm[i] = perm.size() - 1 - i;
    std::mt19937 rng(9);
    std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<std::vector<int32_t>> shuffled;
    for (size_t i : perm) shuffled.push_back(sources[i]);
    const auto out = translator.translate_nbest(shuffled, o);
    std::vector<std::vector<Hypothesis>> restored(sources.size());
    for (size_t k = 0; k < perm.size(); ++k) restored[perm[k]] = out[k];
    expect_identical(one_at_a_time, restored, "shuffled input order");
  }
}

// Long sources of many lengths share batches: the encoder runs per length and
// the decoder's padded cross-attention keys are masked exactly (measured
// before: encoding them padded changed the bits of about half of these).
TEST(Translator, LongSourcesBatchedEqualOneAtATime) {
  const models::Transformer model(two_layer_config(64, 128), {300, 300, 1}, 5);
  std::mt19937 rng(7);
  std::vector<std::vector<int32_t>> sources;
  for (int i = 0; i < 30; ++i) {
    std::vector<int32_t> s(1 + rng() % 40);
    for (auto& id : s) id = 4 + static_cast<int32_t>(rng() % 296);
    sources.push_back(s);
  }
  sources.push_back(sources[3]);  // a duplicate shares its batch
  TranslateOptions o;
  o.search.beam = 2;
  o.search.max_len_b = 8;
  o.batch_size = 1;
  const auto alone = Translator(model).translate_nbest(sources, o);
  o.batch_size = 64;
  expect_identical(alone, Translator(model).translate_nbest(sources, o), "long sources, batch 64");
}

TEST(Translator, SaveThenLoadGivesIdenticalTranslations) {
  const auto& setup = tiny_translation_setup();
  ventris::test::ScopedTempDir dir("ventris-translator");
  test::save_tiny_model(dir / "model.vt");
  const auto loaded = models::load_model(dir / "model.vt");
  TranslateOptions o;
  o.search.beam = 3;
  o.search.nbest = 2;
  const auto sources = random_sources(6, setup.model->vocab().tgt_size, 4);
  expect_identical(Translator(*setup.model).translate_nbest(sources, o), Translator(*loaded).translate_nbest(sources, o),
                   "after save -> load");
}

TEST(Translator, PreparesSourcesAsTheEncoderReadsThem) {
  EXPECT_EQ(prepare_source({5, 6}, 10, 2), (std::vector<int32_t>{5, 6, 2}));
  EXPECT_EQ(prepare_source({5, 6, 2}, 10, 2), (std::vector<int32_t>{5, 6, 2})) << "dataset rows end with EOS already";
  EXPECT_EQ(prepare_source({}, 10, 2), (std::vector<int32_t>{2}));
  EXPECT_EQ(prepare_source({5, 6, 7, 8}, 3, 2), (std::vector<int32_t>{5, 6, 2})) << "truncated to max_positions";
  // An empty list translates to an empty list.
  EXPECT_TRUE(Translator(*tiny_translation_setup().model).translate({}, {}).empty());
}

TEST(LengthBatches, SortsByLengthAndKeepsOneLengthPerBatch) {
  const std::vector<size_t> lengths{3, 1, 3, 2, 3, 1, 3};
  const auto batches = length_batches(lengths, 2, 0);
  const std::vector<std::vector<size_t>> expected{{1, 5}, {3}, {0, 2}, {4, 6}};
  EXPECT_EQ(batches, expected);
  EXPECT_EQ(length_batches(lengths, 0, 6), (std::vector<std::vector<size_t>>{{1, 5}, {3}, {0, 2}, {4, 6}}));
  EXPECT_EQ(length_batches(lengths, 0, 0), (std::vector<std::vector<size_t>>{{1, 5}, {3}, {0, 2, 4, 6}}));
  EXPECT_EQ(length_batches({9}, 0, 4), (std::vector<std::vector<size_t>>{{0}})) << "too long still gets a batch";
  EXPECT_TRUE(length_batches({}, 4, 0).empty());
}

TEST(LengthBatches, TranslationBatchesMixLengthsAndCountPadding) {
  const std::vector<size_t> lengths{3, 1, 3, 2, 3, 1, 3};
  EXPECT_EQ(length_batches(lengths, 3, 0, false), (std::vector<std::vector<size_t>>{{1, 5, 3}, {0, 2, 4}, {6}}));
  // max_tokens counts padding: 3 sentences padded to length 3 = 9 tokens.
  EXPECT_EQ(length_batches(lengths, 0, 8, false), (std::vector<std::vector<size_t>>{{1, 5, 3}, {0, 2}, {4, 6}}));
  EXPECT_EQ(length_batches(lengths, 0, 0, false), (std::vector<std::vector<size_t>>{{1, 5, 3, 0, 2, 4, 6}}));
}

}  // namespace
}  // namespace ventris::decode
