#include "text/moses/pipeline.h"

#include "text/moses/lowercase.h"
#include "text/moses/remove_non_printing.h"

namespace ventris::text::moses {

Pipeline::Pipeline(PipelineOptions options)
    : options_(std::move(options)),
      normalizer_(options_.tokenizer.language, options_.tokenizer.version),
      tokenizer_(options_.tokenizer) {}

std::string Pipeline::process(std::string_view line) const {
  std::string out;
  process(line, out);
  return out;
}

void Pipeline::process(std::string_view line, std::string& out) const {
  thread_local std::string a, b;
  std::string_view text = line;
  if (options_.lowercase == Lowercase::kFirst) {
    lowercase(text, a);
    text = a;
  }
  if (options_.normalize) {
    normalizer_.normalize(text, b);
    a.swap(b);
    text = a;
  }
  if (options_.remove_non_printing) {
    remove_non_printing(text, b);
    a.swap(b);
    text = a;
  }
  if (options_.lowercase != Lowercase::kLast) {
    tokenizer_.tokenize(text, out);
    return;
  }
  tokenizer_.tokenize(text, b);
  lowercase(b, out);
}

}  // namespace ventris::text::moses
