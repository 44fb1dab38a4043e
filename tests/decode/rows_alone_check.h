// Batch invariance of incremental decoding, for any model family: three
// sentences started separately (each encoder run unpadded) and concatenated,
// reordered into `sentence_of_row` (duplicates = a beam), must give every row
// the same bits, step after step, as its sentence decoded alone.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "decode/decoding_fixtures.h"
#include "models/encoder_decoder.h"

namespace ventris::test {

inline void expect_rows_decode_as_alone(const models::EncoderDecoder& model, int64_t steps,
                                        const std::vector<int64_t>& sentence_of_row, int64_t vocab) {
  const std::vector<std::vector<int32_t>> sources{
      {5, 9, 13, 7, kFixtureEos}, {8, kFixtureEos}, {4, 11, 6, kFixtureEos}};
  const std::vector<int32_t> tgt = random_prefixes(3, steps, 6, vocab);
  auto start = [&](const std::vector<int32_t>& s) {
    return model.start_decoding(Tensor::from_vector(s, {1, static_cast<int64_t>(s.size())}));
  };
  std::vector<models::DecoderState> parts, alone;
  for (const auto& s : sources) {
    parts.push_back(start(s));
    alone.push_back(start(s));
  }
  models::DecoderState together = models::concat_states(std::move(parts));
  together.reorder(sentence_of_row);
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<int32_t> last;
    for (int64_t s : sentence_of_row) last.push_back(tgt[s * steps + t]);
    const auto batched =
        model.decode_step(Tensor::from_vector(last, {static_cast<int64_t>(last.size())}), together).to_vector<float>();
    std::map<int64_t, std::vector<float>> single;  // one step of each sentence alone
    for (int64_t s : sentence_of_row)
      if (!single.count(s))
        single[s] = model.decode_step(Tensor::from_vector(std::vector<int32_t>{tgt[s * steps + t]}, {1}),
                                      alone[static_cast<size_t>(s)])
                        .to_vector<float>();
    for (size_t r = 0; r < sentence_of_row.size(); ++r)
      for (int64_t v = 0; v < vocab; ++v)
        ASSERT_EQ(batched[r * vocab + v], single[sentence_of_row[r]][v]) << "step " << t << " row " << r << " token " << v;
  }
}

}  // namespace ventris::test
