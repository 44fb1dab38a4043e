#include "ops/decoding_rules.h"

#include <cmath>

#include "core/error.h"
#include "op_test_util.h"

namespace ventris {
namespace {

constexpr float kNever = -INFINITY;

// Rows: an ordinary hypothesis, one too short for EOS, one at its length
// limit, one both (limit wins: EOS is all it may do). Vocabulary: bos 0,
// pad 1, eos 2, unk 3, then tokens 4, 5.
TEST(DecodingRules, EachRowFollowsItsRulesAsWrittenByHand) {
  const std::vector<float> x{-1.f, -2.f, -3.f, -4.f, -5.f, -6.f};
  std::vector<float> all;
  for (int r = 0; r < 4; ++r) all.insert(all.end(), x.begin(), x.end());
  Tensor logp = Tensor::from_vector(all, {4, 6});
  const std::vector<int32_t> flags{0, math::kRowEosBanned, math::kRowMustEnd, math::kRowMustEnd | math::kRowEosBanned};
  math::DecodingRules rules;
  rules.unk_penalty = 0.5f;
  ops::apply_decoding_rules(logp, Tensor::from_vector(flags, {4}), rules);
  const std::vector<float> want{
      kNever, kNever, -3.f,   -4.5f,  -5.f,   -6.f,    // pad, bos banned; unk -0.5
      kNever, kNever, kNever, -4.5f,  -5.f,   -6.f,    // and EOS banned
      kNever, kNever, -3.f,   kNever, kNever, kNever,  // only EOS
      kNever, kNever, -3.f,   kNever, kNever, kNever,  // only EOS, minimum length or not
  };
  EXPECT_EQ(logp.to_vector<float>(), want);
}

TEST(DecodingRules, NoUnkBansItAndIdsOutsideTheVocabularyMatchNothing) {
  Tensor logp = Tensor::from_vector(std::vector<float>{-1.f, -2.f, -3.f, -4.f}, {1, 4});
  math::DecodingRules rules;
  rules.no_unk = true;
  rules.unk_penalty = 100.f;  // irrelevant once banned
  rules.bos = -1;
  rules.pad = 7;
  ops::apply_decoding_rules(logp, Tensor::from_vector(std::vector<int32_t>{0}, {1}), rules);
  EXPECT_EQ(logp.to_vector<float>(), (std::vector<float>{-1.f, -2.f, -3.f, kNever}));
}

TEST(DecodingRules, CoincidingIdsApplyEachRuleOnce) {
  // eos == unk: the penalty is taken once, and unk's rule wins as in the full-row path.
  math::DecodingRules rules;
  rules.eos = 3;
  rules.unk_penalty = 1.f;
  Tensor logp = Tensor::from_vector(std::vector<float>{-1.f, -2.f, -3.f, -4.f, -5.f, -1.f, -2.f, -3.f, -4.f, -5.f}, {2, 5});
  ops::apply_decoding_rules(logp, Tensor::from_vector(std::vector<int32_t>{0, math::kRowEosBanned}, {2}), rules);
  const auto v = logp.to_vector<float>();
  EXPECT_EQ(v[3], -5.f);
  EXPECT_EQ(v[5 + 3], -5.f) << "unk's rule comes first in ruled_logp";
  EXPECT_EQ(v[2], -3.f);
}

TEST(DecodingRules, RejectsMismatchedFlags) {
  Tensor logp = test::random_tensor({3, 5}, 1);
  EXPECT_THROW(ops::apply_decoding_rules(logp, Tensor::from_vector(std::vector<int32_t>{0, 0}, {2}), {}), Error);
  EXPECT_THROW(ops::apply_decoding_rules(logp, Tensor::from_vector(std::vector<float>{0, 0, 0}, {3}), {}), Error);
}

}  // namespace
}  // namespace ventris
