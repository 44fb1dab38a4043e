#include "ops/decoder_attention.h"

#include <limits>

#include "core/error.h"
#include "op_test_util.h"

namespace ventris {
namespace {

// Double-precision attention of row n (entry b, length len) for every head.
std::vector<double> reference(const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v,
                              int64_t rows, int64_t heads, int64_t dh, int64_t capacity,
                              const std::vector<int32_t>& row_batch, const std::vector<int32_t>& lengths) {
  const int64_t d = heads * dh;
  std::vector<double> out(static_cast<size_t>(rows * d), 0.0);
  for (int64_t n = 0; n < rows; ++n) {
    const int64_t b = row_batch.empty() ? n : row_batch[n];
    const int64_t len = lengths.empty() ? capacity : lengths[b];
    for (int64_t h = 0; h < heads; ++h) {
      std::vector<double> s(static_cast<size_t>(len));
      double mx = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < len; ++j) {
        double dot = 0;
        for (int64_t e = 0; e < dh; ++e) dot += double(q[n * d + h * dh + e]) * k[(b * capacity + j) * d + h * dh + e];
        s[j] = dot;
        mx = std::max(mx, dot);
      }
      double total = 0;
      for (auto& x : s) total += x = std::exp(x - mx);
      for (int64_t j = 0; j < len; ++j)
        for (int64_t e = 0; e < dh; ++e)
          out[n * d + h * dh + e] += s[j] / total * v[(b * capacity + j) * d + h * dh + e];
    }
  }
  return out;
}

TEST(DecoderAttention, MatchesReferenceAtAwkwardLengths) {
  const int64_t heads = 4, dh = 8, d = heads * dh;
  for (int64_t capacity : test::awkward_sizes()) {
    const int64_t rows = 5, entries = 3;
    Tensor q = test::random_tensor({rows, d}, 1), k = test::random_tensor({entries, capacity, d}, 2),
           v = test::random_tensor({entries, capacity, d}, 3);
    // Uniform lengths, one entry per row.
    Tensor k_rows = test::random_tensor({rows, capacity, d}, 4), v_rows = test::random_tensor({rows, capacity, d}, 5);
    test::expect_close(ops::decoder_attention(q, k_rows, v_rows, heads),
                       reference(q.to_vector<float>(), k_rows.to_vector<float>(), v_rows.to_vector<float>(), rows,
                                 heads, dh, capacity, {}, {}),
                       1e-5, 1e-4);
    // Rows sharing entries, per-entry lengths (one empty).
    const std::vector<int32_t> row_batch{2, 0, 2, 1, 0};
    const std::vector<int32_t> lengths{static_cast<int32_t>(capacity), 0, static_cast<int32_t>((capacity + 1) / 2)};
    const Tensor out = ops::decoder_attention(q, k, v, heads, Tensor::from_vector(row_batch, {rows}),
                                              Tensor::from_vector(lengths, {entries}));
    test::expect_close(out,
                       reference(q.to_vector<float>(), k.to_vector<float>(), v.to_vector<float>(), rows, heads, dh,
                                 capacity, row_batch, lengths),
                       1e-5, 1e-4);
    const auto o = out.to_vector<float>();
    for (int64_t e = 0; e < d; ++e) EXPECT_EQ(o[3 * d + e], 0.f) << "a row with no keys gives zeros";
  }
}

TEST(DecoderAttention, ARowHasTheSameBitsInAnyBatchAndCapacity) {
  // Translation batches mix sentences: a row's result must not depend on the
  // other rows, on how many there are, or on the unread positions past its length.
  const int64_t heads = 2, dh = 16, d = heads * dh, len = 21;
  Tensor q = test::random_tensor({1, d}, 7), k = test::random_tensor({1, len, d}, 8),
         v = test::random_tensor({1, len, d}, 9);
  const auto alone = ops::decoder_attention(q, k, v, heads).to_vector<float>();
  for (int64_t capacity : {len, len + 1, len + 11, int64_t{64}}) {
    const int64_t entries = 3, rows = 4;
    std::vector<float> kb = test::random_tensor({entries, capacity, d}, 10).to_vector<float>();
    std::vector<float> vb = test::random_tensor({entries, capacity, d}, 11).to_vector<float>();
    std::vector<float> qb = test::random_tensor({rows, d}, 12).to_vector<float>();
    for (int64_t j = 0; j < len; ++j)
      for (int64_t e = 0; e < d; ++e) {
        kb[(1 * capacity + j) * d + e] = k.to_vector<float>()[j * d + e];
        vb[(1 * capacity + j) * d + e] = v.to_vector<float>()[j * d + e];
      }
    for (int64_t e = 0; e < d; ++e) qb[2 * d + e] = q.to_vector<float>()[e];
    const auto out = ops::decoder_attention(Tensor::from_vector(qb, {rows, d}), Tensor::from_vector(kb, {entries, capacity, d}),
                                            Tensor::from_vector(vb, {entries, capacity, d}), heads,
                                            Tensor::from_vector(std::vector<int32_t>{0, 2, 1, 1}, {rows}),
                                            Tensor::from_vector(std::vector<int32_t>{3, static_cast<int32_t>(len), 5}, {entries}))
                         .to_vector<float>();
    for (int64_t e = 0; e < d; ++e) ASSERT_EQ(out[2 * d + e], alone[e]) << "capacity " << capacity << " feature " << e;
  }
}

TEST(DecoderAttention, PositionsReadsOnlyTheFilledPartOfACache) {
  // Self-attention caches have room past what they hold; what lies there
  // (here: garbage) must not reach the result.
  const int64_t heads = 2, d = 16, rows = 3, filled = 5, capacity = 8;
  Tensor q = test::random_tensor({rows, d}, 20);
  Tensor k = test::random_tensor({rows, filled, d}, 21), v = test::random_tensor({rows, filled, d}, 22);
  std::vector<float> kb(rows * capacity * d, 1e30f), vb(kb.size(), 1e30f);
  const auto kv = k.to_vector<float>(), vv = v.to_vector<float>();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t e = 0; e < filled * d; ++e) {
      kb[r * capacity * d + e] = kv[r * filled * d + e];
      vb[r * capacity * d + e] = vv[r * filled * d + e];
    }
  const auto want = ops::decoder_attention(q, k, v, heads).to_vector<float>();
  const auto got = ops::decoder_attention(q, Tensor::from_vector(kb, {rows, capacity, d}),
                                          Tensor::from_vector(vb, {rows, capacity, d}), heads, {}, {}, filled)
                       .to_vector<float>();
  EXPECT_EQ(got, want);
  EXPECT_THROW(ops::decoder_attention(q, k, v, heads, {}, {}, filled + 1), Error) << "more positions than room";
}

