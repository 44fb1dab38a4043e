// One finished translation hypothesis.
#pragma once

#include <cstdint>
#include <vector>

namespace ventris::decode {

struct Hypothesis {
  std::vector<int32_t> tokens;  // generated target ids, without the final EOS
  double score = 0;             // summed log-probability, EOS included (after unk_penalty)
  double normalized = 0;        // score / length_normalizer(tokens + 1): what the search ranks by
};

}  // namespace ventris::decode
