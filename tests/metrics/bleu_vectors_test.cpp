// Every case of ../shared/bleu-vectors (sacreBLEU 2.6.0 on real WMT system
// outputs and hand-written edge cases) through the library API: scores to
// 1e-6, every count, total, length and statistic exactly, signatures and
// sacreBLEU's printed line byte for byte. Failures list every case id.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "metrics/bleu.h"
#include "metrics/chrf.h"
#include "metrics/report.h"
#include "metrics/signature.h"
#include "metrics/text_io.h"
#include "metrics/vectors.h"

namespace ventris::test {
namespace {

using nlohmann::json;
constexpr double kTolerance = 1e-6;

// Collects the mismatches of one case.
struct CaseCheck {
  std::ostringstream out;
  int problems = 0;

  void near(const std::string& what, double got, double want) {
    if (!(std::abs(got - want) <= kTolerance)) fail(what, got, want);
  }
  template <class A, class B>
  void equal(const std::string& what, const A& got, const B& want) {
    if (!(got == want)) fail(what, got, want);
  }
  template <class A, class B>
  void fail(const std::string& what, const A& got, const B& want) {
    if (++problems <= 3) out << "\n    " << what << ": got " << json(got).dump() << ", want " << json(want).dump();
  }
};

template <size_t N>
std::vector<int64_t> to_vector(const std::array<int64_t, N>& a) {
  return std::vector<int64_t>(a.begin(), a.end());
}

void check_bleu(CaseCheck& c, const std::string& where, const metrics::BleuScore& s, const json& want) {
  c.near(where + "score", s.score, want.at("score").get<double>());
  for (int n = 0; n < 4; ++n)
    c.near(where + "precisions[" + std::to_string(n) + "]", s.precisions[n], want.at("precisions")[n].get<double>());
  c.near(where + "bp", s.bp, want.at("bp").get<double>());
  c.near(where + "ratio", s.ratio, want.at("ratio").get<double>());
  c.equal(where + "sys_len", s.sys_len, want.at("sys_len").get<int64_t>());
  c.equal(where + "ref_len", s.ref_len, want.at("ref_len").get<int64_t>());
  c.equal(where + "counts", to_vector(s.counts), want.at("counts").get<std::vector<int64_t>>());
  c.equal(where + "totals", to_vector(s.totals), want.at("totals").get<std::vector<int64_t>>());
}

std::string run_case(const json& tc, const std::string& dir) {
  CaseCheck c;
  const auto hyps = metrics::read_segments(dir + "/" + tc.at("hyp").get<std::string>());
  std::vector<std::vector<std::string>> refs;
  for (const auto& r : tc.at("refs")) refs.push_back(metrics::read_segments(dir + "/" + r.get<std::string>()));
  c.equal("num_segments", static_cast<int64_t>(hyps.size()), tc.at("num_segments").get<int64_t>());
  const json& want = tc.at("expected");
  const bool sentence = tc.at("level") == "sentence";
  metrics::SignatureOptions sig;
  sig.nrefs = metrics::count_references(metrics::as_views(refs));

  if (tc.at("metric") == "bleu") {
    const metrics::BleuOptions opts = bleu_options_of(tc);
    const std::string signature = metrics::bleu_signature(opts, sig);
    c.equal("signature", signature, want.at("signature").get<std::string>());
    metrics::BleuScorer scorer(opts);
    const auto stats = scorer.corpus_stats(hyps, refs);
    if (sentence) {
      const auto& sentences = want.at("sentences");
      c.equal("sentences", stats.size(), sentences.size());
      for (size_t i = 0; i < std::min(stats.size(), sentences.size()); ++i)
        check_bleu(c, "line " + std::to_string(i + 1) + " ", metrics::compute_bleu(stats[i], opts), sentences[i]);
    } else {
      metrics::BleuStats sum;
      for (const auto& s : stats) sum += s;
      const metrics::BleuScore score = metrics::compute_bleu(sum, opts);
      check_bleu(c, "", score, want);
      c.equal("sacrebleu_line", metrics::bleu_line(score, signature, 2), want.at("sacrebleu_line").get<std::string>());
    }
  } else {
    const metrics::ChrfOptions opts = chrf_options_of(tc);
    const std::string signature = metrics::chrf_signature(opts, sig);
    c.equal("signature", signature, want.at("signature").get<std::string>());
    metrics::ChrfScorer scorer(opts);
    const auto stats = scorer.corpus_stats(hyps, refs);
    if (sentence) {
      const auto& sentences = want.at("sentences");
      c.equal("sentences", stats.size(), sentences.size());
      for (size_t i = 0; i < std::min(stats.size(), sentences.size()); ++i)
        c.near("line " + std::to_string(i + 1) + " score", metrics::compute_chrf(stats[i], opts).score,
               sentences[i].at("score").get<double>());
    } else {
      metrics::ChrfStats sum;
      for (const auto& s : stats) sum += s;
      const metrics::ChrfScore score = metrics::compute_chrf(sum, opts);
      c.near("score", score.score, want.at("score").get<double>());
      c.equal("name", score.name, want.at("name").get<std::string>());
      c.equal("stats", sum.counts, want.at("stats").get<std::vector<int64_t>>());
      c.equal("sacrebleu_line", metrics::chrf_line(score, signature, 2), want.at("sacrebleu_line").get<std::string>());
    }
  }
  return c.problems ? c.out.str() : std::string();
}

TEST(BleuVectors, EveryCaseMatchesSacrebleu) {
  std::string why;
  const json* vectors = bleu_vectors(&why);
  if (!vectors) GTEST_SKIP() << why;
  const std::string dir = bleu_vectors_dir();
  const auto& cases = vectors->at("cases");
  ASSERT_EQ(cases.size(), 170u) << "expected.json should hold 170 cases";
  std::vector<std::string> failed;
  std::string details;
  for (const auto& tc : cases) {
    const std::string id = tc.at("id").get<std::string>();
    std::string problems;
    try {
      problems = run_case(tc, dir);
    } catch (const std::exception& e) {
      problems = std::string("\n    threw: ") + e.what();
    }
    if (!problems.empty()) {
      failed.push_back(id);
      details += "\n  " + id + problems;
    }
  }
  std::string ids;
  for (const auto& id : failed) ids += " " + id;
  EXPECT_TRUE(failed.empty()) << failed.size() << " of " << cases.size() << " cases differ from sacreBLEU:" << ids
                              << "\nDetails:" << details;
  std::cout << "[ vectors  ] " << cases.size() - failed.size() << " of " << cases.size() << " cases match sacreBLEU 2.6.0\n";
}

}  // namespace
}  // namespace ventris::test
