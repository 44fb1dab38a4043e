// The start-of-run agreement of a data-parallel job: which rank differs, and
// a one-line message quoting the first differing line of both values.
#include <gtest/gtest.h>

#include <cstdlib>

#include "distributed/communicator.h"
#include "distributed/rank_agreement.h"

namespace ventris::distributed {
namespace {

TEST(RankAgreement, EqualRanksAgree) {
  const NamedValues same{{"seed", "1"}, {"train settings", "lr: 0.002  # help\nmax_tokens: 400\n"}};
  EXPECT_EQ(find_disagreement({same, same, same}).rank, -1);
}

TEST(RankAgreement, NamesTheRankTheItemAndTheFirstDifferingLineWithoutComments) {
  const NamedValues root{{"seed", "1"}, {"train settings", "lr: 0.002  # peak rate\nmax_tokens: 400\n"}};
  const NamedValues other{{"seed", "1"}, {"train settings", "lr: 0.003  # peak rate\nmax_tokens: 400\n"}};
  const Disagreement d = find_disagreement({root, root, other});
  EXPECT_EQ(d.rank, 2);
  EXPECT_NE(d.message.find("train settings"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("rank 2 has 'lr: 0.003' where rank 0 has 'lr: 0.002'"), std::string::npos) << d.message;
  EXPECT_EQ(d.message.find('\n'), std::string::npos) << d.message;
  EXPECT_EQ(d.message.find("peak rate"), std::string::npos) << d.message;
}

TEST(RankAgreement, AMissingItemIsADisagreement) {
  const Disagreement d = find_disagreement({{{"vocabularies", "abc def"}}, {}});
  EXPECT_EQ(d.rank, 1);
  EXPECT_NE(d.message.find("vocabularies"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("(missing)"), std::string::npos) << d.message;
}

TEST(Communicator, WithoutALauncherTheRunIsOneProcess) {
  if (launched_world_size() != 1) GTEST_SKIP() << "the test binary itself runs under an MPI launcher";
  const auto comm = make_communicator();
  EXPECT_EQ(comm->size(), 1);
  EXPECT_EQ(comm->rank(), 0);
  std::vector<float> values{1.5f, -2.f};
  comm->sum_in_rank_order(std::span<float>(values), true);
  EXPECT_EQ(values, (std::vector<float>{1.5f, -2.f}));
  EXPECT_EQ(comm->all_gather("x"), std::vector<std::string>{"x"});
}

}  // namespace
}  // namespace ventris::distributed