// LazyFormer's step (architectures.md §4.4) splits the op: a head layer's
// distribution rows, then any number of layers applying them to their values.
TEST(DecoderAttentionHalves, ProbabilitiesThenApplyGiveTheFusedBits) {
  const int64_t heads = 4, dh = 8, d = heads * dh;
  for (int64_t capacity : test::awkward_sizes()) {
    const int64_t rows = 5, entries = 3;
    Tensor q = test::random_tensor({rows, d}, 31), k = test::random_tensor({entries, capacity, d}, 32),
           v = test::random_tensor({entries, capacity, d}, 33);
    const std::vector<int32_t> row_batch{2, 0, 2, 1, 0};
    const std::vector<int32_t> lengths{static_cast<int32_t>(capacity), 0, static_cast<int32_t>((capacity + 1) / 2)};
    const Tensor rb = Tensor::from_vector(row_batch, {rows}), len = Tensor::from_vector(lengths, {entries});
    const Tensor probs = ops::decoder_attention_probabilities(q, k, heads, rb, len);
    ASSERT_EQ(probs.shape(), Shape({rows, heads, capacity}));
    EXPECT_EQ(ops::decoder_attention_apply(probs, v, rb, len).to_vector<float>(),
              ops::decoder_attention(q, k, v, heads, rb, len).to_vector<float>())
        << "capacity " << capacity;
    // Each row is a distribution over its own length, zeros past it (and an
    // all-zero row for an entry with no positions).
    const auto p = probs.to_vector<float>();
    for (int64_t n = 0; n < rows; ++n)
      for (int64_t h = 0; h < heads; ++h) {
        const int64_t own = lengths[row_batch[n]];
        double total = 0;
        for (int64_t j = 0; j < capacity; ++j) {
          const float pj = p[(n * heads + h) * capacity + j];
          if (j >= own) {
            EXPECT_EQ(pj, 0.f) << "row " << n << " position " << j << " is past its length";
          }
          total += pj;
        }
        EXPECT_NEAR(total, own > 0 ? 1.0 : 0.0, 1e-5) << "row " << n << " head " << h;
      }
    // One distribution, another layer's values: the reference with those values.
    Tensor other_v = test::random_tensor({entries, capacity, d}, 34);
    test::expect_close(ops::decoder_attention_apply(probs, other_v, rb, len),
                       reference(q.to_vector<float>(), k.to_vector<float>(), other_v.to_vector<float>(), rows, heads,
                                 dh, capacity, row_batch, lengths),
                       1e-5, 1e-4);
  }
}

