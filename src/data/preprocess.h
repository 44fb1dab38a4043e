// `ventris preprocess`: SentencePiece vocabularies and binary datasets from
// parallel text (the YAML section `preprocess:`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/schema.h"

namespace ventris::data {

struct PreprocessConfig {
  std::string train_src, train_tgt;       // required
  std::string valid_src, valid_tgt;       // optional
  std::string test_src, test_tgt;         // optional
  std::string out;                        // output folder (required)
  int vocab_size = 8000;                  // SentencePiece vocabulary size (each side when separate)
  bool joint = true;                      // one vocabulary for both sides (needed for shared embeddings)
  std::string spm_type = "unigram";       // unigram or bpe
  double character_coverage = 1.0;        // SentencePiece character coverage
  int64_t spm_sample = 10000000;          // at most this many sentences train the vocabulary
  std::vector<std::string> spm_model;     // reuse .model file(s): one (joint) or two (source, target)
  int max_len = 256;                      // drop training pairs with a side longer than this (subwords)
  double max_len_ratio = 1.5;             // drop training pairs whose length ratio exceeds this
  bool force = false;                     // replace an existing output folder
  bool skip_invalid = false;              // skip and count pairs with invalid UTF-8 instead of failing

  void describe(config::Schema& s);
};

// Runs the whole pipeline; `threads` encode in parallel (output order kept).
// The result appears atomically at config.out; on error nothing is left behind.
void preprocess(const PreprocessConfig& config, int threads);

}  // namespace ventris::data
