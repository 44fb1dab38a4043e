// Which Moses scripts to reproduce. Published tokenized data was made with
// the scripts of its day; two snapshots matter for the data Ventris checks
// against (docs/tokenize.md):
//   current  mosesdecoder as of 2021-03 (the last change to the tokenizer,
//            normalizer and the en/de/fr lists; unchanged at 34452895, 2025),
//            used by fairseq's IWSLT'14 data.
//   2017     commit 3a0631a (2017-12-12), the snapshot the Multi30k
//            repository ships and made its tok/ files with.
// For en/de/fr they differ in three rules: since 2018-11 (9fc964d) the last
// word's period is always split off; since 2019-11 (f6d7add) the normalizer
// maps ‘ and ‚ to ' instead of "; since 2019-11 (4da86c3) "Rs" is an
// English prefix. The fi/sv, ca, so and tdt rules are newer than 2017 too.
#pragma once

#include "config/enum_names.h"

namespace ventris::text::moses {

enum class MosesVersion { kCurrent, k2017 };

constexpr auto enum_names(MosesVersion) {
  using enum MosesVersion;
  return config::enum_table<MosesVersion>({{kCurrent, "current"}, {k2017, "2017"}});
}

}  // namespace ventris::text::moses
