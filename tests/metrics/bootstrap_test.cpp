// Paired bootstrap resampling: numpy's random stream reproduced exactly, and
// sacreBLEU's estimate on a small corpus. The expected numbers were computed
// with numpy 1.24 (default_rng(12345).choice(...)) running sacreBLEU 2.6.0's
// significance code on the same statistics.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "metrics/bleu.h"
#include "metrics/bootstrap.h"
#include "metrics/numpy_random.h"

namespace ventris::test {
namespace {

using namespace metrics;

TEST(MetricsNumpyRandom, DefaultRngChoiceMatchesNumpy) {
  // numpy: default_rng(12345).choice(3003, size=(1, 8))
  EXPECT_EQ(numpy_choice_rows(12345, 3003, 1).size(), 3003u);
  std::vector<uint32_t> first = numpy_choice_rows(12345, 3003, 1);
  first.resize(8);
  EXPECT_EQ(first, (std::vector<uint32_t>{2099, 682, 2368, 951, 613, 2394, 1929, 2030}));
  // default_rng(7).choice(1000, size=(1, 5))
  NumpyPcg64 rng(7);
  std::vector<uint32_t> got;
  for (int i = 0; i < 5; ++i) got.push_back(rng.below(1000));
  EXPECT_EQ(got, (std::vector<uint32_t>{944, 625, 684, 897, 578}));
  // default_rng(7).choice(2**32, size=(1, 3)): the full 32-bit range
  NumpyPcg64 full(7);
  EXPECT_EQ(full.below(uint64_t(1) << 32), 4058335883u);
  EXPECT_EQ(full.below(uint64_t(1) << 32), 2684764585u);
  EXPECT_EQ(full.below(uint64_t(1) << 32), 2938530453u);
}

TEST(MetricsNumpyRandom, MeanUsesPairwiseSummation) {
  std::vector<double> v;
  for (int i = 0; i < 1000; ++i) v.push_back(0.1 * i + 1e-3 * (i % 7));
  double naive = 0;
  for (double x : v) naive += x;
  EXPECT_NEAR(numpy_mean(v), naive / 1000, 1e-9);
}

// The small corpus of the known answer (same formulas as the numpy script).
std::vector<std::string> ref_tokens(int i) {
  std::vector<std::string> t;
  for (int j = 0; j < 8 + i % 5; ++j) t.push_back(fmt::format("w{}", (i * j * 7 + j) % 13));
  return t;
}
std::string join(const std::vector<std::string>& t) {
  std::string s;
  for (const auto& w : t) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

TEST(PairedBootstrap, MatchesSacrebleuOnAKnownCorpus) {
  const int n = 60;
  std::vector<std::string> refs, a, b;
  for (int i = 0; i < n; ++i) {
    auto r = ref_tokens(i);
    refs.push_back(join(r));
    auto x = r;
    if (i % 3 == 0) x[2].assign(1, 'x');
    a.push_back(join(x));
    auto y = r;
    if (i % 4 == 0) {
      y[3].assign(1, 'y');
      y[5].assign(1, 'z');
    }
    if (i % 7 == 0) y.resize(y.size() - 2);
    b.push_back(join(y));
  }
  EXPECT_EQ(refs[0], "w0 w1 w2 w3 w4 w5 w6 w7");
  EXPECT_EQ(b[0], "w0 w1 w2 y w4 z");

  BleuOptions opts;
  BleuScorer scorer(opts);
  auto table = [&](const std::vector<std::string>& sys) {
    SegmentStatsTable t;
    t.dims = 10;
    for (const auto& s : scorer.corpus_stats(sys, {refs})) {
      t.values.push_back(s.sys_len);
      t.values.push_back(s.ref_len);
      t.values.insert(t.values.end(), s.correct.begin(), s.correct.end());
      t.values.insert(t.values.end(), s.total.begin(), s.total.end());
    }
    return t;
  };
  StatsScoreFn fn = [&](const std::vector<int64_t>& v) {
    BleuStats s;
    s.sys_len = v[0];
    s.ref_len = v[1];
    for (int k = 0; k < 4; ++k) {
      s.correct[k] = v[2 + k];
      s.total[k] = v[6 + k];
    }
    return compute_bleu(s, opts).score;
  };
  const double score_a = corpus_bleu(a, {refs}).score, score_b = corpus_bleu(b, {refs}).score;
  EXPECT_NEAR(score_a, 90.51666882634449, 1e-9);
  EXPECT_NEAR(score_b, 84.00336290924369, 1e-9);

  PairedBootstrap bs(n, 200, 12345);
  const auto ra = bs.resample_scores(table(a), fn), rb = bs.resample_scores(table(b), fn);
  const BootstrapEstimate ea = PairedBootstrap::estimate(ra);
  EXPECT_NEAR(ea.mean, 90.38901445927793, 1e-9);
  EXPECT_NEAR(ea.ci, 3.2108697015233787, 1e-9);
  const PairedBootstrapResult r = PairedBootstrap::compare(score_a, ra, score_b, rb);
  EXPECT_NEAR(r.estimate.mean, 83.64841327055939, 1e-9);
  EXPECT_NEAR(r.estimate.ci, 5.503507588332724, 1e-9);
  EXPECT_NEAR(r.p_value, 0.05970149253731343, 1e-12);

  // A system against itself: no resample differs by more than 0, so p = 1 / (samples + 1).
  EXPECT_NEAR(PairedBootstrap::compare(score_a, ra, score_a, ra).p_value, 1.0 / 201, 1e-12);
}

}  // namespace
}  // namespace ventris::test
