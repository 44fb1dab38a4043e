// Incremental decoding (architectures.md §1.6): every step of decode_step
// equals the teacher-forced decoder on the same prefix, for post- and pre-norm
// models, a right-padded source batch, and after reordering the state's rows
// (beam origins, retired sentences).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "autograd/grad_mode.h"
#include "decode/decoding_fixtures.h"
#include "models/transformer/transformer.h"
#include "ops/decoder_cache.h"
#include "ops/softmax.h"

namespace ventris::models {
namespace {

constexpr int32_t kPad = 1, kEos = 2;
constexpr int64_t kVocab = 23;

ModelConfig small_config(bool pre_norm, const std::string& share) {
  ModelConfig c;
  c.encoder_layers = 2;
  c.decoder_layers = 3;
  c.d_model = 16;
  c.ffn_dim = 32;
  c.heads = 4;
  c.dropout = 0.3;  // must not matter: decoding runs in evaluation mode
  c.normalize_before = pre_norm;
  c.share_embeddings = config::parse_enum<ShareEmbeddings>(share, "sharing");
  return c;
}

using test::padded_sources;
std::vector<int32_t> random_prefixes(int64_t b, int64_t t, uint32_t seed) {
  return test::random_prefixes(b, t, seed, kVocab);
}

// log_softmax of the full decoder: [B, T, V].
std::vector<float> full_log_probs(const Transformer& model, const Tensor& src, const std::vector<int32_t>& tgt,
                                  int64_t b, int64_t t) {
  ag::NoGradGuard no_grad;
  nn::ForwardContext eval;
  ag::Var enc = model.encode(src, eval);
  ag::Var logits = model.decode(enc, model.padding_mask(src), Tensor::from_vector(tgt, {b, t}), eval);
  return ops::log_softmax(logits.value().reshape({b * t, kVocab})).to_vector<float>();
}

double max_abs_diff_at_step(const std::vector<float>& step, const std::vector<float>& full,
                            const std::vector<int64_t>& rows_in_full, int64_t t, int64_t steps) {
  double worst = 0;
  for (size_t r = 0; r < rows_in_full.size(); ++r)
    for (int64_t v = 0; v < kVocab; ++v)
      worst = std::max(worst, static_cast<double>(std::fabs(step[r * kVocab + v] -
                                                            full[(rows_in_full[r] * steps + t) * kVocab + v])));
  return worst;
}

void expect_incremental_equals_full(const ModelConfig& config) {
  const Transformer model(config, {kVocab, kVocab, kPad}, 17);
  const Tensor src = padded_sources();
  const int64_t b = 3, steps = 7;
  const std::vector<int32_t> tgt = random_prefixes(b, steps, 5);
  const std::vector<float> full = full_log_probs(model, src, tgt, b, steps);

  DecoderState state = model.start_decoding(src);
  ASSERT_EQ(state.rows(), b);
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<int32_t> last(b);
    for (int64_t i = 0; i < b; ++i) last[i] = tgt[i * steps + t];
    const Tensor lp = model.decode_step(Tensor::from_vector(last, {b}), state);
    ASSERT_EQ(lp.shape(), Shape({b, kVocab}));
    EXPECT_LE(max_abs_diff_at_step(lp.to_vector<float>(), full, {0, 1, 2}, t, steps), 1e-5) << "step " << t;
  }
  EXPECT_EQ(state.steps, steps);
  // Position-major caches of raw projections: [rows, capacity, D], the
  // capacity a whole number of growth chunks.
  EXPECT_EQ(state.layers[0][TransformerDecoderLayer::kSelf.keys].value.shape(), Shape({b, (steps + ops::kCacheGrowth - 1) / ops::kCacheGrowth * ops::kCacheGrowth, 16}));
  EXPECT_EQ(state.layers[0][TransformerDecoderLayer::kCross.keys].value.shape(), Shape({b, 5, 16}));
  EXPECT_EQ(state.source_lengths, (std::vector<int32_t>{5, 2, 4}));
}

TEST(IncrementalDecoding, PostNormEqualsFullForwardAtEveryStep) { expect_incremental_equals_full(small_config(false, "none")); }
TEST(IncrementalDecoding, PreNormEqualsFullForwardAtEveryStep) { expect_incremental_equals_full(small_config(true, "all")); }
TEST(IncrementalDecoding, DecoderInOutSharingEqualsFullForward) {
  expect_incremental_equals_full(small_config(false, "decoder-in-out"));
}

// Reordering mid-way (expand sentence 2 to two rows, retire sentence 1) keeps
// each surviving row on its own prefix: it must match the full forward of that row.
TEST(IncrementalDecoding, LearnedPositionsEqualFullForward) {
  ModelConfig c = small_config(false, "all");
  c.positions = Positions::kLearned;
  c.max_positions = 32;
  expect_incremental_equals_full(c);
}

TEST(IncrementalDecoding, ReorderFollowsTheChosenRows) {
  for (bool pre_norm : {false, true}) {
    const Transformer model(small_config(pre_norm, "none"), {kVocab, kVocab, kPad}, 3);
    const Tensor src = padded_sources();
    const int64_t b = 3, steps = 6;
    const std::vector<int32_t> tgt = random_prefixes(b, steps, 9);
    const std::vector<float> full = full_log_probs(model, src, tgt, b, steps);

    DecoderState state = model.start_decoding(src);
    std::vector<int64_t> rows_in_full{0, 1, 2};
    for (int64_t t = 0; t < steps; ++t) {
      if (t == 3) {
        state.reorder({2, 0, 2});
        rows_in_full = {2, 0, 2};
      }
      std::vector<int32_t> last;
      for (int64_t r : rows_in_full) last.push_back(tgt[r * steps + t]);
      const Tensor lp = model.decode_step(Tensor::from_vector(last, {static_cast<int64_t>(last.size())}), state);
      EXPECT_LE(max_abs_diff_at_step(lp.to_vector<float>(), full, rows_in_full, t, steps), 1e-5)
          << "step " << t << (pre_norm ? " pre-norm" : " post-norm");
    }
    EXPECT_EQ(state.rows(), 3);
    // Rows are now sentences 2, 0, 2; the per-sentence tensors are untouched.
    EXPECT_EQ(state.sentence_of_row, (std::vector<int64_t>{2, 0, 2}));
    EXPECT_EQ(state.row_sentence.to_vector<int32_t>(), (std::vector<int32_t>{2, 0, 2}));
    EXPECT_EQ(state.layers[0][TransformerDecoderLayer::kCross.keys].value.size(0), 3);
  }
}

// Rows share their sentence's cross-attention K/V: neither a beam reshuffling
// its hypotheses nor a sentence retiring copies them (same storage), and every
// row still matches the full forward of its prefix.
TEST(IncrementalDecoding, ReorderNeverCopiesTheCrossAttentionKeys) {
  const Transformer model(small_config(false, "none"), {kVocab, kVocab, kPad}, 8);
  const Tensor src = padded_sources();
  const int64_t steps = 5;
  const std::vector<int32_t> tgt = random_prefixes(3, steps, 2);
  const std::vector<float> full = full_log_probs(model, src, tgt, 3, steps);
  DecoderState state = model.start_decoding(src);
  state.reorder({0, 0, 1, 2, 2});  // expand: new sentences per row
  EXPECT_EQ(state.sentence_of_row, (std::vector<int64_t>{0, 0, 1, 2, 2}));
  std::vector<int64_t> rows_in_full{0, 0, 1, 2, 2};
  for (int64_t t = 0; t < steps; ++t) {
    if (t == 2) {
      const Tensor cross_before = state.layers[1][TransformerDecoderLayer::kCross.keys].value;
      state.reorder({1, 0, 2, 4, 3});
      EXPECT_TRUE(state.layers[1][TransformerDecoderLayer::kCross.keys].value.shares_storage(cross_before)) << "same sentences: no gather";
      state.reorder({0, 2, 3});
      EXPECT_TRUE(state.layers[1][TransformerDecoderLayer::kCross.keys].value.shares_storage(cross_before)) << "a sentence retired: still no copy";
      EXPECT_EQ(state.sentence_of_row, (std::vector<int64_t>{0, 1, 2}));
      rows_in_full = {0, 1, 2};
    }
    std::vector<int32_t> last;
    for (int64_t r : rows_in_full) last.push_back(tgt[r * steps + t]);
    const Tensor lp = model.decode_step(Tensor::from_vector(last, {static_cast<int64_t>(last.size())}), state);
    EXPECT_LE(max_abs_diff_at_step(lp.to_vector<float>(), full, rows_in_full, t, steps), 1e-5) << "step " << t;
  }
}

TEST(IncrementalDecoding, RejectsTokensThatDoNotMatchTheState) {
  const Transformer model(small_config(false, "none"), {kVocab, kVocab, kPad}, 3);
  DecoderState state = model.start_decoding(padded_sources());
  EXPECT_THROW(model.decode_step(Tensor::from_vector(std::vector<int32_t>{kEos, kEos}, {2}), state), Error);
  EXPECT_THROW(state.reorder({0, 3}), Error);
  // Cross-attention reads a prefix of each source: padding must be a suffix.
  const Tensor interior_pad = Tensor::from_vector(std::vector<int32_t>{5, kPad, 7, kEos}, {1, 4});
  EXPECT_THROW(model.start_decoding(interior_pad), Error);
}

// Sentences of different lengths encoded separately (unpadded) and decoded as
// one batch give every row the bits it gets decoding alone.
TEST(IncrementalDecoding, ConcatenatedStatesDecodeEachRowAsAlone) {
  const Transformer model(small_config(true, "none"), {kVocab, kVocab, kPad}, 4);
  const std::vector<std::vector<int32_t>> sources{{5, 9, 13, 7, kEos}, {8, kEos}, {4, 11, 6, kEos}};
  const int64_t steps = 4;
  const std::vector<int32_t> tgt = random_prefixes(3, steps, 6);
  auto start = [&](const std::vector<int32_t>& s) {
    return model.start_decoding(Tensor::from_vector(s, {1, static_cast<int64_t>(s.size())}));
  };
  std::vector<DecoderState> parts;
  for (const auto& s : sources) parts.push_back(start(s));
  DecoderState together = concat_states(std::move(parts));
  EXPECT_EQ(together.source_lengths, (std::vector<int32_t>{5, 2, 4}));
  EXPECT_EQ(together.layers[0][TransformerDecoderLayer::kCross.keys].value.size(1), 5) << "padded to the longest source";
  together.reorder({2, 0, 0, 1});  // a beam of two for sentence 0
  const std::vector<int64_t> sentence_of_row{2, 0, 0, 1};
  std::vector<DecoderState> alone;
  for (const auto& s : sources) alone.push_back(start(s));
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<int32_t> last;
    for (int64_t r : sentence_of_row) last.push_back(tgt[r * steps + t]);
    const auto batched =
        model.decode_step(Tensor::from_vector(last, {static_cast<int64_t>(last.size())}), together).to_vector<float>();
    for (size_t r = 0; r < sentence_of_row.size(); ++r) {
      const int64_t s = sentence_of_row[r];
      if (r == 2) continue;  // the duplicate row: same as row 1
      const auto single = model.decode_step(Tensor::from_vector(std::vector<int32_t>{tgt[s * steps + t]}, {1}),
                                            alone[static_cast<size_t>(s)])
                              .to_vector<float>();
      for (int64_t v = 0; v < kVocab; ++v)
        ASSERT_EQ(batched[r * kVocab + v], single[v]) << "step " << t << " row " << r << " token " << v;
    }
  }
}

}  // namespace
}  // namespace ventris::models