TEST(DecoderAttentionHalves, PositionsBoundTheDistribution) {
  const int64_t heads = 2, d = 16, rows = 3, filled = 5, capacity = 8;
  Tensor q = test::random_tensor({rows, d}, 40), k = test::random_tensor({rows, capacity, d}, 41),
         v = test::random_tensor({rows, capacity, d}, 42);
  const Tensor probs = ops::decoder_attention_probabilities(q, k, heads, {}, {}, filled);
  ASSERT_EQ(probs.shape(), Shape({rows, heads, filled}));
  EXPECT_EQ(ops::decoder_attention_apply(probs, v, {}, {}, filled).to_vector<float>(),
            ops::decoder_attention(q, k, v, heads, {}, {}, filled).to_vector<float>());
  EXPECT_THROW(ops::decoder_attention_apply(probs, v, {}, {}, filled - 1), Error) << "rows cover 5 positions, not 4";
  EXPECT_THROW(ops::decoder_attention_apply(probs, test::random_tensor({rows, capacity, 15}, 43), {}, {}, filled),
               Error)
      << "15 features do not split into the probabilities' 2 heads";
  EXPECT_THROW(ops::decoder_attention_apply(probs, test::random_tensor({rows + 1, capacity, d}, 44), {}, {}, filled),
               Error)
      << "4 cache entries for 3 rows needs row_batch";
  EXPECT_THROW(ops::decoder_attention_probabilities(q, k, 3), Error) << "16 is not divisible by 3 heads";
}

TEST(DecoderAttention, RejectsBadShapesAndIndices) {
  Tensor q = test::random_tensor({2, 8}, 1), k = test::random_tensor({2, 3, 8}, 2);
  EXPECT_THROW(ops::decoder_attention(q, k, k, 3), Error) << "8 is not divisible by 3 heads";
  EXPECT_THROW(ops::decoder_attention(q, test::random_tensor({2, 3, 4}, 3), test::random_tensor({2, 3, 4}, 3), 2),
               Error);
  EXPECT_THROW(ops::decoder_attention(test::random_tensor({3, 8}, 1), k, k, 2), Error) << "3 rows, 2 entries";
  EXPECT_THROW(ops::decoder_attention(q, k, k, 2, Tensor::from_vector(std::vector<int32_t>{0, 2}, {2})), Error);
  EXPECT_THROW(ops::decoder_attention(q, k, k, 2, {}, Tensor::from_vector(std::vector<int32_t>{1, 4}, {2})), Error)
      << "a length past the capacity";
}

}  // namespace
}  // namespace ventris
