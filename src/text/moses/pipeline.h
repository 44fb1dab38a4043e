// The Moses preprocessing pipelines published data was made with, as one
// object: optional lower-casing first (Multi30k: lowercase.perl |
// normalize-punctuation.perl | tokenizer.perl), optional punctuation
// normalization, optional removal of non-printing characters (fairseq's WMT
// training data: normalize-punctuation.perl | remove-non-printing-char.perl
// | tokenizer.perl -a), tokenization, optional lower-casing last (fairseq's
// IWSLT'14 valid/test: tokenizer.perl | lowercase.perl). The order matters:
// a period before a lower-cased word is not split off.
#pragma once

#include <string>
#include <string_view>

#include "text/moses/punctuation_normalizer.h"
#include "text/moses/tokenizer.h"

namespace ventris::text::moses {

enum class Lowercase { kNone, kFirst, kLast };

struct PipelineOptions {
  TokenizerOptions tokenizer;  // its language and version apply to the normalizer too
  bool normalize = false;
  bool remove_non_printing = false;
  Lowercase lowercase = Lowercase::kNone;
};

class Pipeline {
 public:
  explicit Pipeline(PipelineOptions options);

  // One line without its newline, valid UTF-8; thread-safe.
  void process(std::string_view line, std::string& out) const;
  std::string process(std::string_view line) const;

  const PipelineOptions& options() const { return options_; }

 private:
  PipelineOptions options_;
  PunctuationNormalizer normalizer_;
  Tokenizer tokenizer_;
};

}  // namespace ventris::text::moses
